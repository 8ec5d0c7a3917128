import db from '@adonisjs/lucid/services/db'
import string from '@adonisjs/core/helpers/string'
import FaqCategory from '#models/faq_category'
import { DomainError } from '#exceptions/domain_error'
import { announce, LIVE_CHANNELS } from '#services/live'
import { knowledgeChanged } from '#services/knowledge/search_cache'

export interface CategoryInput {
  name: string
  slug?: string
  description?: string | null
  position?: number
}

export interface CategoryWithCounts {
  id: number
  name: string
  slug: string
  description: string | null
  position: number
  published: number
  drafts: number
}

/** Categories in display order, with how many published and draft articles each holds. */
export async function categoriesWithCounts(): Promise<CategoryWithCounts[]> {
  const { rows } = await db.rawQuery(`
    SELECT c.id, c.name, c.slug, c.description, c.position,
           count(f.id) FILTER (WHERE f.published)::int AS published,
           count(f.id) FILTER (WHERE NOT f.published)::int AS drafts
      FROM faq_categories c LEFT JOIN faqs f ON f.category_id = c.id
     GROUP BY c.id
     ORDER BY c.position, c.name`)
  return rows
}

export async function findCategoryBySlug(slug: string) {
  return FaqCategory.findBy('slug', slug)
}

export async function findCategoryOrFail(id: unknown) {
  const category = Number.isSafeInteger(Number(id)) ? await FaqCategory.find(Number(id)) : null
  if (!category) throw new DomainError('That category does not exist.', 'not_found', 404)
  return category
}

export async function saveCategory(input: CategoryInput, category = new FaqCategory()) {
  const slug = input.slug || string.slug(input.name, { lower: true, strict: true })
  const taken = await FaqCategory.query()
    .where('slug', slug)
    .if(category.$isPersisted, (query) => query.whereNot('id', category.id))
    .first()
  if (taken) {
    throw new DomainError(`The address “${slug}” is already used by “${taken.name}”.`)
  }
  category.merge({
    name: input.name,
    slug,
    description: input.description ?? null,
    position: input.position ?? category.position ?? (await nextPosition()),
  })
  await category.save()
  await knowledgeChanged()
  await announce(LIVE_CHANNELS.knowledge, 'category_saved')
  return category
}

/** Only an empty category can go: articles are never deleted as a side effect. */
export async function deleteCategory(category: FaqCategory) {
  const { rows } = await db.rawQuery('SELECT count(*)::int AS n FROM faqs WHERE category_id = ?', [
    category.id,
  ])
  if (rows[0].n > 0) {
    throw new DomainError(
      `“${category.name}” still holds ${rows[0].n} article${rows[0].n === 1 ? '' : 's'}; move or delete them first.`
    )
  }
  await category.delete()
  await knowledgeChanged()
  await announce(LIVE_CHANNELS.knowledge, 'category_deleted')
}

async function nextPosition() {
  const row = await db.from('faq_categories').max('position as max').first()
  return (row?.max ?? 0) + 1
}
