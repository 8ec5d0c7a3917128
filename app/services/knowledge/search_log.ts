import { withoutDurableCommit } from '#services/platform/fast_commit'

/** A visitor's searches this close together, each extending the last, are one search. */
const TYPING_WINDOW_SECONDS = 60

/**
 * Logs a help-center search for the content-gap report. Search runs as the visitor types,
 * so "pa", "pass", "password" within a minute are one search: the visitor's latest row is
 * updated while each query extends (or trims) the previous one, and only what they ended
 * with, and its result count, is kept.
 */
export async function logSearch(entry: {
  query: string
  resultCount: number
  categoryId: number | null
  visitorId: string | null
}) {
  // Like view counts, the log may lose its last moments in a database crash: no
  // searcher waits for the write-ahead log to reach the disk.
  await withoutDurableCommit((trx) =>
    trx.rawQuery(
      `WITH latest AS (
       SELECT id, query FROM faq_searches
        WHERE visitor_id = :visitor AND updated_at > now() - make_interval(secs => :window)
        ORDER BY updated_at DESC
        LIMIT 1
     ), continued AS (
       UPDATE faq_searches s
          SET query = :query, result_count = :count, category_id = :category, updated_at = now()
         FROM latest
        WHERE s.id = latest.id
          AND (starts_with(lower(:query), lower(latest.query)) OR starts_with(lower(latest.query), lower(:query)))
       RETURNING s.id
     )
     INSERT INTO faq_searches (query, result_count, category_id, visitor_id, created_at, updated_at)
     SELECT :query, :count, :category, :visitor, now(), now()
      WHERE NOT EXISTS (SELECT 1 FROM continued)`,
      {
        query: entry.query,
        count: entry.resultCount,
        category: entry.categoryId,
        visitor: entry.visitorId,
        window: TYPING_WINDOW_SECONDS,
        // The transaction client's binding type leaves out null, which PostgreSQL accepts.
      } as Record<string, any>
    )
  )
}
