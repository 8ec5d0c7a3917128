import db from '@adonisjs/lucid/services/db'
import Faq from '#models/faq'
import { DomainError } from '#exceptions/domain_error'

/**
 * "This answered my question" beside the ticket form: a question the knowledge base
 * answered, so no ticket was written. Counted in the support reports.
 */
export async function recordDeflection(faqId: number, query: string, visitorId: string | null) {
  const faq = await Faq.find(faqId)
  if (!faq || !faq.published)
    throw new DomainError('That article does not exist.', 'not_found', 404)
  await db.table('ticket_deflections').insert({
    faq_id: faq.id,
    query: query.slice(0, 500),
    visitor_id: visitorId,
    created_at: new Date(),
  })
  return faq
}
