import { faqsByIds } from '#services/knowledge'

/** What a saved reply's placeholders are filled with, for one ticket and one agent. */
export interface PlaceholderValues {
  customerName: string | null
  customerEmail: string
  ticketNumber: number
  ticketTitle: string
  agentName: string
  /** The public address of a published article. */
  articleUrl: (article: { id: number; question: string }) => string
}

/** The placeholders agents can write (docs/help-desk.md lists them). */
export const PLACEHOLDERS = [
  'customer_name',
  'customer_first_name',
  'ticket_number',
  'ticket_title',
  'agent_name',
  'article:<id>',
] as const

const PLACEHOLDER =
  /\{(customer_name|customer_first_name|ticket_number|ticket_title|agent_name|article:(\d{1,9}))\}/g

/**
 * A saved reply's body for one ticket: `{customer_name}` and the like become their values,
 * `{article:12}` a Markdown link to that published article. A placeholder that cannot be
 * filled (an unknown or unpublished article) stays as written, so the agent sees it.
 */
export async function fillPlaceholders(body: string, values: PlaceholderValues) {
  const articleIds = [...body.matchAll(PLACEHOLDER)].flatMap((match) =>
    match[2] ? [Number(match[2])] : []
  )
  const articles = articleIds.length ? await faqsByIds(articleIds) : []
  const published = new Map(
    articles.filter((faq) => faq.published).map((faq) => [faq.id, faq] as const)
  )
  const customer = values.customerName?.trim() || values.customerEmail
  return body.replace(PLACEHOLDER, (written, name: string, articleId?: string) => {
    if (articleId) {
      const faq = published.get(Number(articleId))
      if (!faq) return written
      const text = faq.question.replace(/([\\[\]])/g, '\\$1')
      return `[${text}](${values.articleUrl(faq)})`
    }
    switch (name) {
      case 'customer_name':
        return customer
      case 'customer_first_name':
        return customer.split(/\s+/)[0]
      case 'ticket_number':
        return `#${values.ticketNumber}`
      case 'ticket_title':
        return values.ticketTitle
      default:
        return values.agentName
    }
  })
}
