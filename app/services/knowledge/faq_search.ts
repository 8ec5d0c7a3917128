import db from '@adonisjs/lucid/services/db'
import Faq from '#models/faq'
import {
  escapeHtml,
  HEADLINE_ALL_OPTIONS,
  HEADLINE_OPTIONS,
  highlightedHtml,
  replicaOrPrimary,
} from '#services/platform'
import {
  normalizeSearchText,
  parseSearch,
  searchWords,
  suggestionQuery,
  synonymsIn,
  termGroups,
  type ParsedSearch,
  type TermGroup,
} from '#services/knowledge/search_query'
import { synonymIndex } from '#services/knowledge/synonyms'
import { cachedPublic } from '#services/knowledge/search_cache'
import { HELPFULNESS_SQL } from '#services/knowledge/helpfulness'

export type FaqSort = 'relevance' | 'updated' | 'views' | 'helpful' | 'question' | 'position'
export type FaqStatus = 'published' | 'draft' | 'all'

export interface FaqSearchOptions {
  q?: string | null
  categoryId?: number | null
  /** Public callers always get 'published'. */
  status?: FaqStatus
  sort?: FaqSort
  limit: number
  offset?: number
  /** Also count every match (management pages paginate; the help center does not). */
  withTotal?: boolean
}

export interface FaqHit {
  id: number
  question: string
  /** The question as safe HTML, matches in <mark>. */
  questionHtml: string
  /** A passage of the answer as safe HTML, matches in <mark>. */
  snippetHtml: string
  categoryId: number
  categoryName: string
  categorySlug: string
  published: boolean
  position: number
  views: number
  helpfulCount: number
  notHelpfulCount: number
  updatedAt: Date
}

export interface FaqSearchResult {
  hits: FaqHit[]
  /**
   * How the hits were found: a list, articles with every word (or a synonym of it), articles
   * with the most of the words (`partial`), or the typo-tolerant fallback.
   */
  mode: 'browse' | 'fulltext' | 'partial' | 'fuzzy'
  total: number | null
  /** The query as understood (normalized), or null when browsing. */
  query: string | null
}

/** Trigram word similarity a question needs to be offered for a misspelt query. */
const FUZZY_THRESHOLD = 0.5

/** How many related articles are kept per article. */
const RELATED_KEPT = 5

/** Characters of an answer's opening shown where no match is highlighted. */
const OPENING_LENGTH = 220

const ORDER_BY: Record<Exclude<FaqSort, 'relevance'>, string> = {
  updated: 'f.updated_at DESC, f.id DESC',
  views: 'f.views DESC, f.id',
  helpful: `${HELPFULNESS_SQL} DESC, f.helpful_count DESC, f.id`,
  question: 'f.question, f.id',
  position: 'c.position, c.name, f.position, f.id',
}

/** Columns every hit needs; `query` is the tsquery the snippet highlights (or none). */
function hitColumns(withQuery: boolean) {
  const headline = (column: string, options: string) =>
    withQuery ? `ts_headline('english', ${column}, q.query, '${options}')` : column
  return `f.id, f.question, f.category_id, c.name AS category_name, c.slug AS category_slug,
    f.published, f.position, f.views, f.helpful_count, f.not_helpful_count, f.updated_at,
    ${headline('f.question', HEADLINE_ALL_OPTIONS)} AS question_headline,
    ${withQuery ? `${headline('f.answer_text', HEADLINE_OPTIONS)} AS snippet` : `left(f.answer_text, ${OPENING_LENGTH}) AS opening`}`
}

/** A piece of SQL and its named bindings (the pieces of one query use distinct names). */
interface Fragment {
  sql: string
  bindings: Record<string, string | number>
}

function filtersFor(options: FaqSearchOptions): Fragment {
  const clauses: string[] = []
  const bindings: Fragment['bindings'] = {}
  const status = options.status ?? 'published'
  if (status !== 'all') clauses.push(status === 'published' ? 'f.published' : 'NOT f.published')
  if (options.categoryId) {
    clauses.push('f.category_id = :categoryId')
    bindings.categoryId = options.categoryId
  }
  return { sql: clauses.length ? clauses.join(' AND ') : 'TRUE', bindings }
}

/**
 * The tsqueries of a plain query's groups: each group matches its word (or the prefix being
 * typed) or any of its synonyms, a phrase matching when all its words are there.
 */
