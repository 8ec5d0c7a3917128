import logger from '@adonisjs/core/services/logger'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { withoutDurableCommit, WriteBehind } from '#services/platform'

/** A visitor's searches this close together, each extending the last, are one search. */
const TYPING_WINDOW_SECONDS = 60

export interface SearchLogEntry {
  query: string
  resultCount: number
  categoryId: number | null
  visitorId: string | null
}

/** Does one query extend (or trim) the other, as typing and erasing do? */
function continues(previous: string, next: string) {
  const [a, b] = [previous.toLowerCase(), next.toLowerCase()]
  return a.startsWith(b) || b.startsWith(a)
}

/**
 * Searches waiting to be logged. A visitor's keystrokes within one batch are already one
 * entry here; the write merges each entry with the visitor's row from earlier batches (or
 * other processes) in SQL. Anonymous searches are counted per query and day instead.
 */
const pendingSearches = new WriteBehind<SearchLogEntry>({
  key: (entry) => entry.visitorId,
  merge: (pending, next) => (continues(pending.query, next.query) ? next : null),
  write: (entries) =>
    withoutDurableCommit(async (trx) => {
      const anonymous = entries.filter((entry) => entry.visitorId === null)
      if (anonymous.length) await countAnonymous(trx, anonymous)
      // One statement per "round" so that each visitor appears at most once in it; almost
      // always a single round (several only when a visitor starts a new search mid-batch).
      for (const round of rounds(entries.filter((entry) => entry.visitorId !== null))) {
        await trx.rawQuery(
          `WITH input AS (
           SELECT * FROM unnest(:queries::text[], :resultCounts::int[], :categoryIds::int[], :visitorIds::text[])
                      AS i(query, result_count, category_id, visitor_id)
         ), latest AS (
           SELECT DISTINCT ON (s.visitor_id) s.id, s.query, s.visitor_id
             FROM faq_searches s
            WHERE s.visitor_id IN (SELECT visitor_id FROM input)
              AND s.updated_at > now() - make_interval(secs => :typingWindow)
            ORDER BY s.visitor_id, s.updated_at DESC, s.id DESC
         ), continued AS (
           UPDATE faq_searches s
              SET query = i.query, result_count = i.result_count, category_id = i.category_id,
                  updated_at = now()
             FROM latest, input i
            WHERE s.id = latest.id AND i.visitor_id = latest.visitor_id
              AND (starts_with(lower(i.query), lower(latest.query))
                   OR starts_with(lower(latest.query), lower(i.query)))
           RETURNING s.visitor_id
         )
         INSERT INTO faq_searches (query, result_count, category_id, visitor_id, created_at, updated_at)
         SELECT i.query, i.result_count, i.category_id, i.visitor_id, now(), now()
           FROM input i
          WHERE i.visitor_id NOT IN (SELECT visitor_id FROM continued)`,
          {
            queries: round.map((entry) => entry.query),
            resultCounts: round.map((entry) => entry.resultCount),
            categoryIds: round.map((entry) => entry.categoryId),
            visitorIds: round.map((entry) => entry.visitorId),
            typingWindow: TYPING_WINDOW_SECONDS,
            // The binding types leave out null in arrays, which PostgreSQL accepts.
          } as Record<string, any>
        )
      }
    }),
  onError: (error, dropped) =>
    logger.warn(
      `help-center searches not logged yet (${(error as Error).message}); ${dropped} dropped`
    ),
})

/** Trimmed, lower case, single spaces: "Reset  Password " and "reset password" are one query. */
function normaliseQuery(query: string) {
  return query.trim().toLowerCase().replace(/\s+/g, ' ')
}

/**
 * Searches without a visitor cookie (scripts, privacy tools) add no row each: one row per
 * normalised query, UTC day and outcome (results or none) counts them. The batch is summed
 * here first, since one statement may not update a row twice.
 */
async function countAnonymous(trx: TransactionClientContract, entries: SearchLogEntry[]) {
  const counted = new Map<string, SearchLogEntry & { searches: number }>()
  for (const entry of entries) {
    const query = normaliseQuery(entry.query)
    const key = `${entry.resultCount === 0}:${query}`
    const searches = (counted.get(key)?.searches ?? 0) + 1
    counted.set(key, { ...entry, query, searches })
  }
  const rows = [...counted.values()]
  await trx.rawQuery(
    `INSERT INTO faq_searches
       (query, result_count, category_id, visitor_id, searches, search_day, created_at, updated_at)
     SELECT i.query, i.result_count, i.category_id, NULL, i.searches,
            (now() AT TIME ZONE 'UTC')::date, now(), now()
       FROM unnest(:queries::text[], :resultCounts::int[], :categoryIds::int[], :searches::int[])
            AS i(query, result_count, category_id, searches)
     ON CONFLICT (search_day, query, (result_count = 0)) WHERE visitor_id IS NULL
     DO UPDATE SET searches = faq_searches.searches + excluded.searches,
                   result_count = excluded.result_count, category_id = excluded.category_id,
                   updated_at = excluded.updated_at`,
    {
      queries: rows.map((row) => row.query),
      resultCounts: rows.map((row) => row.resultCount),
      categoryIds: rows.map((row) => row.categoryId),
      searches: rows.map((row) => row.searches),
    } as Record<string, any>
  )
}

/** Splits a visitors' batch, in order, so that no visitor appears twice in one part. */
function rounds(entries: SearchLogEntry[]) {
  const result: SearchLogEntry[][] = []
  const seen = new Map<string, number>()
  for (const entry of entries) {
    const index = (seen.get(entry.visitorId!) ?? -1) + 1
    seen.set(entry.visitorId!, index)
    ;(result[index] ??= []).push(entry)
  }
  return result
}

/**
 * Logs a help-center search for the content-gap report. Search runs as the visitor types,
 * so "pa", "pass", "password" within a minute are one search: the visitor's latest row is
 * updated while each query extends (or trims) the previous one, and only what they ended
 * with, and its result count, is kept. Searches without a visitor are counted per query
 * and day. Like view counts, the log is written behind the request (about once a
 * second), so no searcher waits for it.
 */
export function logSearch(entry: SearchLogEntry) {
  pendingSearches.add(entry)
}
