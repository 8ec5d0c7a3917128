import { BaseSeeder } from '@adonisjs/lucid/seeders'
import db from '@adonisjs/lucid/services/db'
import Faq from '#models/faq'
import FaqCategory from '#models/faq_category'
import { createFaq, listSynonyms, saveSynonyms, searchFaqs } from '#services/knowledge'
import { DEMO_FAQS, DEMO_FAQ_CATEGORIES } from '#database/demo_faqs'
import { DEMO_SYNONYMS } from '#database/demo_synonyms'

/** Searches demo visitors made: some find articles, some are content gaps. */
const DEMO_SEARCHES = [
  'reset password',
  'invoice',
  'gantt chart',
  'dark mode',
  'slack',
  'time tracking',
  'export csv',
  'dark mode',
  'change email',
  'gantt chart',
  'recurring tasks',
  'gantt chart',
]

/** A small deterministic generator, so every seeded database has the same demo numbers. */
function numbers(seed: number) {
  let state = seed
  return (max: number) => {
    state = (state * 1103515245 + 12345) % 2147483648
    return state % max
  }
}

/**
 * Demo knowledge base: the default categories (seed data, not an enum), 70 articles, a
 * synonym list, and some reading activity (views, votes and searches) so the reports have
 * something to show. Idempotent: categories and articles that exist (by slug and question)
 * are kept, and so is a synonym list that has entries.
 */
export default class KnowledgeSeeder extends BaseSeeder {
  static environment = ['development', 'test']

  async run() {
    const synonyms = await listSynonyms()
    if (!synonyms.length) await saveSynonyms(DEMO_SYNONYMS)
    for (const category of DEMO_FAQ_CATEGORIES) {
      await FaqCategory.firstOrCreate({ slug: category.slug }, category)
    }
    const stored = await Faq.query().select('question')
    const existing = new Set(stored.map((faq) => faq.question))
    const random = numbers(42)
    for (const demo of DEMO_FAQS) {
      if (existing.has(demo.question)) continue
      const faq = await createFaq(demo, null)
      if (!faq.published) continue
      const views = 20 + random(900)
      const votes = Math.round(views * (0.02 + random(8) / 100))
      const helpful = Math.round(votes * (0.45 + random(50) / 100))
      await db
        .from('faqs')
        .where('id', faq.id)
        .update({
          views,
          helpful_count: helpful,
          not_helpful_count: votes - helpful,
        })
      const rows = Array.from({ length: votes }, (_, index) => ({
        faq_id: faq.id,
        visitor_id: `demo-visitor-${index}`,
        helpful: index < helpful,
        created_at: new Date(),
        updated_at: new Date(),
      }))
      if (rows.length) await db.table('faq_votes').multiInsert(rows)
    }
    if (!existing.size) await this.searches()
  }

  private async searches() {
    for (const [index, query] of DEMO_SEARCHES.entries()) {
      const { hits } = await searchFaqs({ q: query, limit: 10 })
      await db.table('faq_searches').insert({
        query,
        result_count: hits.length,
        visitor_id: `demo-visitor-${index}`,
        created_at: new Date(),
        updated_at: new Date(),
      })
    }
  }
}