function groupQueries(groups: TermGroup[]): Fragment[] {
  return groups.map((group, i) => {
    const bindings: Fragment['bindings'] = {}
    const parts = group.alternatives.map((term, j) => {
      const name = `g${i}_${j}`
      if (group.prefix) {
        bindings[name] = `${term}:*`
        return `to_tsquery('english', :${name})`
      }
      bindings[name] = term
      return `plainto_tsquery('english', :${name})`
    })
    return { sql: `(${parts.join(' || ')})`, bindings }
  })
}

function combined(fragments: Fragment[], operator: '&&' | '||'): Fragment {
  return {
    sql: fragments.length ? fragments.map((f) => f.sql).join(` ${operator} `) : `''::tsquery`,
    bindings: Object.assign({}, ...fragments.map((f) => f.bindings)),
  }
}

/** The tsquery for a parsed search box query: the finished words, and the last as a prefix. */
function tsqueryFor(parsed: ParsedSearch): Fragment {
  const parts: string[] = []
  const bindings: Fragment['bindings'] = {}
  if (parsed.websearch) {
    parts.push(`websearch_to_tsquery('english', :websearch)`)
    bindings.websearch = parsed.websearch
  }
  if (parsed.prefix) {
    parts.push(`to_tsquery('english', :prefix)`)
    bindings.prefix = `${parsed.prefix}:*`
  }
  return { sql: parts.length ? parts.join(' && ') : `''::tsquery`, bindings }
}

/**
 * Search (or list) FAQs. With plain words: every article with any of them, or a synonym
 * of one (the admins' list), ranked: all the words first, then the most of them (a match
 * in the question counts twice), then the question most like what was typed (trigrams: a
 * misspelt word still counts), then ts_rank (question weighted above answer). With search
 * syntax (quotes, `or`, `-word`): the articles it matches, by ts_rank. When nothing
 * matches: the questions most similar to the query by trigrams, for typos. Without a
 * query: a list in the chosen order.
 */
export async function searchFaqs(options: FaqSearchOptions): Promise<FaqSearchResult> {
  const parsed = parseSearch(options.q)
  if (!parsed) return browse(options)
  const groups = parsed.plain ? groupQueries(termGroups(parsed, await synonymIndex())) : []
  // No group: the only word is a first letter, too short to search as a prefix.
  const found = groups.length
    ? await wordSearch(options, groups, parsed)
    : await fullTextSearch(options, tsqueryFor(parsed), parsed.text)
  if (found.hits.length || (options.offset ?? 0) > 0) return found
  return fuzzySearch(options, parsed)
}

/** The help center's search: published articles only, results shared for a minute. */
export function publicSearch(q: string, categoryId: number | null, limit: number) {
  const key = JSON.stringify(['search', normalizeSearchText(q), categoryId, limit])
  return cachedPublic(key, () => searchFaqs({ q, categoryId, limit }))
}

/**
 * Top published FAQs for free text (a ticket being written): any word may match; FAQs
 * sharing more, and rarer, words with the text rank first.
 */
export async function suggestFaqs(text: unknown, limit: number): Promise<FaqHit[]> {
  const query = suggestionQuery(text)
  if (!query) return []
  return cachedPublic(JSON.stringify(['suggest', query, limit]), async () => {
    // Synonyms join as words: any of them may match, as any word of the text may.
    const words = query.split(' or ')
    const synonyms = synonymsIn(words, await synonymIndex()).flatMap(searchWords)
    const result = await fullTextSearch(
      { status: 'published', limit },
      {
        sql: `websearch_to_tsquery('english', :websearch)`,
        bindings: { websearch: [...new Set([...words, ...synonyms])].join(' or ') },
      },
      query
    )
    return result.hits
  })
}

async function browse(options: FaqSearchOptions): Promise<FaqSearchResult> {
  const filters = filtersFor(options)
  const sort = options.sort && options.sort !== 'relevance' ? options.sort : 'position'
  const { rows } = await replicaOrPrimary().rawQuery(
    `SELECT ${hitColumns(false)}
       FROM faqs f JOIN faq_categories c ON c.id = f.category_id
      WHERE ${filters.sql}
      ORDER BY ${ORDER_BY[sort]}
      LIMIT :limit OFFSET :offset`,
    { ...filters.bindings, limit: options.limit, offset: options.offset ?? 0 }
  )
  const total = options.withTotal ? await countMatches(filters) : null
  return { hits: rows.map(toHit), mode: 'browse', total, query: null }
}

