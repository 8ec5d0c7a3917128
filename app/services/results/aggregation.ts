import type { TransactionClientContract } from '@adonisjs/lucid/types/database'

/**
 * Incremental sufficient statistics of one experiment, in SQL.
 *
 * State per experiment: the exposed subjects folded so far (with variant and exposure
 * time), and per subject and event name the events that occurred after the exposure
 * (count, value sum, first time). A run folds, in one transaction:
 *   1. new events (id above the event watermark) of subjects already folded: added;
 *   2. subjects exposed since the exposure watermark: inserted, and their statistics
 *      computed from all their events up to the new event watermark;
 *   3. both watermarks advance.
 * A full run starts from empty state and does step 2 for everyone, so it gives exactly what
 * the incremental runs accumulated. Events are ordered by id, so late events (an old
 * occurred_at arriving now) are folded too; idempotent duplicates never reach the table.
 *
 * Watermarks stay SETTLE_SECONDS behind now: every insert of an event or an exposure is a
 * single short statement, so anything older than that has committed and no lower id or
 * earlier exposure can appear afterwards.
 */
export const SETTLE_SECONDS = 10

export interface FoldResult {
  eventsFolded: number
  subjectsAdded: number
  eventWatermark: number
}

export async function foldExperiment(
  trx: TransactionClientContract,
  experimentId: number,
  options: { full: boolean; settleSeconds?: number }
): Promise<FoldResult> {
  const settle = options.settleSeconds ?? SETTLE_SECONDS
  // Serializes recomputes of the same experiment (a web timer and a cron run).
  await trx.rawQuery(
    `INSERT INTO experiment_aggregation_state (experiment_id, event_watermark, exposure_watermark, updated_at)
     VALUES (?, 0, '-infinity', now()) ON CONFLICT (experiment_id) DO NOTHING`,
    [experimentId]
  )
  const { rows: stateRows } = await trx.rawQuery(
    'SELECT event_watermark, exposure_watermark FROM experiment_aggregation_state WHERE experiment_id = ? FOR UPDATE',
    [experimentId]
  )
  let eventWatermark = Number(stateRows[0].event_watermark)
  let exposureWatermark: Date | string = stateRows[0].exposure_watermark

  if (options.full) {
    await trx.rawQuery('DELETE FROM experiment_subject_metrics WHERE experiment_id = ?', [
      experimentId,
    ])
    await trx.rawQuery('DELETE FROM experiment_exposed_subjects WHERE experiment_id = ?', [
      experimentId,
    ])
    eventWatermark = 0
    exposureWatermark = '-infinity'
  }

  const { rows: limits } = await trx.rawQuery(
    `SELECT coalesce(max(id), 0) AS event_watermark, now() - make_interval(secs => ?) AS exposure_watermark
       FROM experiment_events
      WHERE experiment_id = ? AND received_at < now() - make_interval(secs => ?)`,
    [settle, experimentId, settle]
  )
  const newEventWatermark = Math.max(eventWatermark, Number(limits[0].event_watermark))
  const newExposureWatermark = limits[0].exposure_watermark

  // 1. New events of subjects folded before this run.
  const { rows: counted } = await trx.rawQuery(
    `WITH folded AS (
       INSERT INTO experiment_subject_metrics AS m
         (experiment_id, event_name, subject_id, variant_id, event_count, value_sum, first_at)
       SELECT e.experiment_id, e.event_name, e.subject_id, x.variant_id,
              count(*), coalesce(sum(e.value), 0), min(e.occurred_at)
         FROM experiment_events e
         JOIN experiment_exposed_subjects x
           ON x.experiment_id = e.experiment_id AND x.subject_id = e.subject_id
        WHERE e.experiment_id = ? AND e.id > ? AND e.id <= ? AND e.occurred_at >= x.exposed_at
        GROUP BY e.experiment_id, e.event_name, e.subject_id, x.variant_id
       ON CONFLICT (experiment_id, event_name, subject_id) DO UPDATE SET
         event_count = m.event_count + excluded.event_count,
         value_sum = m.value_sum + excluded.value_sum,
         first_at = least(m.first_at, excluded.first_at)
       RETURNING 1
     )
     SELECT (SELECT count(*) FROM experiment_events WHERE experiment_id = ? AND id > ? AND id <= ?) AS events`,
    [
      experimentId,
      eventWatermark,
      newEventWatermark,
      experimentId,
      eventWatermark,
      newEventWatermark,
    ]
  )

  // 2. Subjects exposed since the last run: everything they did after their exposure.
  // The window overlaps the previous one by SETTLE_SECONDS; ON CONFLICT skips the known.
  const { rows: added } = await trx.rawQuery(
    `WITH new_subjects AS (
       INSERT INTO experiment_exposed_subjects (experiment_id, subject_id, variant_id, exposed_at)
       SELECT experiment_id, subject_id, variant_id, first_exposed_at
         FROM experiment_assignments
        WHERE experiment_id = ? AND first_exposed_at IS NOT NULL
          AND first_exposed_at >= ?::timestamptz - make_interval(secs => ?) AND first_exposed_at < ?
       ON CONFLICT (experiment_id, subject_id) DO NOTHING
       RETURNING subject_id, variant_id, exposed_at
     ), metrics AS (
       INSERT INTO experiment_subject_metrics
         (experiment_id, event_name, subject_id, variant_id, event_count, value_sum, first_at)
       SELECT e.experiment_id, e.event_name, e.subject_id, n.variant_id,
              count(*), coalesce(sum(e.value), 0), min(e.occurred_at)
         FROM new_subjects n
         JOIN experiment_events e ON e.experiment_id = ? AND e.subject_id = n.subject_id
        WHERE e.id <= ? AND e.occurred_at >= n.exposed_at
        GROUP BY e.experiment_id, e.event_name, e.subject_id, n.variant_id
       RETURNING 1
     )
     SELECT (SELECT count(*) FROM new_subjects) AS subjects, (SELECT count(*) FROM metrics) AS rows`,
    [
      experimentId,
      exposureWatermark,
      SETTLE_SECONDS,
      newExposureWatermark,
      experimentId,
      newEventWatermark,
    ]
  )

  // 3. The watermarks move only together with the data they cover (same transaction).
  await trx.rawQuery(
    `UPDATE experiment_aggregation_state
        SET event_watermark = ?, exposure_watermark = ?, updated_at = now()
      WHERE experiment_id = ?`,
    [newEventWatermark, newExposureWatermark, experimentId]
  )

  return {
    eventsFolded: Number(counted[0].events),
    subjectsAdded: Number(added[0].subjects),
    eventWatermark: newEventWatermark,
  }
}

