import { AsyncLocalStorage } from 'node:async_hooks'
import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import env from '#start/env'
import { REPLICA_CONNECTIONS } from '#config/database'

/**
 * Reads that may be a few seconds stale (dashboards, reports, exports, help-center pages,
 * search) go to a streaming replica; every write and every other read stays on the primary
 * (docs/scaling.md#read-replica). A replica is used only while its measured lag is within
 * REPLICA_MAX_LAG; until it is measured, and when none qualifies, the primary answers.
 */

/** Seconds a replica may trail the primary and still serve reads. */
export const replicaMaxLag = () => env.get('REPLICA_MAX_LAG') ?? 10

/** How often each replica's lag is measured. */
export const REPLICA_CHECK_INTERVAL_MS = 2000

export interface ReplicaState {
  connection: string
  /** Seconds behind the primary (0 when it has replayed all the primary had written); null: unreachable. */
  lagSeconds: number | null
  used: boolean
  checkedAt: Date | null
  error?: string
}

const states = new Map<string, ReplicaState>(
  Object.keys(REPLICA_CONNECTIONS).map((connection) => [
    connection,
    { connection, lagSeconds: null, used: false, checkedAt: null },
  ])
)
let turn = 0

/** Requests that must see their own writes read the primary (set by the web stack). */
const primaryOnly = new AsyncLocalStorage<true>()

export const hasReplicas = () => states.size > 0

/** Runs `work` with every replicaOrPrimary() inside it answering the primary. */
export function readingPrimary<T>(work: () => T): T {
  return primaryOnly.run(true, work)
}

/**
 * The client for a read that tolerates REPLICA_MAX_LAG of staleness: a fresh replica in
 * turn, else the primary (and always the primary inside readingPrimary).
 */
export function replicaOrPrimary(): QueryClientContract {
  if (primaryOnly.getStore()) return db.connection()
  const fresh = [...states.values()].filter((state) => state.used)
  if (fresh.length === 0) return db.connection()
  return db.connection(fresh[turn++ % fresh.length].connection)
}

export function replicaStates(): ReplicaState[] {
  return [...states.values()].map((state) => ({ ...state }))
}

/**
 * Measures every replica once: caught up when it has replayed the primary's WAL position
 * read just before; otherwise its lag is the time since the last transaction it replayed.
 */
export async function checkReplicas() {
  if (states.size === 0) return
  const { rows } = await db.connection().rawQuery('SELECT pg_current_wal_lsn()::text AS lsn')
  const primaryLsn: string = rows[0].lsn
  const maxLag = replicaMaxLag()
  await Promise.all(
    [...states.values()].map(async (state) => {
      try {
        const { rows: lag } = await db.connection(state.connection).rawQuery(
          `SELECT CASE WHEN pg_last_wal_replay_lsn() >= ?::pg_lsn THEN 0
                       ELSE extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp())::float8
                   END AS lag`,
          [primaryLsn]
        )
        state.lagSeconds = lag[0].lag === null ? null : Math.max(0, Number(lag[0].lag))
        state.error = undefined
      } catch (error) {
        state.lagSeconds = null
        state.error = (error as Error).message
      }
      state.used = state.lagSeconds !== null && state.lagSeconds <= maxLag
      state.checkedAt = new Date()
    })
  )
}

/** Measures the replicas every REPLICA_CHECK_INTERVAL_MS while the process runs. */
export class ReplicaMonitor {
  private timer?: NodeJS.Timeout
  private running?: Promise<void>

  constructor(private onError: (error: unknown) => void) {}

  async start() {
    if (!hasReplicas()) return
    await this.tick()
    this.timer = setInterval(() => void this.tick(), REPLICA_CHECK_INTERVAL_MS)
  }

  async stop() {
    clearInterval(this.timer)
    await this.running
  }

  private async tick() {
    if (this.running) return
    this.running = checkReplicas()
      .catch(this.onError)
      .finally(() => (this.running = undefined))
    await this.running
  }
}
