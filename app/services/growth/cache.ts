import db from '@adonisjs/lucid/services/db'
import { announce } from '#services/live/live_updates'
import { LIVE_CHANNELS } from '#services/live/channels'

/** NOTIFY channel that tells every process to drop its cached dashboard sections. */
export const PG_GROWTH_CHANNEL = 'app_growth'

/** Bounds what a lost notification can cost; new referral data drops entries at once. */
const TTL_MS = 60_000
const MAX_ENTRIES = 1000
/** Tracking writes come in bursts: one refresh per second at most, the last write included. */
const ANNOUNCE_EVERY_MS = 1000

const entries = new Map<string, { expires: number; value: Promise<unknown> }>()

/**
 * Dashboard sections are the same for every admin looking at the same period and loop, and
 * change only when referral data arrives. Each is computed once (concurrent requests share
 * the computation) and kept until the data changes, in this process.
 */
export function cachedSection<T>(key: string, compute: () => Promise<T>): Promise<T> {
  const now = Date.now()
  const hit = entries.get(key)
  if (hit && hit.expires > now) return hit.value as Promise<T>
  const value = compute()
  value.catch(() => entries.delete(key))
  if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!)
  entries.set(key, { expires: now + TTL_MS, value })
  return value
}

export function forgetGrowthSections() {
  entries.clear()
}

let pending: NodeJS.Timeout | null = null

/**
 * After a tracking write: within a second (trailing edge, so the last write of a burst is
 * always included), forget the cached sections here, tell every other process to forget
 * theirs, and tell open dashboards to refresh. Viewers see new data at most a second late,
 * and a steady stream of writes costs one recomputation per second, not one per write.
 */
export function growthChanged() {
  if (pending) return
  pending = setTimeout(() => {
    pending = null
    forgetGrowthSections()
    Promise.all([
      db.rawQuery('SELECT pg_notify(?, ?)', [PG_GROWTH_CHANNEL, 'changed']),
      announce(LIVE_CHANNELS.growth, 'referrals'),
    ]).catch(() => {})
  }, ANNOUNCE_EVERY_MS)
  pending.unref()
}
