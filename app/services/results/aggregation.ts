import db from '@adonisjs/lucid/services/db'
import { BATCH_CONNECTION } from '#config/database'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { SampleMean } from '#stats/index'

/**
 * Incremental sufficient statistics of one experiment, in SQL.
 *
 * State per experiment: the exposed subjects folded so far (with variant and exposure
 * time), and per subject and event name the events that occurred after the exposure
 * (count, value sum, first time; with the exposure time again, so that folding a new event
 * reads one row). A run folds each part of the subjects (FOLD_PARTS) in one transaction:
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

/**
 * An experiment's subjects are folded in this many parts (a power of two), by a hash of the
 * subject: each part in its own transaction on its own connection, all at once, so a
 * recompute keeps that many PostgreSQL processes (cores) busy instead of one. Each part
 * keeps its own watermarks, totals and daily counts, and readers add the parts up; changing
 * the number needs a `--full` run of every experiment.
 */
export const FOLD_PARTS = 2

/** The part of a subject (SQL). */
const partOf = (subjectColumn: string) =>
  `(hashtextextended(${subjectColumn}, 0) & ${FOLD_PARTS - 1})`

/** Adds a delta row to the per-variant totals (both fold steps end with it). */
const ADD_TO_TOTALS = `ON CONFLICT (experiment_id, event_name, variant_id, part) DO UPDATE SET
         converters = t.converters + excluded.converters,
         count_sum = t.count_sum + excluded.count_sum,
         count_sq = t.count_sq + excluded.count_sq,
         value_sum = t.value_sum + excluded.value_sum,
         value_sq = t.value_sq + excluded.value_sq`

/** Adds a delta row to the daily counts (both fold steps end with it). */
const ADD_TO_DAILY = `ON CONFLICT (experiment_id, event_name, day, variant_id, part) DO UPDATE SET n = dc.n + excluded.n
       RETURNING 1`

/** Inserts per-subject rows from a CTE with their statistics (both fold steps do; binds :experimentId). */
const insertSubjectRows = (source: string) => `INSERT INTO experiment_subject_metrics
         (experiment_id, event_name, subject_id, variant_id, exposed_at, event_count, value_sum, first_at)
       SELECT :experimentId, event_name, subject_id, variant_id, exposed_at, c, v, f FROM ${source}
       RETURNING 1`

/** How far a run folds: the same for every part. */
interface FoldLimits {
  eventWatermark: number
  exposureWatermark: Date
}

export interface FoldedStatistics {
  eventsFolded: number
  subjectsAdded: number
  eventWatermark: number
  totals: Totals
  daily: Daily
}

/**
 * Folds an experiment's new events and exposures into its statistics, every part at once,
 * and reads the per-variant totals (of `eventNames`) and daily counts (of `dailyEvent`) that
 * the parts add up to. Each part's statistics and watermarks commit together, so a run
 * killed midway leaves every part consistent, some perhaps folded further than others; the
 * next run catches up. With `commit: false` every part is rolled back (a dry run).
 */
export async function foldExperiment(
  experimentId: number,
  options: {
    full: boolean
    commit: boolean
    eventNames: string[]
    dailyEvent: string
    settleSeconds?: number
  }
): Promise<FoldedStatistics> {
  const settle = options.settleSeconds ?? SETTLE_SECONDS
  // Folding is long legitimate work: the batch pool's statement limit, not the requests'.
  const batch = db.connection(BATCH_CONNECTION)
  const { rows } = await batch.rawQuery(
    `SELECT coalesce(max(id), 0) AS event_watermark, now() - make_interval(secs => ?) AS exposure_watermark
       FROM experiment_events
      WHERE experiment_id = ? AND received_at < now() - make_interval(secs => ?)`,
    [settle, experimentId, settle]
  )
  const limits: FoldLimits = {
    eventWatermark: Number(rows[0].event_watermark),
    exposureWatermark: rows[0].exposure_watermark,
  }
  const parts: TransactionClientContract[] = []
  try {
    for (let part = 0; part < FOLD_PARTS; part++) parts.push(await batch.transaction())
    const folded = await Promise.all(
      parts.map(async (trx, part) => {
        const fold = await foldPart(trx, experimentId, part, limits, options.full, settle)
        const statistics = await readPart(
          trx,
          experimentId,
          part,
          options.eventNames,
          options.dailyEvent
        )
        return { ...fold, ...statistics }
      })
    )
    for (const trx of parts) await (options.commit ? trx.commit() : trx.rollback())
    return {
      eventsFolded: folded.reduce((sum, part) => sum + part.eventsFolded, 0),
      subjectsAdded: folded.reduce((sum, part) => sum + part.subjectsAdded, 0),
      eventWatermark: Math.min(...folded.map((part) => part.eventWatermark)),
      ...addUpParts(folded, options.dailyEvent),
    }
  } catch (error) {
    await Promise.all(
      parts.filter((trx) => !trx.isCompleted).map((trx) => trx.rollback().catch(() => {}))
    )
    throw error
  }
}

