import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'

/**
 * Incremental sufficient statistics of one experiment, in SQL.
 *
 * State per experiment: the exposed subjects folded so far (with variant and exposure
 * time), and per subject and event name the events that occurred after the exposure
 * (count, value sum, first time; with the exposure time again, so that folding a new event
 * reads one row). A run folds, in one transaction:
 *   1. new events (id above the event watermark) of subjects already folded: added;
 *   2. subjects exposed since the exposure watermark: inserted, and their statistics
 *      computed from all their events up to the new event watermark;
 *   3. both watermarks advance.
 * Per-variant totals (Σ and Σ² per metric) and daily counts are updated by the same deltas,
 * so reading results costs the size of the answer, not of the data. A full run starts from
 * empty state and does step 2 for everyone, so it gives exactly what the incremental runs
 * accumulated. Events are ordered by id, so late events (an old
 * occurred_at arriving now) are folded too; idempotent duplicates never reach the table.
 *
 * Watermarks stay SETTLE_SECONDS behind now: every insert of an event or an exposure is a
 * single short statement, so anything older than that has committed and no lower id or
 * earlier exposure can appear afterwards.
 */
export const SETTLE_SECONDS = 10

/** Adds a delta row to the per-variant totals (both fold steps end with it). */
const ADD_TO_TOTALS = `ON CONFLICT (experiment_id, event_name, variant_id) DO UPDATE SET
         converters = t.converters + excluded.converters,
         count_sum = t.count_sum + excluded.count_sum,
         count_sq = t.count_sq + excluded.count_sq,
         value_sum = t.value_sum + excluded.value_sum,
         value_sq = t.value_sq + excluded.value_sq`

/** Inserts per-subject rows from a CTE with their statistics (both fold steps do). */
const insertSubjectRows = (source: string) => `INSERT INTO experiment_subject_metrics
         (experiment_id, event_name, subject_id, variant_id, exposed_at, event_count, value_sum, first_at)
       SELECT ?, event_name, subject_id, variant_id, exposed_at, c, v, f FROM ${source}
       RETURNING 1`

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
    for (const table of [
      'experiment_subject_metrics',
      'experiment_exposed_subjects',
      'experiment_metric_totals',
      'experiment_daily_counts',
    ]) {
      await trx.rawQuery(`DELETE FROM ${table} WHERE experiment_id = ?`, [experimentId])
    }
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

  // 1. New events of subjects already folded. There are none in a full run or before the
  // first subject is folded; then step 2 folds every event and this step only counts them.
  const eventsFolded =
    !options.full && (await hasFoldedSubjects(trx, experimentId))
      ? await foldNewEvents(trx, experimentId, eventWatermark, newEventWatermark)
      : await countEvents(trx, experimentId, eventWatermark, newEventWatermark)

  // 2. Subjects exposed since the last run: everything they did after their exposure. The
  // window overlaps the previous one by `settle`; ON CONFLICT skips subjects already in
  // (a full run starts from none, so it skips the check: a million index probes).
  const conflictCheck = options.full ? '' : 'ON CONFLICT (experiment_id, subject_id) DO NOTHING'
  const { rows: added } = await trx.rawQuery(
    `WITH new_subjects AS (
       INSERT INTO experiment_exposed_subjects (experiment_id, subject_id, variant_id, exposed_at)
       SELECT experiment_id, subject_id, variant_id, first_exposed_at
         FROM experiment_assignments
        WHERE experiment_id = ? AND first_exposed_at IS NOT NULL
          AND first_exposed_at >= ?::timestamptz - make_interval(secs => ?) AND first_exposed_at < ?
       ${conflictCheck}
       RETURNING subject_id, variant_id, exposed_at
     ), stats AS (
       SELECT e.event_name, e.subject_id, n.variant_id, n.exposed_at,
              count(*) AS c, coalesce(sum(e.value), 0) AS v, min(e.occurred_at) AS f
         FROM new_subjects n
         JOIN experiment_events e ON e.experiment_id = ? AND e.subject_id = n.subject_id
        WHERE e.id <= ? AND e.occurred_at >= n.exposed_at
        GROUP BY e.event_name, e.subject_id, n.variant_id, n.exposed_at
     ), metrics AS (
       ${insertSubjectRows('stats')}
     ), totals AS (
       INSERT INTO experiment_metric_totals AS t
         (experiment_id, event_name, variant_id, converters, count_sum, count_sq, value_sum, value_sq)
       SELECT ?, event_name, variant_id, count(*), sum(c), sum(c::float8 ^ 2), sum(v), sum(v ^ 2)
         FROM stats GROUP BY event_name, variant_id
       ${ADD_TO_TOTALS}
       RETURNING 1
     ), daily AS (
       INSERT INTO experiment_daily_counts AS dc (experiment_id, event_name, day, variant_id, n)
       SELECT ?, event_name, day, variant_id, count(*) FROM (
           SELECT '' AS event_name, (exposed_at AT TIME ZONE 'UTC')::date AS day, variant_id FROM new_subjects
           UNION ALL
           SELECT event_name, (f AT TIME ZONE 'UTC')::date, variant_id FROM stats
         ) AS rows
        GROUP BY event_name, day, variant_id
       ON CONFLICT (experiment_id, event_name, day, variant_id) DO UPDATE SET n = dc.n + excluded.n
       RETURNING 1
     )
     SELECT (SELECT count(*) FROM new_subjects) AS subjects,
            (SELECT count(*) FROM metrics) + (SELECT count(*) FROM totals) + (SELECT count(*) FROM daily) AS touched`,
    [
      experimentId,
      exposureWatermark,
      settle,
      newExposureWatermark,
      experimentId,
      newEventWatermark,
      experimentId,
      experimentId,
      experimentId,
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
    eventsFolded,
    subjectsAdded: Number(added[0].subjects),
    eventWatermark: newEventWatermark,
  }
}

