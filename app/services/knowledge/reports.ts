import { replicaOrPrimary } from '#services/platform'
import { HELPFULNESS_SQL, UNHELPFULNESS_SQL } from '#services/knowledge/helpfulness'

export interface ArticleRow {
  id: number
  question: string
  categoryName: string
  views: number
  helpfulCount: number
  notHelpfulCount: number
}

export interface ContentGap {
  query: string
  searches: number
  visitors: number
  lastSearchedAt: Date
}

export interface SearchSummary {
  searches: number
  withoutResults: number
}

export interface CategoryReportRow {
  name: string
  slug: string
  published: number
  drafts: number
  views: number
  helpfulCount: number
  notHelpfulCount: number
}

export interface KnowledgeReport {
  days: number
  mostViewed: ArticleRow[]
  mostHelpful: ArticleRow[]
  leastHelpful: ArticleRow[]
  gaps: ContentGap[]
  searches: SearchSummary
  categories: CategoryReportRow[]
}

const TOP = 10

async function articles(orderBy: string, where = 'TRUE'): Promise<ArticleRow[]> {
  const { rows } = await replicaOrPrimary().rawQuery(
    `SELECT f.id, f.question, c.name AS "categoryName", f.views,
            f.helpful_count AS "helpfulCount", f.not_helpful_count AS "notHelpfulCount"
       FROM faqs f JOIN faq_categories c ON c.id = f.category_id
      WHERE f.published AND ${where}
      ORDER BY ${orderBy}, f.id
      LIMIT ${TOP}`
  )
  return rows
}

/**
 * What agents need to improve the knowledge base: what is read, what helps and what does
 * not, and what customers searched for without finding anything (over the last `days`).
 */
export async function knowledgeReport(days: number): Promise<KnowledgeReport> {
  const since = `now() - make_interval(days => ${Math.trunc(days)})`
  const [mostViewed, mostHelpful, leastHelpful, gaps, searches, categories] = await Promise.all([
    articles('f.views DESC', 'f.views > 0'),
    articles(`${HELPFULNESS_SQL} DESC`, 'f.helpful_count > 0'),
    articles(`${UNHELPFULNESS_SQL} DESC`, 'f.not_helpful_count > 0'),
    replicaOrPrimary().rawQuery(
      // An anonymous search came without the visitor cookie: one visitor each.
      `SELECT min(query) AS query, sum(searches)::int AS searches,
              (count(DISTINCT visitor_id)
               + coalesce(sum(searches) FILTER (WHERE visitor_id IS NULL), 0))::int AS visitors, max(updated_at) AS "lastSearchedAt"
         FROM faq_searches
        WHERE result_count = 0 AND updated_at > ${since}
        GROUP BY lower(query)
        ORDER BY sum(searches) DESC, max(updated_at) DESC
        LIMIT 25`
    ),
    replicaOrPrimary().rawQuery(
      `SELECT coalesce(sum(searches), 0)::int AS searches,
              coalesce(sum(searches) FILTER (WHERE result_count = 0), 0)::int AS "withoutResults"
         FROM faq_searches WHERE updated_at > ${since}`
    ),
    replicaOrPrimary().rawQuery(
      `SELECT c.name, c.slug,
              count(f.id) FILTER (WHERE f.published)::int AS published,
              count(f.id) FILTER (WHERE NOT f.published)::int AS drafts,
              coalesce(sum(f.views), 0)::float8 AS views,
              coalesce(sum(f.helpful_count), 0)::int AS "helpfulCount",
              coalesce(sum(f.not_helpful_count), 0)::int AS "notHelpfulCount"
         FROM faq_categories c LEFT JOIN faqs f ON f.category_id = c.id
        GROUP BY c.id
        ORDER BY c.position, c.name`
    ),
  ])
  return {
    days,
    mostViewed,
    mostHelpful,
    leastHelpful,
    gaps: gaps.rows,
    searches: searches.rows[0],
    categories: categories.rows,
  }
}
