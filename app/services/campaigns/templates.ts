/**
 * Message templates: `{first_name}` or `{first_name|there}` (a fallback for an empty
 * value). Placeholders name a contact attribute or one of its custom fields
 * (`{fields.city}`); anything else is refused when the campaign is saved, so a typo never
 * reaches a recipient as "{frist_name}". Pure.
 */

export const PLACEHOLDERS = ['first_name', 'last_name', 'email', 'phone'] as const

const PLACEHOLDER = /\{([a-zA-Z_][\w.]*)(?:\|([^{}]*))?\}/g

/** What templates may read of a contact. */
export interface TemplateContact {
  first_name?: string | null
  last_name?: string | null
  email?: string | null
  phone?: string | null
  fields?: Record<string, unknown>
}

const known = (name: string) =>
  (PLACEHOLDERS as readonly string[]).includes(name) || /^fields\.[\w]+$/.test(name)

/** The placeholders of a template that name nothing a contact has. */
export function unknownPlaceholders(template: string): string[] {
  const unknown = new Set<string>()
  for (const match of template.matchAll(PLACEHOLDER)) {
    if (!known(match[1])) unknown.add(match[1])
  }
  return [...unknown]
}

function valueOf(contact: TemplateContact, name: string): string {
  const value = name.startsWith('fields.')
    ? contact.fields?.[name.slice('fields.'.length)]
    : contact[name as (typeof PLACEHOLDERS)[number]]
  return value === undefined || value === null ? '' : String(value).trim()
}

/** The template with each placeholder replaced by the contact's value, else its fallback. */
export function renderTemplate(template: string, contact: TemplateContact): string {
  return template.replace(PLACEHOLDER, (whole, name: string, fallback?: string) => {
    if (!known(name)) return whole
    return valueOf(contact, name) || (fallback ?? '')
  })
}

const URL = /https?:\/\/[^\s<>()"']+[^\s<>()"'.,;:!?]/g

/** The links of a rendered text, in order (the click links `/c/{token}/{n}` point at these). */
export function linksIn(text: string): string[] {
  return text.match(URL) ?? []
}

/** Replaces the n-th link by what `shortLink(n)` says (the recipient's tracked link). */
export function replaceLinks(text: string, shortLink: (index: number) => string): string {
  let index = 0
  return text.replace(URL, () => shortLink(index++))
}