/**
 * Step 1: new events (ids in (fromId, toId]) of subjects folded before this run. Each event
 * is matched once with its (event name, subject) row, which holds the exposure time and the
 * statistics so far; matched rows are updated in place (by ctid, read in the same
 * statement; runs of one experiment are serialized by the state row's lock, so nothing else
 * moves them), and a folded subject's first event of a name gets a new row. Totals and daily
 * counts change by the difference each subject's update makes. Returns the number of events
 * in the range.
 */
async function foldNewEvents(
  trx: TransactionClientContract,
  experimentId: number,
  fromId: number,
  toId: number
): Promise<number> {
  // The batch's intermediate rows (about 100 bytes per event) stay in memory instead of
  // spilling to temporary files at the default 4 MB; until the transaction ends.
  await trx.rawQuery(`SET LOCAL work_mem = '32MB'`)
  const { rows } = await trx.rawQuery(
    `WITH matched AS MATERIALIZED (
       SELECT e.event_name, e.subject_id, e.value, e.occurred_at, m.ctid AS row_id,
              m.variant_id, m.exposed_at, m.event_count AS oc, m.value_sum AS ov, m.first_at AS of
         FROM experiment_events e
         LEFT JOIN LATERAL (
           -- One probe of the hash index per event (the LIMIT keeps the planner from
           -- hashing the whole table instead: twice as slow at a million subjects).
           SELECT ctid, variant_id, exposed_at, event_count, value_sum, first_at
             FROM experiment_subject_metrics s
            WHERE hashtextextended(s.subject_id, s.experiment_id) = hashtextextended(e.subject_id, e.experiment_id)
              AND s.experiment_id = e.experiment_id AND s.event_name = e.event_name AND s.subject_id = e.subject_id
            LIMIT 1
         ) AS m ON true
        WHERE e.experiment_id = ? AND e.id > ? AND e.id <= ?
     ), known AS MATERIALIZED (
       SELECT row_id, event_name, variant_id, oc, ov, of,
              count(*) AS c, coalesce(sum(value), 0) AS v, min(occurred_at) AS f
         FROM matched
        WHERE row_id IS NOT NULL AND occurred_at >= exposed_at
        GROUP BY row_id, event_name, variant_id, oc, ov, of
     ), updated AS (
       UPDATE experiment_subject_metrics m SET
         event_count = m.event_count + k.c,
         value_sum = m.value_sum + k.v,
         first_at = least(m.first_at, k.f)
         FROM known k
        WHERE m.ctid = k.row_id
       RETURNING 1
     ), fresh AS MATERIALIZED (
       SELECT n.event_name, n.subject_id, x.variant_id, x.exposed_at,
              count(*) AS c, coalesce(sum(n.value), 0) AS v, min(n.occurred_at) AS f
         FROM matched n
         JOIN experiment_exposed_subjects x ON x.experiment_id = ? AND x.subject_id = n.subject_id
        WHERE n.row_id IS NULL AND n.occurred_at >= x.exposed_at
        GROUP BY n.event_name, n.subject_id, x.variant_id, x.exposed_at
     ), inserted AS (
       ${insertSubjectRows('fresh')}
     ), changes AS (
       SELECT event_name, variant_id, c, v, f, oc, ov, of FROM known
       UNION ALL
       SELECT event_name, variant_id, c, v, f, 0, 0, NULL FROM fresh
     ), totals AS (
       INSERT INTO experiment_metric_totals AS t
         (experiment_id, event_name, variant_id, converters, count_sum, count_sq, value_sum, value_sq)
       SELECT ?, event_name, variant_id,
              count(*) FILTER (WHERE of IS NULL),
              sum(c),
              sum((oc + c)::float8 ^ 2 - oc::float8 ^ 2),
              sum(v),
              sum((ov + v) ^ 2 - ov ^ 2)
         FROM changes GROUP BY event_name, variant_id
       ${ADD_TO_TOTALS}
       RETURNING 1
     ), moves AS (
       -- A new converter counts on the day of its first event; an earlier first event
       -- (a late event) moves the subject from its old day to the new one.
       SELECT event_name, move.day, variant_id, move.n
         FROM (SELECT * FROM changes
                WHERE of IS NULL OR (f AT TIME ZONE 'UTC')::date < (of AT TIME ZONE 'UTC')::date) AS c,
              LATERAL (VALUES ((f AT TIME ZONE 'UTC')::date, 1), ((of AT TIME ZONE 'UTC')::date, -1)) AS move (day, n)
        WHERE move.n = 1 OR of IS NOT NULL
     ), daily AS (
       INSERT INTO experiment_daily_counts AS dc (experiment_id, event_name, day, variant_id, n)
       SELECT ?, event_name, day, variant_id, sum(n) FROM moves GROUP BY event_name, day, variant_id
       ON CONFLICT (experiment_id, event_name, day, variant_id) DO UPDATE SET n = dc.n + excluded.n
       RETURNING 1
     )
     SELECT (SELECT count(*) FROM matched) AS events,
            (SELECT count(*) FROM updated) + (SELECT count(*) FROM inserted)
              + (SELECT count(*) FROM totals) + (SELECT count(*) FROM daily) AS touched`,
    [experimentId, fromId, toId, experimentId, experimentId, experimentId, experimentId]
  )
  return Number(rows[0].events)
}

