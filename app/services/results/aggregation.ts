import db from '@adonisjs/lucid/services/db'
import { BATCH_CONNECTION } from '#config/database'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { MetricSource } from '#evaluation/metrics'

/**
 * Incremental sufficient statistics of one experiment, in SQL.
 *
 * State per experiment: one row per exposed subject folded so far (variant, exposure time),
 * holding per metric source (MetricSource: an event, perhaps with a conversion window, a
 * CUPED lookback, a fixed cap or a ratio's denominator) what its events add up to: after
 * the exposure (within the window) the count, value sum and first time; before it (within
 * the lookback) the covariate's count and value sum; a ratio's denominator count and value
 * sum. Each is an array indexed by the source's slot (its position in the part's state
 * `sources`), so folding new events reads and writes each changed subject once, whatever
 * number of sources they feed. Per variant the totals keep Σ and Σ² of the (capped) count and
 * value, Σx, Σx² and Σxy of the covariate x, Σd, Σd² and Σyd of the denominator d: what
 * CUPED (§14) and the delta method (§15) need. Quantiles and percentile caps need the
 * per-subject values themselves (subject_values.ts reads them). A run folds each part of
 * the subjects (FOLD_PARTS) in one transaction:
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
export const partOf = (subjectColumn: string) =>
  `(hashtextextended(${subjectColumn}, 0) & ${FOLD_PARTS - 1})`

/**
 * The metric sources of a run as a relation (binds :sources): one row per source and event
 * it reads (a ratio reads two: its numerator's and, with `den`, its denominator's).
 */
const SOURCES = `src AS MATERIALIZED (
       SELECT key, slot, event, den, measure, dmeasure, cap, make_interval(secs => pre) AS pre,
              make_interval(secs => win) AS win, make_interval(secs => delay) AS delay
         FROM jsonb_to_recordset(:sources::jsonb)
           AS s(key text, slot int, event text, den boolean, measure text, dmeasure text, cap float8, pre float8, win float8, delay float8)
     ), measures AS MATERIALIZED (SELECT key, measure, dmeasure, cap FROM src WHERE NOT den)`

/**
 * Whether event `e` counts for source `s` of a subject exposed at `exposed`, and how. A
 * delayed source (retention) has no covariate, so its window simply starts later.
 */
const counts = (exposed: string) =>
  `e.occurred_at >= ${exposed} + s.delay - s.pre AND (s.win IS NULL OR e.occurred_at < ${exposed} + s.delay + s.win)
          AND (NOT s.den OR e.occurred_at >= ${exposed})`
const post = (exposed: string) => `NOT s.den AND e.occurred_at >= ${exposed} + s.delay`
const pre = (exposed: string) => `NOT s.den AND e.occurred_at < ${exposed}`

/** Per (source, subject) sums of the events in `events` (aliases e, s; exposure column). */
const SUBJECT_SUMS = (exposed: string) => `count(*) FILTER (WHERE ${post(exposed)}) AS c,
              coalesce(sum(e.value) FILTER (WHERE ${post(exposed)}), 0) AS v,
              min(e.occurred_at) FILTER (WHERE ${post(exposed)}) AS f,
              count(*) FILTER (WHERE ${pre(exposed)}) AS pc,
              coalesce(sum(e.value) FILTER (WHERE ${pre(exposed)}), 0) AS pv,
              count(*) FILTER (WHERE s.den) AS dc,
              coalesce(sum(e.value) FILTER (WHERE s.den), 0) AS dv`

/** The capped measure y, covariate x and denominator d of a subject's sums (in SQL). */
const y = (c: string, v: string) =>
  `CASE m.measure WHEN 'conversion' THEN (${c} > 0)::int::float8 WHEN 'count' THEN least(${c}::float8, m.cap) ELSE least(${v}, m.cap) END`
const d = (dc: string, dv: string) =>
  `CASE m.dmeasure WHEN 'count' THEN ${dc}::float8 WHEN 'sum' THEN ${dv} ELSE 0 END`

/**
 * Adds to the per-variant totals what a set of changed subject rows changes (binds
 * :experimentId, :part): `changes` has per row the additions (c, v, pc, pv, dc, dv) and
 * the values before them (oc, ov, opc, opv, odc, odv; zeros for a new row).
 */