export interface VariantTotals {
  variantId: number
  exposed: number
}

export interface MetricTotals {
  variantId: number
  /** Subjects with at least one event (after exposure). */
  converters: number
  /** Σ and Σ² of events per subject, over subjects with events (others add 0). */
  countSum: number
  countSumSquares: number
  /** Σ and Σ² of the value sum per subject. */
  valueSum: number
  valueSumSquares: number
}

/** Per-variant totals from the folded statistics (sized by subjects, not events). */
export async function readTotals(
  trx: TransactionClientContract,
  experimentId: number,
  eventNames: string[]
) {
  const { rows: exposed } = await trx.rawQuery(
    `SELECT variant_id, count(*) AS exposed FROM experiment_exposed_subjects
      WHERE experiment_id = ? GROUP BY variant_id`,
    [experimentId]
  )
  const { rows: metrics } = await trx.rawQuery(
    `SELECT event_name, variant_id, count(*) AS converters,
            sum(event_count) AS count_sum, sum(event_count::float8 * event_count) AS count_sq,
            sum(value_sum) AS value_sum, sum(value_sum * value_sum) AS value_sq
       FROM experiment_subject_metrics
      WHERE experiment_id = ? AND event_name = ANY(?)
      GROUP BY event_name, variant_id`,
    [experimentId, eventNames]
  )
  const byMetric = new Map<string, MetricTotals[]>()
  for (const row of metrics) {
    const list = byMetric.get(row.event_name) ?? []
    list.push({
      variantId: row.variant_id,
      converters: Number(row.converters),
      countSum: Number(row.count_sum),
      countSumSquares: Number(row.count_sq),
      valueSum: Number(row.value_sum),
      valueSumSquares: Number(row.value_sq),
    })
    byMetric.set(row.event_name, list)
  }
  return {
    exposed: exposed.map((row: { variant_id: number; exposed: string }) => ({
      variantId: row.variant_id,
      exposed: Number(row.exposed),
    })),
    byMetric,
  }
}

/** Daily new exposures and new converters (first event of the metric) per variant. */
export async function readDaily(
  trx: TransactionClientContract,
  experimentId: number,
  eventName: string
) {
  const { rows: exposures } = await trx.rawQuery(
    `SELECT to_char(exposed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, variant_id, count(*) AS n
       FROM experiment_exposed_subjects WHERE experiment_id = ? GROUP BY 1, 2 ORDER BY 1`,
    [experimentId]
  )
  const { rows: conversions } = await trx.rawQuery(
    `SELECT to_char(first_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, variant_id, count(*) AS n
       FROM experiment_subject_metrics WHERE experiment_id = ? AND event_name = ? GROUP BY 1, 2 ORDER BY 1`,
    [experimentId, eventName]
  )
  const toCounts = (rows: { day: string; variant_id: number; n: string }[]) =>
    rows.map((row) => ({ day: row.day, variantId: row.variant_id, n: Number(row.n) }))
  return { exposures: toCounts(exposures), conversions: toCounts(conversions) }
}
