import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { withoutDurableCommit } from '#services/platform/fast_commit'
import Faq from '#models/faq'
import FaqCategory from '#models/faq_category'
import { DomainError } from '#exceptions/domain_error'
import { renderAnswer } from '#services/knowledge/markdown'
import { withoutControlCharacters } from '#services/knowledge/highlight'
import { storeRelated } from '#services/knowledge/faq_search'
import { announce } from '#services/live/live_updates'
import { knowledgeChanged } from '#services/knowledge/search_cache'
import { LIVE_CHANNELS } from '#services/live/channels'

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

/**
 * Counts a read of the public article page. A view count does not need to survive a crash
 * of the database server the instant it is made, so the reader does not wait for the
 * write-ahead log to reach the disk.
 */
export async function countView(faqId: number) {
  await withoutDurableCommit((trx) => trx.from('faqs').where('id', faqId).increment('views', 1))
}

async function applyInput(faq: Faq, input: FaqInput, editor: EditorId) {
  if (input.question !== undefined) faq.question = withoutControlCharacters(input.question)
  if (input.answer !== undefined) {
    faq.answer = withoutControlCharacters(input.answer)
    const rendered = renderAnswer(faq.answer)
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
    await db.from('faqs').whereIn('id', faq.relatedIds).update({ related_ids: null })
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