const addToTotals = (changes: string) => `INSERT INTO experiment_metric_totals AS t
         (experiment_id, part, event_name, variant_id, converters, count_sum, count_sq, value_sum, value_sq,
          pre_sum, pre_sq, cross_sum, den_sum, den_sq, num_den_sum)
       SELECT :experimentId, :part, k.event_name, k.variant_id,
              count(*) FILTER (WHERE k.oc = 0 AND k.c > 0),
              sum(least((k.oc + k.c)::float8, m.cap) - least(k.oc::float8, m.cap)),
              sum(least((k.oc + k.c)::float8, m.cap) ^ 2 - least(k.oc::float8, m.cap) ^ 2),
              sum(least(k.ov + k.v, m.cap) - least(k.ov, m.cap)),
              sum(least(k.ov + k.v, m.cap) ^ 2 - least(k.ov, m.cap) ^ 2),
              sum(${y('k.opc + k.pc', 'k.opv + k.pv')} - ${y('k.opc', 'k.opv')}),
              sum(${y('k.opc + k.pc', 'k.opv + k.pv')} ^ 2 - ${y('k.opc', 'k.opv')} ^ 2),
              sum(${y('k.oc + k.c', 'k.ov + k.v')} * ${y('k.opc + k.pc', 'k.opv + k.pv')}
                  - ${y('k.oc', 'k.ov')} * ${y('k.opc', 'k.opv')}),
              sum(${d('k.odc + k.dc', 'k.odv + k.dv')} - ${d('k.odc', 'k.odv')}),
              sum(${d('k.odc + k.dc', 'k.odv + k.dv')} ^ 2 - ${d('k.odc', 'k.odv')} ^ 2),
              sum(${y('k.oc + k.c', 'k.ov + k.v')} * ${d('k.odc + k.dc', 'k.odv + k.dv')}
                  - ${y('k.oc', 'k.ov')} * ${d('k.odc', 'k.odv')})
         FROM ${changes} k JOIN measures m ON m.key = k.event_name
        GROUP BY k.event_name, k.variant_id
       ON CONFLICT (experiment_id, event_name, variant_id, part) DO UPDATE SET
         converters = t.converters + excluded.converters,
         count_sum = t.count_sum + excluded.count_sum,
         count_sq = t.count_sq + excluded.count_sq,
         value_sum = t.value_sum + excluded.value_sum,
         value_sq = t.value_sq + excluded.value_sq,
         pre_sum = t.pre_sum + excluded.pre_sum,
         pre_sq = t.pre_sq + excluded.pre_sq,
         cross_sum = t.cross_sum + excluded.cross_sum,
         den_sum = t.den_sum + excluded.den_sum,
         den_sq = t.den_sq + excluded.den_sq,
         num_den_sum = t.num_den_sum + excluded.num_den_sum
       RETURNING 1`

/** Adds a delta row to the daily counts (both fold steps end with it). */
const ADD_TO_DAILY = `ON CONFLICT (experiment_id, event_name, day, variant_id, part) DO UPDATE SET n = dc.n + excluded.n
       RETURNING 1`

/**
 * The per-subject statistics (arrays by slot): their column, their name in SUBJECT_SUMS, and
 * whether a fold adds to them or keeps the earliest (the first event's time).
 */
const STATISTICS = [
  { column: 'event_count', sum: 'c', type: 'integer', earliest: false },
  { column: 'value_sum', sum: 'v', type: 'float8', earliest: false },
  { column: 'first_at', sum: 'f', type: 'timestamptz', earliest: true },
  { column: 'pre_count', sum: 'pc', type: 'integer', earliest: false },
  { column: 'pre_value', sum: 'pv', type: 'float8', earliest: false },
  { column: 'den_count', sum: 'dc', type: 'integer', earliest: false },
  { column: 'den_value', sum: 'dv', type: 'float8', earliest: false },
] as const
type Statistic = (typeof STATISTICS)[number]

/**
 * A part's slots: slot k (1-based) holds the k-th source of the part's state; null for a
 * source no longer folded (kept in place so the others keep their slots).
 */
type Slots = (string | null)[]

/** The value of a statistic in a slot, from per-(source, subject) rows `g` grouped by subject. */
const slotValue = (statistic: Statistic, slot: number) =>
  `${statistic.earliest ? 'min' : 'max'}(g.${statistic.sum}) FILTER (WHERE g.slot = ${slot})`

/** The folded slots (1-based) of a part. */
const foldedSlots = (slots: Slots, folded: Set<string>) =>
  slots.flatMap((key, i) => (key !== null && folded.has(key) ? [i + 1] : []))

/**
 * A new row's array of one statistic, from per-(source, subject) rows `g` grouped by
 * subject: each folded slot's value; nothing (0, or no time) where the subject had none.
 */
