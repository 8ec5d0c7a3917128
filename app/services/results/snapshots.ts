import db from '@adonisjs/lucid/services/db'
import { replicaOrPrimary } from '#services/platform'
import type { ResultsPayload } from '#services/results/analysis'

export interface Snapshot {
  id: number
  experimentId: number
  computedAt: Date
  computedBy: string
  full: boolean
  durationMs: number
  eventsFolded: number
  payload: ResultsPayload
}

export interface SnapshotState {
  /** The latest successful snapshot (what pages and the API show). */
  latest: Snapshot | null
  /** The latest recompute failure, when it is newer than the latest success. */
  failure: { computedAt: Date; error: string } | null
}

function toSnapshot(row: any): Snapshot {
  return {
    id: Number(row.id),
    experimentId: row.experiment_id,
    computedAt: row.computed_at,
    computedBy: row.computed_by,
    full: row.full,
    durationMs: row.duration_ms,
    eventsFolded: Number(row.events_folded),
    payload: row.payload,
  }
}

/** Pages and the API read snapshots; they never aggregate events. */
export async function snapshotState(experimentId: number): Promise<SnapshotState> {
  const [latest, lastFailure] = await Promise.all([
    db
      .from('experiment_results')
      .where('experiment_id', experimentId)
      .whereNull('error')
      .orderBy('id', 'desc')
      .first(),
    db
      .from('experiment_results')
      .where('experiment_id', experimentId)
      .whereNotNull('error')
      .orderBy('id', 'desc')
      .first(),
  ])
  const failure =
    lastFailure && (!latest || Number(lastFailure.id) > Number(latest.id))
      ? { computedAt: lastFailure.computed_at, error: lastFailure.error }
      : null
  return { latest: latest ? toSnapshot(latest) : null, failure }
}

/** The latest successful snapshot of each of these experiments (one query). */
export async function latestSnapshots(experimentIds: number[]) {
  if (experimentIds.length === 0) return new Map<number, Snapshot>()
  // The dashboards' read: a replica may serve it (docs/scaling.md#read-replica).
  const { rows } = await replicaOrPrimary().rawQuery(
    `SELECT DISTINCT ON (experiment_id) * FROM experiment_results
      WHERE experiment_id = ANY(?) AND error IS NULL
      ORDER BY experiment_id, id DESC`,
    [experimentIds]
  )
  return new Map<number, Snapshot>(rows.map((row: any) => [row.experiment_id, toSnapshot(row)]))
}
