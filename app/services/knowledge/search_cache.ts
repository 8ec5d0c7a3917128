import db from '@adonisjs/lucid/services/db'
import { readingPrimary } from '#services/platform'

/** NOTIFY channel that tells every process to drop its cached public search results. */
export const PG_KNOWLEDGE_CHANNEL = 'app_knowledge'

/**
 * When a public result is refreshed anyway. Edits show at once (NOTIFY clears every process,
 * and a listener that reconnects clears too, since it may have missed one); this only bounds
 * the age of view-count ordering and a notification lost some other way.
 */
const TTL_MS = 10 * 60_000
const MAX_ENTRIES = 2000

interface Entry {
  expires: number
  value: Promise<unknown>
  refreshing: boolean
}

const entries = new Map<string, Entry>()

/**
 * Public searches repeat (customers type the same few questions) and ranking thousands of
 * matching articles costs tens of milliseconds at 100,000 articles, so the help center's
 * results, suggestions and related articles are kept, per process, and dropped in every
 * process as soon as any article or category changes.
 *
 * After ten minutes an entry is stale: it is still served while one background computation
 * replaces it, so a popular query never makes its visitors wait for the refresh (waiting
 * cost the benchmark's suggestions a p95 of 435 ms). Concurrent first requests for a key
 * share one computation.
 *
 * Kept results are computed on the primary: one read on a replica that had not replayed
 * the change yet would be kept for ten minutes (docs/scaling.md#read-replica).
 */
export function cachedPublic<T>(key: string, compute: () => Promise<T>): Promise<T> {
  const now = Date.now()
  const hit = entries.get(key)
  if (hit) {
    if (hit.expires <= now && !hit.refreshing) refresh(key, hit, compute)
    return hit.value as Promise<T>
  }
  const value = readingPrimary(compute)
  // A failed first computation is not kept.
  value.catch(() => entries.delete(key))
  if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!)
  entries.set(key, { expires: now + TTL_MS, value, refreshing: false })
  return value
}

function refresh(key: string, entry: Entry, compute: () => Promise<unknown>) {
  entry.refreshing = true
  readingPrimary(compute).then(
    (fresh) => {
      // Only if the entry was not dropped (a content change) meanwhile.
      if (entries.get(key) !== entry) return
      entries.set(key, {
        expires: Date.now() + TTL_MS,
        value: Promise.resolve(fresh),
        refreshing: false,
      })
    },
    // The stale result stays; the next request tries again.
    () => {
      entry.refreshing = false
    }
  )
}

export function forgetPublicResults() {
  entries.clear()
}

/** After a change to articles or categories: drop cached results here and everywhere. */
export async function knowledgeChanged() {
  forgetPublicResults()
  await db.rawQuery('SELECT pg_notify(?, ?)', [PG_KNOWLEDGE_CHANNEL, 'changed'])
}