function newArray(statistic: Statistic, slots: Slots, folded: Set<string>) {
  const none = statistic.earliest ? 'NULL' : '0'
  const items = slots.map((key, i) => {
    if (key === null || !folded.has(key)) return none
    return statistic.earliest
      ? slotValue(statistic, i + 1)
      : `coalesce(${slotValue(statistic, i + 1)}, 0)`
  })
  return `ARRAY[${items.join(', ')}]::${statistic.type}[]`
}

/**
 * Row `m`'s array of one statistic with the additions `d` (a column per statistic and
 * folded slot, null where nothing was added); the slots of sources not folded stay as they were.
 */
function addedArray(statistic: Statistic, slots: Slots, folded: Set<string>) {
  const items = slots.map((key, i) => {
    const slot = i + 1
    const was = `m.${statistic.column}[${slot}]`
    if (key === null || !folded.has(key)) return statistic.earliest ? was : `coalesce(${was}, 0)`
    const added = `d.${statistic.sum}_${slot}`
    return statistic.earliest
      ? `least(${was}, ${added})`
      : `coalesce(${was}, 0) + coalesce(${added}, 0)`
  })
  return `ARRAY[${items.join(', ')}]::${statistic.type}[]`
}

/** One row per source and event it reads, for the SOURCES relation. */
function sourceRows(sources: MetricSource[], slots: Slots) {
  const unique = new Map(sources.map((source) => [source.key, source]))
  return JSON.stringify(
    [...unique.values()].flatMap((source) => {
      const row = {
        key: source.key,
        slot: slots.indexOf(source.key) + 1,
        event: source.event,
        den: false,
        measure: source.measure,
        dmeasure: source.denominator,
        cap: source.cap,
        pre: source.preDays * 86400,
        win: source.windowHours === null ? null : source.windowHours * 3600,
        delay: source.delayHours * 3600,
      }
      return source.denominatorEvent === null
        ? [row]
        : [row, { ...row, event: source.denominatorEvent, den: true }]
    })
  )
}

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
    /** What the experiment's metrics read; a source not folded yet rebuilds the part. */
    sources: MetricSource[]
    /** The source whose first events per day are counted (the primary metric's). */
    dailySource: string
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
        const fold = await foldPart(trx, experimentId, part, limits, options, settle)
        const statistics = await readPart(
          trx,
          experimentId,
          part,
          options.sources.map((source) => source.key),
          options.dailySource
        )
        return { ...fold, ...statistics }
      })
    )
    for (const trx of parts) await (options.commit ? trx.commit() : trx.rollback())
    return {
      eventsFolded: folded.reduce((sum, part) => sum + part.eventsFolded, 0),
      subjectsAdded: folded.reduce((sum, part) => sum + part.subjectsAdded, 0),
      eventWatermark: Math.min(...folded.map((part) => part.eventWatermark)),
      ...addUpParts(folded, options.dailySource),
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
  options: { full: boolean; sources: MetricSource[] },
  settle: number
) {
  await trx.rawQuery(
    `INSERT INTO experiment_aggregation_state (experiment_id, part, event_watermark, exposure_watermark, updated_at)
     VALUES (?, ?, 0, '-infinity', now()) ON CONFLICT (experiment_id, part) DO NOTHING`,
    [experimentId, part]
  )
  const { rows: stateRows } = await trx.rawQuery(
    `SELECT event_watermark, exposure_watermark, sources FROM experiment_aggregation_state
      WHERE experiment_id = ? AND part = ? FOR UPDATE`,
    [experimentId, part]
  )
  let eventWatermark = Number(stateRows[0].event_watermark)
  let exposureWatermark: Date | string = stateRows[0].exposure_watermark
  const keys = [...new Set(options.sources.map((source) => source.key))]
  // A metric added or redefined since the last run has no statistics for the subjects
  // folded before it: only a rebuild from the events gives them.
  const known: Slots = stateRows[0].sources
  const full = options.full || keys.some((key) => !known.includes(key))
  // A rebuild gives every source a slot afresh; otherwise each keeps its own, and a source
  // this run does not fold loses its key (its statistics go stale; using it again rebuilds).
  const slots: Slots = full ? keys : known.map((key) => (key && keys.includes(key) ? key : null))
  const folded = new Set(keys)
  const sources = sourceRows(options.sources, slots)

  if (full) {
    await trx.rawQuery(
      `DELETE FROM experiment_exposed_subjects WHERE experiment_id = ? AND ${partOf('subject_id')} = ?`,
      [experimentId, part]
    )
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
      ? await foldNewEvents(
          trx,
          experimentId,
          part,
          sources,
          slots,
          eventWatermark,
          newEventWatermark
        )
      : await countEvents(trx, experimentId, part, eventWatermark, newEventWatermark)

  // 2. Subjects exposed since the last run: everything they did after their exposure. The
  // window overlaps the previous one by `settle`, so subjects already in are skipped (a full
  // run starts from none, so it skips the check: a million index probes).
  const notFoldedYet = full
    ? ''
    : `AND NOT EXISTS (SELECT 1 FROM experiment_exposed_subjects x
                        WHERE hashtextextended(x.subject_id, x.experiment_id) = hashtextextended(a.subject_id, a.experiment_id)
                          AND x.experiment_id = a.experiment_id AND x.subject_id = a.subject_id)`
  const { rows: added } = await trx.rawQuery(
    `WITH ${SOURCES}, new_subjects AS MATERIALIZED (
       SELECT subject_id, variant_id, first_exposed_at AS exposed_at
         FROM experiment_assignments a
        WHERE experiment_id = :experimentId AND first_exposed_at IS NOT NULL
          AND first_exposed_at >= :exposureWatermark::timestamptz - make_interval(secs => :settle) AND first_exposed_at < :newExposureWatermark
          AND ${partOf('subject_id')} = :part
          ${notFoldedYet}
     ), stats AS MATERIALIZED (
       SELECT s.slot, s.key AS event_name, e.subject_id, n.variant_id, n.exposed_at,
              ${SUBJECT_SUMS('n.exposed_at')}
         FROM new_subjects n
         JOIN experiment_events e ON e.experiment_id = :experimentId AND e.subject_id = n.subject_id
         JOIN src s ON s.event = e.event_name
        WHERE e.id <= :newEventWatermark AND ${counts('n.exposed_at')}
        GROUP BY s.slot, s.key, e.subject_id, n.variant_id, n.exposed_at
     ), by_subject AS (
       SELECT g.subject_id, ${STATISTICS.map((statistic) => `${newArray(statistic, slots, folded)} AS ${statistic.column}`).join(', ')}
         FROM stats g GROUP BY g.subject_id
     ), inserted AS (
       INSERT INTO experiment_exposed_subjects
         (experiment_id, subject_id, variant_id, exposed_at, ${STATISTICS.map((statistic) => statistic.column).join(', ')})
       SELECT :experimentId, n.subject_id, n.variant_id, n.exposed_at, ${STATISTICS.map((statistic) => `b.${statistic.column}`).join(', ')}
         FROM new_subjects n LEFT JOIN by_subject b ON b.subject_id = n.subject_id
       RETURNING 1
     ), totals AS (
       ${addToTotals(`(SELECT *, 0 AS oc, 0 AS ov, 0 AS opc, 0 AS opv, 0 AS odc, 0 AS odv FROM stats)`)}
     ), daily AS (
       INSERT INTO experiment_daily_counts AS dc (experiment_id, part, event_name, day, variant_id, n)
       SELECT :experimentId, :part, event_name, day, variant_id, count(*) FROM (
           SELECT '' AS event_name, (exposed_at AT TIME ZONE 'UTC')::date AS day, variant_id FROM new_subjects
           UNION ALL
           SELECT event_name, (f AT TIME ZONE 'UTC')::date, variant_id FROM stats WHERE f IS NOT NULL
         ) AS rows
        GROUP BY event_name, day, variant_id
       ${ADD_TO_DAILY}
     )
     SELECT (SELECT count(*) FROM inserted) AS subjects,
            (SELECT count(*) FROM totals) + (SELECT count(*) FROM daily) AS touched`,
    {
      experimentId,
      part,
      exposureWatermark,
      newExposureWatermark,
      newEventWatermark,
      settle,
      sources,
    }
  )

  // 3. The watermarks move only together with the data they cover (same transaction).
  await trx.rawQuery(
    `UPDATE experiment_aggregation_state
        SET event_watermark = :newEventWatermark, exposure_watermark = greatest(:exposureWatermark::timestamptz, :newExposureWatermark::timestamptz), updated_at = now(),
            sources = :slots::text[]
      WHERE experiment_id = :experimentId AND part = :part`,
    // (pg sends a null slot as NULL)
    {
      experimentId,
      part,
      exposureWatermark,
      newExposureWatermark,
      newEventWatermark,
      slots: slots as string[],
    }
  )

  return {
    eventsFolded,
    subjectsAdded: Number(added[0].subjects),
    eventWatermark: newEventWatermark,
  }
}

/**
 * Step 1: new events (ids in (fromId, toId]) of subjects folded before this run. Each
 * changed subject's row (exposure time, statistics so far) is found once, with one probe of
 * the hash index, and updated once in place (by ctid, read in the same statement; runs of
 * one experiment are serialized by the state row's lock, so nothing else moves it). Events
 * of subjects not folded yet wait for step 2. Totals and daily counts change by the
 * difference each (subject, source) makes. Returns the number of events in the range.
 */
async function foldNewEvents(
  trx: TransactionClientContract,
  experimentId: number,
  part: number,
  sources: string,
  slots: Slots,
  fromId: number,
  toId: number
): Promise<number> {
  // The batch's intermediate rows (about 100 bytes per event) stay in memory instead of
  // spilling to temporary files at the default 4 MB; until the transaction ends.
  await trx.rawQuery(`SET LOCAL work_mem = '32MB'`)
  const folded = new Set(slots.filter((key) => key !== null))
  const old = (statistic: Statistic, alias: string) =>
    statistic.earliest
      ? `r.${statistic.column}[s.slot] AS ${alias}`
      : `coalesce(r.${statistic.column}[s.slot], 0) AS ${alias}`
  const { rows } = await trx.rawQuery(
    `WITH ${SOURCES}, events AS MATERIALIZED (
       SELECT e.experiment_id, e.subject_id, e.event_name, e.value, e.occurred_at
         FROM experiment_events e
        WHERE e.experiment_id = :experimentId AND e.id > :fromId AND e.id <= :toId AND ${partOf('e.subject_id')} = :part
     ), subject_rows AS MATERIALIZED (
       SELECT m.*
         FROM (SELECT DISTINCT experiment_id, subject_id FROM events) AS u
         CROSS JOIN LATERAL (
           -- One probe of the hash index per subject (the LIMIT keeps the planner from
           -- hashing the whole table instead: twice as slow at a million subjects).
           SELECT ctid AS row_id, subject_id, variant_id, exposed_at, ${STATISTICS.map((statistic) => statistic.column).join(', ')}
             FROM experiment_exposed_subjects x
            WHERE hashtextextended(x.subject_id, x.experiment_id) = hashtextextended(u.subject_id, u.experiment_id)
              AND x.experiment_id = u.experiment_id AND x.subject_id = u.subject_id
            LIMIT 1
         ) AS m
     ), known AS MATERIALIZED (
       SELECT r.row_id, s.slot, s.key AS event_name, r.variant_id,
              ${old(STATISTICS[0], 'oc')}, ${old(STATISTICS[1], 'ov')}, ${old(STATISTICS[2], 'of')},
              ${old(STATISTICS[3], 'opc')}, ${old(STATISTICS[4], 'opv')}, ${old(STATISTICS[5], 'odc')},
              ${old(STATISTICS[6], 'odv')},
              ${SUBJECT_SUMS('r.exposed_at')}
         FROM events e
         JOIN subject_rows r ON r.subject_id = e.subject_id
         JOIN src s ON s.event = e.event_name
        WHERE ${counts('r.exposed_at')}
        GROUP BY r.row_id, s.slot, s.key, r.variant_id, oc, ov, of, opc, opv, odc, odv
     ), additions AS (
       SELECT g.row_id, ${foldedSlots(slots, folded)
         .flatMap((slot) =>
           STATISTICS.map(
             (statistic) => `${slotValue(statistic, slot)} AS ${statistic.sum}_${slot}`
           )
         )
         .join(', ')}
         FROM known g GROUP BY g.row_id
     ), updated AS (
       UPDATE experiment_exposed_subjects m SET
         ${STATISTICS.map((statistic) => `${statistic.column} = ${addedArray(statistic, slots, folded)}`).join(',\n         ')}
         FROM additions d
        WHERE m.ctid = d.row_id
       RETURNING 1
     ), totals AS (
       ${addToTotals('known')}
     ), moves AS (
       -- A new converter counts on the day of its first event; an earlier first event
       -- (a late event) moves the subject from its old day to the new one.
       SELECT event_name, move.day, variant_id, move.n
         FROM (SELECT * FROM known
                WHERE f IS NOT NULL AND (of IS NULL OR (f AT TIME ZONE 'UTC')::date < (of AT TIME ZONE 'UTC')::date)) AS c,
              LATERAL (VALUES ((f AT TIME ZONE 'UTC')::date, 1), ((of AT TIME ZONE 'UTC')::date, -1)) AS move (day, n)
        WHERE move.n = 1 OR of IS NOT NULL
     ), daily AS (
       INSERT INTO experiment_daily_counts AS dc (experiment_id, part, event_name, day, variant_id, n)
       SELECT :experimentId, :part, event_name, day, variant_id, sum(n) FROM moves GROUP BY event_name, day, variant_id
       ${ADD_TO_DAILY}
     )
     SELECT (SELECT count(*) FROM events) AS events,
            (SELECT count(*) FROM updated) + (SELECT count(*) FROM totals) + (SELECT count(*) FROM daily) AS touched`,
    { experimentId, part, fromId, toId, sources }
  )
  return Number(rows[0].events)
}

/**
 * After a full rebuild (outside its transaction): VACUUM marks the rewritten rows as
 * visible to all, so the next incremental run does not pay for that on every row it reads,
 * and ANALYZE gives the planner the rebuilt tables' statistics.
 */
export async function settleRebuiltTables() {
  await db.connection(BATCH_CONNECTION).rawQuery('VACUUM (ANALYZE) experiment_exposed_subjects')
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
  /** Σ and Σ² of events per subject, over subjects with events (others add 0); capped. */
  countSum: number
  countSumSquares: number
  /** Σ and Σ² of the value sum per subject; capped. */
  valueSum: number
  valueSumSquares: number
  /** CUPED: Σx, Σx² of the covariate (the measure before exposure) and Σxy. */
  preSum: number
  preSumSquares: number
  crossSum: number
  /** Ratio: Σd, Σd² of the denominator and Σ(numerator·d). */
  denSum: number
  denSumSquares: number
  numDenSum: number
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
  sourceKeys: string[],
  dailySource: string
) {
  const { rows: metrics } = await trx.rawQuery(
    `SELECT event_name, variant_id, converters, count_sum, count_sq, value_sum, value_sq,
            pre_sum, pre_sq, cross_sum, den_sum, den_sq, num_den_sum
       FROM experiment_metric_totals WHERE experiment_id = ? AND part = ? AND event_name = ANY(?)`,
    [experimentId, part, sourceKeys]
  )
  const { rows: daily } = await trx.rawQuery(
    `SELECT event_name, to_char(day, 'YYYY-MM-DD') AS day, variant_id, n FROM experiment_daily_counts
      WHERE experiment_id = ? AND part = ? AND event_name IN ('', ?)`,
    [experimentId, part, dailySource]
  )
  return {
    // Over the subjects with events: the others add nothing to the sums.
    metrics: metrics.map((row: Record<string, any>) => ({
      eventName: row.event_name as string,
      totals: {
        variantId: row.variant_id as number,
        converters: Number(row.converters),
        countSum: Number(row.count_sum),
        countSumSquares: Number(row.count_sq),
        valueSum: Number(row.value_sum),
        valueSumSquares: Number(row.value_sq),
        preSum: Number(row.pre_sum),
        preSumSquares: Number(row.pre_sq),
        crossSum: Number(row.cross_sum),
        denSum: Number(row.den_sum),
        denSumSquares: Number(row.den_sq),
        numDenSum: Number(row.num_den_sum),
      },
    })),
    daily: daily.map((row: Record<string, any>) => ({
      eventName: row.event_name as string,
      day: row.day as string,
      variantId: row.variant_id as number,
      n: Number(row.n),
    })),
  }
}

const TOTALS_FIELDS = [
  'converters',
  'countSum',
  'countSumSquares',
  'valueSum',
  'valueSumSquares',
  'preSum',
  'preSumSquares',
  'crossSum',
  'denSum',
  'denSumSquares',
  'numDenSum',
] as const

/** The parts' totals and daily counts added up; exposed subjects are the daily exposures. */
function addUpParts(
  parts: Awaited<ReturnType<typeof readPart>>[],
  dailyEvent: string
): {
  totals: Totals
  daily: Daily
} {
  const byMetric = new Map<string, MetricTotals[]>()
  for (const { eventName, totals } of parts.flatMap((part) => part.metrics)) {
    const rows = byMetric.get(eventName) ?? []
    const sum = rows.find((row) => row.variantId === totals.variantId)
    if (sum) for (const field of TOTALS_FIELDS) sum[field] += totals[field]
    else rows.push({ ...totals })
    byMetric.set(eventName, rows)
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
