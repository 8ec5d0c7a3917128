import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import {
  renderMarkdown,
  withoutControlCharacters,
  withoutDurableCommit,
  WriteBehind,
} from '#services/platform'
import Faq from '#models/faq'
import FaqCategory from '#models/faq_category'
import { DomainError } from '#exceptions/domain_error'
import { storeRelated } from '#services/knowledge/faq_search'
import { announce, LIVE_CHANNELS } from '#services/live'
import { cachedPublic, knowledgeChanged } from '#services/knowledge/search_cache'

export interface FaqInput {
  question?: string
  answer?: string
  /** Category slug. */
  category?: string
  published?: boolean
  position?: number
}

/** Who edits: the signed-in person or the owner of the API token (null for the system). */
export type EditorId = number | null

export async function findFaqOrFail(id: unknown): Promise<Faq> {
  const faq = Number.isSafeInteger(Number(id)) ? await Faq.find(Number(id)) : null
  if (!faq) throw new DomainError('That article does not exist.', 'not_found', 404)
  await faq.load('category')
  return faq
}

/** These articles with their categories, in no particular order (missing ids are skipped). */
export function faqsByIds(ids: number[]) {
  return Faq.query().whereIn('id', ids).preload('category')
}

/**
 * An article as help-center readers get it, category loaded. Kept in the public result
 * cache, which every change to articles or categories clears in every process.
 */
export async function findArticleForReaders(id: unknown): Promise<Faq> {
  const faq = Number.isSafeInteger(Number(id))
    ? await cachedPublic(JSON.stringify(['article', Number(id)]), () =>
        Faq.query().where('id', Number(id)).preload('category').first()
      )
    : null
  if (!faq) throw new DomainError('That article does not exist.', 'not_found', 404)
  return faq
}

export async function createFaq(
  input: Required<Pick<FaqInput, 'question' | 'answer' | 'category'>> & FaqInput,
  editor: EditorId
) {
  const faq = new Faq()
  faq.createdBy = editor
  faq.position = input.position ?? (await nextPosition(input.category))
  await applyInput(faq, { published: false, ...input }, editor)
  return faq
}

export async function updateFaq(faq: Faq, input: FaqInput, editor: EditorId) {
  await applyInput(faq, input, editor)
  return faq
}

export async function setPublished(faq: Faq, published: boolean, editor: EditorId) {
  await applyInput(faq, { published }, editor)
  return faq
}

export async function deleteFaq(faq: Faq) {
  await faq.delete()
  await knowledgeChanged()
  await announce(LIVE_CHANNELS.knowledge, 'faq_deleted')
}

interface ViewCount {
  faqId: number
  views: number
}

/** Reads of article pages, added to `faqs.views` about once a second in one statement. */
const pendingViews = new WriteBehind<ViewCount>({
  key: (count) => count.faqId,
  merge: (pending, next) => ({ faqId: pending.faqId, views: pending.views + next.views }),
  write: (counts) =>
    withoutDurableCommit(async (trx) => {
      await trx.rawQuery(
        `UPDATE faqs SET views = faqs.views + counted.views
           FROM unnest(?::int[], ?::int[]) AS counted(id, views)
          WHERE faqs.id = counted.id`,
        [counts.map((count) => count.faqId), counts.map((count) => count.views)]
      )
    }),
  onError: (error, dropped) =>
    logger.warn(`article views not saved yet (${(error as Error).message}); ${dropped} dropped`),
})

/**
 * Counts a read of the public article page. Readers wait for no write: views are counted in
 * memory and saved in batches (the last second of them is lost if the process crashes).
 */
export function countView(faqId: number) {
  pendingViews.add({ faqId, views: 1 })
}

async function applyInput(faq: Faq, input: FaqInput, editor: EditorId) {
  if (input.question !== undefined) faq.question = withoutControlCharacters(input.question)
  if (input.answer !== undefined) {
    faq.answer = withoutControlCharacters(input.answer)
    const rendered = renderMarkdown(faq.answer)
    faq.answerHtml = rendered.html
    faq.answerText = rendered.text
  }
  if (input.category !== undefined) {
    const category = await FaqCategory.findByOrFail('slug', input.category)
    faq.categoryId = category.id
  }
  if (input.position !== undefined) faq.position = input.position
  if (input.published !== undefined && input.published !== faq.published) {
    faq.published = input.published
    if (input.published) faq.publishedAt = DateTime.now()
  }
  faq.published ??= false
  faq.updatedBy = editor
  await faq.save()
  await faq.load('category')
  if (input.question !== undefined || input.answer !== undefined || input.category !== undefined) {
    await refreshRelated(faq)
  }
  await knowledgeChanged()
  await announce(LIVE_CHANNELS.knowledge, 'faq_saved')
}

/**
 * An article's related list, and those of the articles it lists: they are most likely to
 * gain it as related, so they work theirs out again when next read.
 */
async function refreshRelated(faq: Faq) {
  faq.relatedIds = await storeRelated(faq)
  if (faq.relatedIds.length) {
    await Faq.query().whereIn('id', faq.relatedIds).update({ relatedIds: null })
  }
}

/** New articles go to the end of their category. */
async function nextPosition(categorySlug: string) {
  const row = await db
    .from('faqs')
    .join('faq_categories', 'faq_categories.id', 'faqs.category_id')
    .where('faq_categories.slug', categorySlug)
    .max('faqs.position as max')
    .first()
  return (row?.max ?? 0) + 1
}
