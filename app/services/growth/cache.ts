import db from '@adonisjs/lucid/services/db'
import transmit from '@adonisjs/transmit/services/main'
import { LIVE_CHANNELS } from '#services/live'

/** NOTIFY channel of "new referral data": every web process refreshes, then tells its pages. */
export const PG_GROWTH_CHANNEL = 'app_growth'

/** A section nobody asked for in this long is dropped instead of refreshed. */
const IDLE_MS = 60_000
/** Bounds what lost notifications can cost: older sections are recomputed on request. */
const MAX_AGE_MS = 5 * 60_000
const MAX_ENTRIES = 1000
/** Tracking writes come in bursts: one refresh per second at most, the last write included. */
const NOTIFY_EVERY_MS = 1000

interface Entry {
  value: Promise<unknown>
  compute: () => Promise<unknown>
  computedAt: number
  usedAt: number
}

const entries = new Map<string, Entry>()

/**
 * Dashboard sections are the same for every admin looking at the same period and loop,
 * and change only when referral data arrives. Each is computed once per process
 * (concurrent requests share the computation) and then served from memory; new data
 * recomputes the sections in use in the background and swaps them in (see
 * refreshGrowthSections), so a viewer never waits for a recomputation of a section that
 * is already shown.
 */
export function cachedSection<T>(key: string, compute: () => Promise<T>): Promise<T> {
  const now = Date.now()
  const hit = entries.get(key)
  if (hit && now - hit.usedAt < IDLE_MS && now - hit.computedAt < MAX_AGE_MS) {
    hit.usedAt = now
    return hit.value as Promise<T>
  }
  const entry: Entry = { value: compute(), compute, computedAt: now, usedAt: now }
  entry.value.catch(() => entries.get(key) === entry && entries.delete(key))
  if (!hit && entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!)
  entries.set(key, entry)
  return entry.value as Promise<T>
}

export function forgetGrowthSections() {
  entries.clear()
}

let refreshing: Promise<void> | null = null
let again = false

/**
 * New data: recomputes every section shown in the last minute and swaps each in when it
 * is ready (a failure keeps the previous one). Calls during a refresh run one more after it.
 */
export function refreshGrowthSections(): Promise<void> {
  if (refreshing) {
    again = true
    return refreshing
  }
  refreshing = (async () => {
    do {
      again = false
      const now = Date.now()
      const jobs: Promise<unknown>[] = []
      for (const [key, entry] of entries) {
        if (now - entry.usedAt >= IDLE_MS) {
          entries.delete(key)
          continue
        }
        const next = entry.compute()
        jobs.push(
          next.then(() => {
            if (entries.get(key) !== entry) return
            entry.value = next
            entry.computedAt = now
          })
        )
      }
      await Promise.allSettled(jobs)
    } while (again)
  })().finally(() => (refreshing = null))
  return refreshing
}

/**
 * The PG_GROWTH_CHANNEL handler of each web process: refresh, then tell this process's
 * open dashboards, which re-fetch their sections and get the new ones at once.
 */
export async function growthNotified() {
  await refreshGrowthSections()
  transmit.broadcast(LIVE_CHANNELS.growth, { reason: 'referrals' })
}

let pending: NodeJS.Timeout | null = null

/**
 * After a tracking write (any process): within a second, trailing edge so the last write
 * of a burst is included, every web process is told through PostgreSQL NOTIFY.
 */
export function growthChanged() {
  if (pending) return
  pending = setTimeout(() => {
    pending = null
    db.rawQuery('SELECT pg_notify(?, ?)', [PG_GROWTH_CHANNEL, 'changed']).catch(() => {})
  }, NOTIFY_EVERY_MS)
  pending.unref()
}
