import db from '@adonisjs/lucid/services/db'

/** NOTIFY channel that tells every process to drop its cached public search results. */
export const PG_KNOWLEDGE_CHANNEL = 'app_knowledge'

/** How long a public result may be reused: an edit shows at once; this bounds a lost NOTIFY. */
const TTL_MS = 60_000
const MAX_ENTRIES = 2000

const entries = new Map<string, { expires: number; value: Promise<unknown> }>()

/**
 * Public searches repeat (customers type the same few questions) and ranking thousands of
 * matching articles costs tens of milliseconds at 100,000 articles, so the help center's
 * results, suggestions and related articles are kept for a minute, per process, and
 * dropped in every process as soon as any article or category changes.
 */
export function cachedPublic<T>(key: string, compute: () => Promise<T>): Promise<T> {
  const now = Date.now()
  const hit = entries.get(key)
  if (hit && hit.expires > now) return hit.value as Promise<T>
  const value = compute()
  // A failed computation is not kept.
  value.catch(() => entries.delete(key))
  if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!)
  entries.set(key, { expires: now + TTL_MS, value })
  return value
}

export function forgetPublicResults() {
  entries.clear()
}

/** After a change to articles or categories: drop cached results here and everywhere. */
export async function knowledgeChanged() {
  forgetPublicResults()
  await db.rawQuery('SELECT pg_notify(?, ?)', [PG_KNOWLEDGE_CHANNEL, 'changed'])
}