async function fullTextSearch(
  options: FaqSearchOptions,
  tsquery: Fragment,
  text: string
): Promise<FaqSearchResult> {
  const filters = filtersFor(options)
  const sort = options.sort && options.sort !== 'relevance' ? ORDER_BY[options.sort] : null
  // Rank and cut first; headlines (the costly part) are made for the returned page only.
  const { rows } = await replicaOrPrimary().rawQuery(
    `WITH q AS (SELECT ${tsquery.sql} AS query),
     page AS (
       SELECT f.id, ts_rank(f.search_vector, q.query) AS rank
         FROM faqs f JOIN faq_categories c ON c.id = f.category_id, q
        WHERE f.search_vector @@ q.query AND ${filters.sql}
        ORDER BY ${sort ?? 'rank DESC, f.views DESC, f.id'}
        LIMIT :limit OFFSET :offset)
     SELECT ${hitColumns(true)}
       FROM page JOIN faqs f ON f.id = page.id JOIN faq_categories c ON c.id = f.category_id, q
      ORDER BY ${sort ?? 'page.rank DESC, f.views DESC, f.id'}`,
    { ...tsquery.bindings, ...filters.bindings, limit: options.limit, offset: options.offset ?? 0 }
  )
  const total = options.withTotal
    ? await countMatches(filters, { ...tsquery, sql: `f.search_vector @@ (${tsquery.sql})` })
    : null
  return { hits: rows.map(toHit), mode: 'fulltext', total, query: text }
}

/** Plain words, ranked as searchFaqs says; `partial` when the best hit lacks some words. */
async function wordSearch(
  options: FaqSearchOptions,
  groups: Fragment[],
  parsed: ParsedSearch
): Promise<FaqSearchResult> {
  const filters = filtersFor(options)
  const any = combined(groups, '||')
  // A group of stop words only ("how") is an empty query, which no article matches.
  const everyWord = groups
    .map((group) => `(numnode(${group.sql}) = 0 OR f.search_vector @@ ${group.sql})`)
    .join(' AND ')
  const coverage = groups
    .map(
      (group) => `(f.search_vector @@ ${group.sql})::int + (question.vector @@ ${group.sql})::int`
    )
    .join(' + ')
  const { rows } = await replicaOrPrimary().rawQuery(
    `WITH q AS (SELECT ${any.sql} AS query),
     page AS (
       SELECT f.id, (${everyWord}) AS every_word, ${coverage} AS coverage,
              word_similarity(:fuzzy, f.question) AS similarity,
              ts_rank(f.search_vector, q.query) AS rank
         FROM faqs f JOIN faq_categories c ON c.id = f.category_id, q,
              LATERAL (SELECT to_tsvector('english', f.question) AS vector) question
        WHERE f.search_vector @@ q.query AND ${filters.sql}
        ORDER BY every_word DESC, coverage DESC, similarity DESC, rank DESC, f.views DESC, f.id
        LIMIT :limit OFFSET :offset)
     SELECT ${hitColumns(true)}, page.every_word
       FROM page JOIN faqs f ON f.id = page.id JOIN faq_categories c ON c.id = f.category_id, q
      ORDER BY page.every_word DESC, page.coverage DESC, page.similarity DESC, page.rank DESC,
               f.views DESC, f.id`,
    {
      ...any.bindings,
      ...filters.bindings,
      fuzzy: parsed.fuzzy,
      limit: options.limit,
      offset: options.offset ?? 0,
    }
  )
  const total = options.withTotal
    ? await countMatches(filters, { ...any, sql: `f.search_vector @@ (${any.sql})` })
    : null
  return {
    hits: rows.map(toHit),
    mode: rows.length && !rows[0].every_word ? 'partial' : 'fulltext',
    total,
    query: parsed.text,
  }
}

async function fuzzySearch(
  options: FaqSearchOptions,
  parsed: ParsedSearch
): Promise<FaqSearchResult> {
  const filters = filtersFor(options)
  // `<%` can use the trigram index only with its threshold setting, which is per
  // transaction here.
  const rows = await replicaOrPrimary().transaction(async (trx) => {
    await trx.rawQuery(`SELECT set_config('pg_trgm.word_similarity_threshold', ?, true)`, [
      String(FUZZY_THRESHOLD),
    ])
    const result = await trx.rawQuery(
      `SELECT ${hitColumns(false)}
         FROM faqs f JOIN faq_categories c ON c.id = f.category_id
        WHERE :fuzzy <% f.question AND ${filters.sql}
        ORDER BY word_similarity(:fuzzy, f.question) DESC, f.views DESC, f.id
        LIMIT :limit`,
      { ...filters.bindings, fuzzy: parsed.fuzzy, limit: options.limit }
    )
    return result.rows
  })
  return {
    hits: rows.map(toHit),
    mode: 'fuzzy',
    total: options.withTotal ? rows.length : null,
    query: parsed.text,
  }
}