/**
 * After a full rebuild (outside its transaction): VACUUM marks the rewritten rows as
 * visible to all, so the next incremental run does not pay for that on every row it reads,
 * and ANALYZE gives the planner the rebuilt tables' statistics.
 */
export async function settleRebuiltTables() {
  await db.rawQuery('VACUUM (ANALYZE) experiment_subject_metrics, experiment_exposed_subjects')
}

async function hasFoldedSubjects(trx: TransactionClientContract, experimentId: number) {
  const { rows } = await trx.rawQuery(
    'SELECT EXISTS (SELECT 1 FROM experiment_exposed_subjects WHERE experiment_id = ?) AS folded',
    [experimentId]
  )
  return rows[0].folded === true
}

async function countEvents(
  trx: TransactionClientContract,
  experimentId: number,
  fromId: number,
  toId: number
): Promise<number> {
  const { rows } = await trx.rawQuery(
    'SELECT count(*) AS events FROM experiment_events WHERE experiment_id = ? AND id > ? AND id <= ?',
    [experimentId, fromId, toId]
  )
  return Number(rows[0].events)
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

/** Per-variant totals, read from the maintained tables (a handful of rows). */
export async function readTotals(
  trx: TransactionClientContract,
  experimentId: number,
  eventNames: string[]
) {
  const { rows: exposed } = await trx.rawQuery(
    `SELECT variant_id, sum(n) AS exposed FROM experiment_daily_counts
      WHERE experiment_id = ? AND event_name = '' GROUP BY variant_id`,
    [experimentId]
  )
  const { rows: metrics } = await trx.rawQuery(
    `SELECT event_name, variant_id, converters, count_sum, count_sq, value_sum, value_sq
       FROM experiment_metric_totals WHERE experiment_id = ? AND event_name = ANY(?)`,
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
  const { rows } = await trx.rawQuery(
    `SELECT event_name, to_char(day, 'YYYY-MM-DD') AS day, variant_id, n FROM experiment_daily_counts
      WHERE experiment_id = ? AND event_name IN ('', ?) AND n <> 0 ORDER BY day`,
    [experimentId, eventName]
  )
  const toCounts = (wanted: string) =>
    rows
      .filter((row: { event_name: string }) => row.event_name === wanted)
      .map((row: { day: string; variant_id: number; n: string }) => ({
        day: row.day,
        variantId: row.variant_id,
        n: Number(row.n),
      }))
  return { exposures: toCounts(''), conversions: toCounts(eventName) }
}
