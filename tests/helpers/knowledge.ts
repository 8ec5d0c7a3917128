import FaqCategory from '#models/faq_category'
import { createFaq, type FaqInput } from '#services/knowledge/faq_service'

/** The four default categories, as the seeder makes them. */
export async function defaultCategories() {
  return FaqCategory.createMany([
    { name: 'General', slug: 'general', position: 1 },
    { name: 'Account', slug: 'account', position: 2 },
    { name: 'Technical', slug: 'technical', position: 3 },
    { name: 'Billing', slug: 'billing', position: 4 },
  ])
}

/** A published article (unless said otherwise) through the service layer. */
export function article(question: string, answer: string, extra: FaqInput = {}) {
  return createFaq({ question, answer, category: 'general', published: true, ...extra }, null)
}
