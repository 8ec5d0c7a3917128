import db from '@adonisjs/lucid/services/db'
import env from '#start/env'

/** Months of partitions kept ready beyond the current one. */
export const PARTITIONS_AHEAD = 3

export interface PartitionChanges {
  created: string[]
  /** Detached tables (schema event_partitions), kept for archiving (docs/scaling.md#partitioned-events). */
  detached: string[]
}

const monthName = (month: Date) =>
  `experiment_events_${month.getUTCFullYear()}_${String(month.getUTCMonth() + 1).padStart(2, '0')}`

const addMonths = (month: Date, n: number) =>
  new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + n, 1))

/**
 * Keeps experiment_events' monthly partitions ready: this month's and the next
 * PARTITIONS_AHEAD (so inserts never land in the default partition), plus any month the
 * default partition caught anyway (an import of old events), whose rows move into it.
 * With `EVENTS_RETENTION_MONTHS` set, partitions wholly older than that many months before
 * this one are detached (kept as plain tables to archive and drop), and their events'
 * idempotency keys forgotten. Safe to run from several processes (the database function
 * serializes creation); the leader's timer and `events:partitions` call it.
 */
export async function maintainEventPartitions(
  options: { now?: Date; retentionMonths?: number | null } = {}
): Promise<PartitionChanges> {
  const now = options.now ?? new Date()
  const retention =
    options.retentionMonths === undefined
      ? (env.get('EVENTS_RETENTION_MONTHS') ?? null)
      : options.retentionMonths
  const thisMonth = addMonths(now, 0)
  const { rows: caught } = await db.rawQuery(
    `SELECT DISTINCT date_trunc('month', received_at AT TIME ZONE 'UTC')::date AS month
       FROM event_partitions.experiment_events_default`
  )
  const months = [
    ...caught.map((row: { month: Date | string }) => addMonths(new Date(row.month), 0)),
    ...Array.from({ length: PARTITIONS_AHEAD + 1 }, (_, n) => addMonths(thisMonth, n)),
  ]
  const created: string[] = []
  for (const month of months) {
    const { rows } = await db.rawQuery('SELECT experiment_events_partition(?::date) AS created', [
      month.toISOString().slice(0, 10),
    ])
    if (rows[0].created) created.push(monthName(month))
  }
  return {
    created,
    detached: retention ? await detachBefore(addMonths(thisMonth, -retention)) : [],
  }
}

async function detachBefore(cutoff: Date) {
  const { rows } = await db.rawQuery(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'experiment_events'::regclass AND c.relnamespace = 'event_partitions'::regnamespace
        AND c.relname ~ '^experiment_events_[0-9]{4}_[0-9]{2}$' AND c.relname < ?
      ORDER BY 1`,
    [monthName(cutoff)]
  )
  const detached: string[] = rows.map((row: { name: string }) => row.name)
  for (const name of detached) {
    await db.rawQuery(`ALTER TABLE experiment_events DETACH PARTITION event_partitions."${name}"`)
  }
  await db.rawQuery('DELETE FROM experiment_event_keys WHERE received_at < ?', [cutoff])
  return detached
}