/** One part's fold, in its transaction (the state row's lock serializes runs of the part). */
async function foldPart(
  trx: TransactionClientContract,
  experimentId: number,
  part: number,
  limits: FoldLimits,
  full: boolean,
  settle: number
) {
  await trx.rawQuery(
    `INSERT INTO experiment_aggregation_state (experiment_id, part, event_watermark, exposure_watermark, updated_at)
     VALUES (?, ?, 0, '-infinity', now()) ON CONFLICT (experiment_id, part) DO NOTHING`,
    [experimentId, part]
  )
  const { rows: stateRows } = await trx.rawQuery(
    `SELECT event_watermark, exposure_watermark FROM experiment_aggregation_state
      WHERE experiment_id = ? AND part = ? FOR UPDATE`,
    [experimentId, part]
  )
  let eventWatermark = Number(stateRows[0].event_watermark)
  let exposureWatermark: Date | string = stateRows[0].exposure_watermark

  if (full) {
    for (const table of ['experiment_subject_metrics', 'experiment_exposed_subjects']) {
      await trx.rawQuery(
        `DELETE FROM ${table} WHERE experiment_id = ? AND ${partOf('subject_id')} = ?`,
        [experimentId, part]
      )
    }
    for (const table of ['experiment_metric_totals', 'experiment_daily_counts']) {
      await trx.rawQuery(`DELETE FROM ${table} WHERE experiment_id = ? AND part = ?`, [
        experimentId,
        part,
      ])
    }
    eventWatermark = 0
    exposureWatermark = '-infinity'
  }
  // A run that waited for this part's lock behind another may hold older limits.
  const newEventWatermark = Math.max(eventWatermark, limits.eventWatermark)
  const newExposureWatermark = limits.exposureWatermark

  // 1. New events of subjects already folded. There are none in a full run or before the
  // first subject is folded; then step 2 folds every event and this step only counts them.
  const eventsFolded =
    !full && (await hasFoldedSubjects(trx, experimentId, part))
      ? await foldNewEvents(trx, experimentId, part, eventWatermark, newEventWatermark)
      : await countEvents(trx, experimentId, part, eventWatermark, newEventWatermark)

  // 2. Subjects exposed since the last run: everything they did after their exposure. The
  // window overlaps the previous one by `settle`; ON CONFLICT skips subjects already in
  // (a full run starts from none, so it skips the check: a million index probes).
  const conflictCheck = full ? '' : 'ON CONFLICT (experiment_id, subject_id) DO NOTHING'
  const { rows: added } = await trx.rawQuery(
    `WITH new_subjects AS (
       INSERT INTO experiment_exposed_subjects (experiment_id, subject_id, variant_id, exposed_at)
       SELECT experiment_id, subject_id, variant_id, first_exposed_at
         FROM experiment_assignments
        WHERE experiment_id = :experimentId AND first_exposed_at IS NOT NULL
          AND first_exposed_at >= :exposureWatermark::timestamptz - make_interval(secs => :settle) AND first_exposed_at < :newExposureWatermark
          AND ${partOf('subject_id')} = :part
       ${conflictCheck}
       RETURNING subject_id, variant_id, exposed_at
     ), stats AS (
       SELECT e.event_name, e.subject_id, n.variant_id, n.exposed_at,
              count(*) AS c, coalesce(sum(e.value), 0) AS v, min(e.occurred_at) AS f
         FROM new_subjects n
         JOIN experiment_events e ON e.experiment_id = :experimentId AND e.subject_id = n.subject_id
        WHERE e.id <= :newEventWatermark AND e.occurred_at >= n.exposed_at
        GROUP BY e.event_name, e.subject_id, n.variant_id, n.exposed_at
     ), metrics AS (
       ${insertSubjectRows('stats')}
     ), totals AS (
       INSERT INTO experiment_metric_totals AS t
         (experiment_id, part, event_name, variant_id, converters, count_sum, count_sq, value_sum, value_sq)
       SELECT :experimentId, :part, event_name, variant_id, count(*), sum(c), sum(c::float8 ^ 2), sum(v), sum(v ^ 2)
         FROM stats GROUP BY event_name, variant_id
       ${ADD_TO_TOTALS}
       RETURNING 1
     ), daily AS (
       INSERT INTO experiment_daily_counts AS dc (experiment_id, part, event_name, day, variant_id, n)
       SELECT :experimentId, :part, event_name, day, variant_id, count(*) FROM (
           SELECT '' AS event_name, (exposed_at AT TIME ZONE 'UTC')::date AS day, variant_id FROM new_subjects
           UNION ALL
           SELECT event_name, (f AT TIME ZONE 'UTC')::date, variant_id FROM stats
         ) AS rows
        GROUP BY event_name, day, variant_id
       ${ADD_TO_DAILY}
     )
     SELECT (SELECT count(*) FROM new_subjects) AS subjects,
            (SELECT count(*) FROM metrics) + (SELECT count(*) FROM totals) + (SELECT count(*) FROM daily) AS touched`,
    { experimentId, part, exposureWatermark, newExposureWatermark, newEventWatermark, settle }
  )

  // 3. The watermarks move only together with the data they cover (same transaction).
  await trx.rawQuery(
    `UPDATE experiment_aggregation_state
        SET event_watermark = :newEventWatermark, exposure_watermark = greatest(:exposureWatermark::timestamptz, :newExposureWatermark::timestamptz), updated_at = now()
      WHERE experiment_id = :experimentId AND part = :part`,
    { experimentId, part, exposureWatermark, newExposureWatermark, newEventWatermark }
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
  part: number,
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
        WHERE e.experiment_id = :experimentId AND e.id > :fromId AND e.id <= :toId AND ${partOf('e.subject_id')} = :part
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
         JOIN experiment_exposed_subjects x ON x.experiment_id = :experimentId AND x.subject_id = n.subject_id
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
         (experiment_id, part, event_name, variant_id, converters, count_sum, count_sq, value_sum, value_sq)
       SELECT :experimentId, :part, event_name, variant_id,
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
       INSERT INTO experiment_daily_counts AS dc (experiment_id, part, event_name, day, variant_id, n)
       SELECT :experimentId, :part, event_name, day, variant_id, sum(n) FROM moves GROUP BY event_name, day, variant_id
       ${ADD_TO_DAILY}
     )
     SELECT (SELECT count(*) FROM matched) AS events,
            (SELECT count(*) FROM updated) + (SELECT count(*) FROM inserted)
              + (SELECT count(*) FROM totals) + (SELECT count(*) FROM daily) AS touched`,
    { experimentId, part, fromId, toId }
  )
  return Number(rows[0].events)
}

/**
 * After a full rebuild (outside its transaction): VACUUM marks the rewritten rows as
 * visible to all, so the next incremental run does not pay for that on every row it reads,
 * and ANALYZE gives the planner the rebuilt tables' statistics.
 */
export async function settleRebuiltTables() {
  await db
    .connection(BATCH_CONNECTION)
    .rawQuery('VACUUM (ANALYZE) experiment_subject_metrics, experiment_exposed_subjects')
}

async function hasFoldedSubjects(
  trx: TransactionClientContract,
  experimentId: number,
  part: number
) {
  const { rows } = await trx.rawQuery(
    `SELECT EXISTS (SELECT 1 FROM experiment_exposed_subjects
                     WHERE experiment_id = ? AND ${partOf('subject_id')} = ?) AS folded`,
    [experimentId, part]
  )
  return rows[0].folded === true
}

async function countEvents(
  trx: TransactionClientContract,
  experimentId: number,
  part: number,
  fromId: number,
  toId: number
): Promise<number> {
  const { rows } = await trx.rawQuery(
    `SELECT count(*) AS events FROM experiment_events
      WHERE experiment_id = :experimentId AND id > :fromId AND id <= :toId AND ${partOf('subject_id')} = :part`,
    { experimentId, part, fromId, toId }
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

export interface DailyCount {
  day: string
  variantId: number
  n: number
}

/** Per-variant totals: exposed subjects, and per event name the metric totals. */
export interface Totals {
  exposed: VariantTotals[]
  byMetric: Map<string, MetricTotals[]>
}

/** Daily new exposures and new converters (first event of the metric) per variant. */
export interface Daily {
  exposures: DailyCount[]
  conversions: DailyCount[]
}

/** One part's maintained totals and daily counts (a handful of rows), in its transaction. */
async function readPart(
  trx: TransactionClientContract,
  experimentId: number,
  part: number,
  eventNames: string[],
  dailyEvent: string
) {
  const { rows: metrics } = await trx.rawQuery(
    `SELECT event_name, variant_id, converters, count_sum, count_sq, value_sum, value_sq
       FROM experiment_metric_totals WHERE experiment_id = ? AND part = ? AND event_name = ANY(?)`,
    [experimentId, part, eventNames]
  )
  const { rows: daily } = await trx.rawQuery(
    `SELECT event_name, to_char(day, 'YYYY-MM-DD') AS day, variant_id, n FROM experiment_daily_counts
      WHERE experiment_id = ? AND part = ? AND event_name IN ('', ?)`,
    [experimentId, part, dailyEvent]
  )
  return {
    // Over the subjects with events (the converters): the others add nothing to the sums.
    metrics: metrics.map((row: Record<string, any>) => ({
      eventName: row.event_name as string,
      variantId: row.variant_id as number,
      count: new SampleMean({
        n: Number(row.converters),
        sum: Number(row.count_sum),
        sumSquares: Number(row.count_sq),
      }),
      value: new SampleMean({
        n: Number(row.converters),
        sum: Number(row.value_sum),
        sumSquares: Number(row.value_sq),
      }),
    })),
    daily: daily.map((row: Record<string, any>) => ({
      eventName: row.event_name as string,
      day: row.day as string,
      variantId: row.variant_id as number,
      n: Number(row.n),
    })),
  }
}

/** The parts' totals and daily counts added up; exposed subjects are the daily exposures. */
function addUpParts(
  parts: Awaited<ReturnType<typeof readPart>>[],
  dailyEvent: string
): {
  totals: Totals
  daily: Daily
} {
  const metrics = new Map<string, (typeof parts)[number]['metrics'][number]>()
  for (const row of parts.flatMap((part) => part.metrics)) {
    const key = `${row.eventName}\u0000${row.variantId}`
    const sum = metrics.get(key)
    metrics.set(
      key,
      sum ? { ...sum, count: sum.count.add(row.count), value: sum.value.add(row.value) } : row
    )
  }
  const byMetric = new Map<string, MetricTotals[]>()
  for (const { eventName, variantId, count, value } of metrics.values()) {
    const row = {
      variantId,
      converters: count.n,
      countSum: count.sum,
      countSumSquares: count.sumSquares,
      valueSum: value.sum,
      valueSumSquares: value.sumSquares,
    }
    byMetric.set(eventName, [...(byMetric.get(eventName) ?? []), row])
  }

  const days = new Map<string, DailyCount & { eventName: string }>()
  for (const row of parts.flatMap((part) => part.daily)) {
    const key = `${row.eventName}\u0000${row.day}\u0000${row.variantId}`
    const sum = days.get(key)
    if (sum) sum.n += row.n
    else days.set(key, { ...row })
  }
  // A late event can move a converter away from a day, leaving it at zero.
  const series = [...days.values()]
    .filter((row) => row.n !== 0)
    .sort((a, b) => a.day.localeCompare(b.day) || a.variantId - b.variantId)
  const ofEvent = (wanted: string) =>
    series
      .filter((row) => row.eventName === wanted)
      .map(({ day, variantId, n }) => ({ day, variantId, n }))
  const exposures = ofEvent('')

  const exposed = new Map<number, number>()
  for (const row of exposures) exposed.set(row.variantId, (exposed.get(row.variantId) ?? 0) + row.n)
  return {
    totals: {
      exposed: [...exposed].map(([variantId, n]) => ({ variantId, exposed: n })),
      byMetric,
    },
    daily: { exposures, conversions: ofEvent(dailyEvent) },
  }
}