async function countMatches(filters: Fragment, match: Fragment = { sql: 'TRUE', bindings: {} }) {
  const { rows } = await replicaOrPrimary().rawQuery(
    `SELECT count(*)::int AS n FROM faqs f WHERE ${match.sql} AND ${filters.sql}`,
    { ...match.bindings, ...filters.bindings }
  )
  return rows[0].n as number
}

function toHit(row: Record<string, any>): FaqHit {
  return {
    id: row.id,
    question: row.question,
    questionHtml: highlightedHtml(row.question_headline),
    snippetHtml:
      row.snippet === undefined ? escapeHtml(opening(row.opening)) : highlightedHtml(row.snippet),
    categoryId: row.category_id,
    categoryName: row.category_name,
    categorySlug: row.category_slug,
    published: row.published,
    position: row.position,
    views: row.views,
    helpfulCount: row.helpful_count,
    notHelpfulCount: row.not_helpful_count,
    updatedAt: row.updated_at,
  }
}

/**
 * Articles related to one, for its page. The list is worked out once (the ranking reads
 * every article sharing a word with the question, which takes a while in a large knowledge
 * base) and kept on the article: when it is saved, or when it is first read.
 */
export function relatedFaqs(
  faq: { id: number; question: string; categoryId: number; relatedIds: number[] | null },
  limit: number
): Promise<FaqHit[]> {
  return cachedPublic(JSON.stringify(['related', faq.id, limit]), async () => {
    const ids = faq.relatedIds ?? (await storeRelated(faq, limit))
    if (!ids.length) return []
    const { rows } = await replicaOrPrimary().rawQuery(
      `SELECT ${hitColumns(false)}
         FROM faqs f JOIN faq_categories c ON c.id = f.category_id
        WHERE f.id = ANY(?) AND f.published
        ORDER BY array_position(?::int[], f.id)`,
      [ids, ids] as any
    )
    return rows.map(toHit)
  })
}

/** Works out and keeps an article's related articles; returns their ids. */
export async function storeRelated(
  faq: { id: number; question: string; categoryId: number },
  limit = RELATED_KEPT
): Promise<number[]> {
  const related = await findRelated(faq, Math.max(limit, RELATED_KEPT))
  const ids = related.map((hit) => hit.id)
  await Faq.query().where('id', faq.id).update({ relatedIds: ids })
  return ids
}

async function findRelated(
  faq: { id: number; question: string; categoryId: number },
  limit: number
): Promise<FaqHit[]> {
  const { rows } = await db.rawQuery(
    `WITH q AS (SELECT replace(plainto_tsquery('english', :question)::text, '&', '|')::tsquery AS query),
     page AS (
       SELECT f.id,
              ts_rank(f.search_vector, q.query) * CASE WHEN f.category_id = :categoryId THEN 1.5 ELSE 1 END AS rank
         FROM faqs f, q
        WHERE f.search_vector @@ q.query AND f.published AND f.id <> :id
        ORDER BY rank DESC, f.views DESC, f.id
        LIMIT :limit)
     SELECT ${hitColumns(false)}
       FROM page JOIN faqs f ON f.id = page.id JOIN faq_categories c ON c.id = f.category_id
      ORDER BY page.rank DESC, f.views DESC, f.id`,
    { question: faq.question, categoryId: faq.categoryId, id: faq.id, limit }
  )
  const hits: FaqHit[] = rows.map(toHit)
  if (hits.length >= limit) return hits
  const more = await browse({ categoryId: faq.categoryId, limit: limit + hits.length + 1 })
  const seen = new Set([faq.id, ...hits.map((hit) => hit.id)])
  return [...hits, ...more.hits.filter((hit) => !seen.has(hit.id))].slice(0, limit)
}

/** An answer's opening, cut at a word and marked as cut when it goes on. */
function opening(text: string) {
  if (text.length < OPENING_LENGTH) return text
  const cut = text.slice(0, text.lastIndexOf(' ', OPENING_LENGTH - 1))
  return `${cut.replace(/[\s,.;:]+$/, '')} …`
}
