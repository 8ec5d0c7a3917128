import { faqsByIds, searchFaqs } from '#services/knowledge'

/** How much of an answer goes into a reply: whole paragraphs, the first one always. */
const EXCERPT_CHARS = 600

/**
 * Knowledge-base answers an agent can insert into a reply: published articles matching
 * the words typed, each with an excerpt of its Markdown answer (the reply renders it)
 * and the text of a Markdown link to the article.
 */
export async function answersToInsert(q: string, limit = 6) {
  if (!q.trim()) return []
  const { hits } = await searchFaqs({ q, status: 'published', limit })
  const faqs = await faqsByIds(hits.map((hit) => hit.id))
  const byId = new Map(faqs.map((faq) => [faq.id, faq]))
  return hits
    .filter((hit) => byId.has(hit.id))
    .map((hit) => ({
      id: hit.id,
      question: hit.question,
      excerpt: answerExcerpt(byId.get(hit.id)!.answer),
      linkText: hit.question.replace(/([\\[\]])/g, '\\$1'),
    }))
}

/** Leading paragraphs up to EXCERPT_CHARS, never cut inside one (its Markdown stays whole). */
function answerExcerpt(answer: string) {
  const [first, ...rest] = answer.trim().split(/\n\s*\n/)
  let excerpt = first
  for (const paragraph of rest) {
    if (excerpt.length + paragraph.length + 2 > EXCERPT_CHARS) return `${excerpt}\n\n…`
    excerpt += `\n\n${paragraph}`
  }
  return excerpt
}
