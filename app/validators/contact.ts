import vine from '@vinejs/vine'
import { DomainError } from '#exceptions/domain_error'
import { COLUMN_TARGETS, MAX_CONTACTS_PER_REQUEST, type ContactInput } from '#services/contacts'

/** A contact in the API's words (snake_case) → the domain's input; the domain checks values. */
export function contactInput(body: unknown): ContactInput {
  const item = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>
  const input: Record<string, unknown> = {}
  for (const [from, to] of [
    ['email', 'email'],
    ['phone', 'phone'],
    ['first_name', 'firstName'],
    ['last_name', 'lastName'],
    ['time_zone', 'timeZone'],
    ['fields', 'fields'],
    ['consent', 'consent'],
  ]) {
    if (item[from] !== undefined) input[to] = item[from]
  }
  return input as ContactInput
}

/**
 * `POST /api/contacts`: one contact, or `{ "contacts": [...] }` (at most 10,000). Returns
 * the list and whether it was a bulk request.
 */
export function contactsBody(body: unknown) {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidField('body', 'object', 'must be a contact or { "contacts": [...] }')
  }
  if (!('contacts' in body)) return { bulk: false, inputs: [contactInput(body)] }
  const list = (body as { contacts: unknown }).contacts
  if (!Array.isArray(list) || list.length === 0) {
    throw invalidField('contacts', 'array', 'must be a non-empty list of contacts')
  }
  if (list.length > MAX_CONTACTS_PER_REQUEST) {
    throw invalidField(
      'contacts',
      'maxLength',
      `must hold at most ${MAX_CONTACTS_PER_REQUEST} contacts`
    )
  }
  return {
    bulk: true,
    inputs: list.map((item) =>
      typeof item === 'object' && item !== null && !Array.isArray(item)
        ? contactInput(item)
        : // Not an object: the domain reports it as missing its address.
          {}
    ),
  }
}

function invalidField(field: string, rule: string, message: string) {
  return new DomainError('The request has invalid fields.', 'validation_failed', 422, {
    fields: [{ field, rule, message }],
  })
}

export const contactSearchValidator = vine.create({
  q: vine.string().trim().maxLength(200).optional(),
  page: vine.number().withoutDecimals().min(1).max(100_000).optional(),
})

const target = () =>
  vine
    .string()
    .regex(
      new RegExp(
        `^(${COLUMN_TARGETS.join('|').replace(/\./g, '\\.')}|fields\\.[a-z][a-z0-9_]{0,62})$`,
        'i'
      )
    )

/** `POST /api/contacts/import` and the import page: the CSV text, the mapping, dry run. */
export const contactImportValidator = vine.create({
  csv: vine.string().minLength(1),
  mapping: vine.record(target()).optional(),
  dry_run: vine.boolean().optional(),
  consent_source: vine.string().trim().maxLength(200).optional(),
})

export const audienceValidator = vine.create({
  name: vine.string().trim().minLength(1).maxLength(120),
  description: vine.string().trim().maxLength(500).optional(),
  rule: vine.any(),
})
