import { faqsByIds, searchFaqs } from '#services/knowledge'

/**
 * Knowledge-base answers an agent can insert into a reply: published articles matching
 * the words typed, with the answer as written (Markdown reads fine as plain text) and
 * the article's public address.
 */
export async function answersToInsert(q: string, limit = 6) {
  if (!q.trim()) return []
  const { hits } = await searchFaqs({ q, status: 'published', limit })
  const faqs = await faqsByIds(hits.map((hit) => hit.id))
  const byId = new Map(faqs.map((faq) => [faq.id, faq]))
  return hits
    .filter((hit) => byId.has(hit.id))
    .map((hit) => ({ id: hit.id, question: hit.question, answer: byId.get(hit.id)!.answer }))
}
