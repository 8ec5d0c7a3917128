import vine from '@vinejs/vine'
import { MAX_GROUP_TERMS, MAX_SYNONYM_GROUPS, MAX_TERM_LENGTH } from '#services/knowledge'

const SORTS = ['relevance', 'updated', 'views', 'helpful', 'question', 'position'] as const
const STATUSES = ['published', 'draft', 'all'] as const

/** A category is named by its slug, in forms and in the API alike. */
const categorySlug = () =>
  vine
    .string()
    .trim()
    .toLowerCase()
    .exists(async (db, value) =>
      Boolean(await db.from('faq_categories').where('slug', value).first())
    )

const fields = {
  question: vine.string().trim().minLength(5).maxLength(250),
  answer: vine.string().trim().minLength(10).maxLength(20_000),
  category: categorySlug(),
  published: vine.boolean().optional(),
  position: vine.number().withoutDecimals().min(0).max(100_000).optional(),
}

export const createFaqValidator = vine.create(fields)

/** Updates may change any subset of the fields (the API's PUT is a partial update). */
export const updateFaqValidator = vine.create({
  question: fields.question.optional(),
  answer: fields.answer.optional(),
  category: categorySlug().optional(),
  published: fields.published,
  position: fields.position,
})

/**
 * List and search filters. The query text is not length-checked: anything typed is
 * searched (cut to 200 characters) and finds results or none, never an error.
 */
export const faqFiltersValidator = vine.create({
  q: vine.string().optional(),
  search: vine.string().optional(),
  category: vine.string().trim().toLowerCase().maxLength(60).optional(),
  status: vine.enum(STATUSES).optional(),
  sort: vine.enum(SORTS).optional(),
  page: vine.number().withoutDecimals().min(1).max(10_000).optional(),
  limit: vine.number().withoutDecimals().min(1).max(100).optional(),
})

/** Free text for suggestions (a ticket being written) and how many to return. */
export const suggestionsValidator = vine.create({
  q: vine.string().optional(),
  /** The ticket form sends its description field as is. */
  description: vine.string().optional(),
  limit: vine.number().withoutDecimals().min(1).max(10).optional(),
})

export const voteValidator = vine.create({
  helpful: vine.boolean(),
})

const categoryFields = {
  name: vine.string().trim().minLength(2).maxLength(60),
  slug: vine
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)
    .maxLength(60)
    .optional(),
  description: vine.string().trim().maxLength(300).nullable().optional(),
  position: vine.number().withoutDecimals().min(0).max(1000).optional(),
}

export const categoryValidator = vine.create(categoryFields)

/** Report periods, in days. */
export const REPORT_PERIODS = [7, 30, 90] as const

export const knowledgeReportValidator = vine.create({
  days: vine
    .number()
    .in([...REPORT_PERIODS])
    .optional(),
})

/** The synonym page's text: one group a line, its words or phrases separated by commas. */
export function synonymLines(text: string): string[][] {
  return text
    .split(/\r?\n/)
    .map((line) =>
      line
        .split(',')
        .map((term) => term.trim())
        .filter(Boolean)
    )
    .filter((terms) => terms.length)
}

/** Every line that breaks a rule, named by its number, so all can be fixed at once. */
const synonymList = vine.createRule((value, _options, field) => {
  if (typeof value !== 'string') return
  const lines = value.split(/\r?\n/)
  const groups = synonymLines(value)
  if (groups.length > MAX_SYNONYM_GROUPS) {
    field.report(`Keep at most ${MAX_SYNONYM_GROUPS} lines`, 'synonymList', field)
  }
  lines.forEach((line, index) => {
    const terms = line
      .split(',')
      .map((term) => term.trim())
      .filter(Boolean)
    const where = `Line ${index + 1} (“${line.trim().slice(0, 40)}”)`
    if (terms.length === 1) {
      field.report(
        `${where} needs at least two words or phrases, separated by commas`,
        'synonymList',
        field
      )
    } else if (terms.length > MAX_GROUP_TERMS) {
      field.report(
        `${where} has more than ${MAX_GROUP_TERMS} words or phrases`,
        'synonymList',
        field
      )
    } else if (terms.some((term) => term.length > MAX_TERM_LENGTH)) {
      field.report(
        `${where} has a phrase longer than ${MAX_TERM_LENGTH} characters`,
        'synonymList',
        field
      )
    } else if (terms.some((term) => !/[\p{L}\p{N}]/u.test(term))) {
      field.report(`${where} has an entry without letters or digits`, 'synonymList', field)
    }
  })
})

export const synonymsValidator = vine.create({
  synonyms: vine.string().maxLength(100_000).use(synonymList()).optional(),
})
