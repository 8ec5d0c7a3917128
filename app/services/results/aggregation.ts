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
 * The event readers of a run as a relation (binds :sources): one row per reader (see
 * readerRows), which the folded slots' statistics take their sums from.
 */
const SOURCES = `src AS MATERIALIZED (
       SELECT reader, event, make_interval(secs => pre) AS pre,
              make_interval(secs => win) AS win, make_interval(secs => delay) AS delay
         FROM jsonb_to_recordset(:sources::jsonb)
           AS s(reader int, event text, pre float8, win float8, delay float8)
     )`

/** The key of the source in slot x.slot (binds :slots). */
const SOURCE_KEY = '(:slots::text[])[x.slot]'

/**
 * Whether event `e` counts for reader `s` of a subject exposed at `exposed`: in its lookback
 * before the exposure or in its window after it. A delayed reader (retention) has no
 * lookback, so its window simply starts later.
 */
const counts = (exposed: string) =>
  `e.occurred_at >= ${exposed} + s.delay - s.pre AND (s.win IS NULL OR e.occurred_at < ${exposed} + s.delay + s.win)`

/** The per-variant totals of a source (columns of experiment_metric_totals). */
const TOTALS = [
  'converters',
  'count_sum',
  'count_sq',
  'value_sum',
  'value_sq',
  'pre_sum',
  'pre_sq',
  'cross_sum',
  'den_sum',
  'den_sq',
  'num_den_sum',
] as const

/**
 * What the rows of `rows` (one per subject: variant_id, a row of subjectSums, and with
 * `withBefore` the values before them, o<sum>_<slot>) add to each variant's totals of a
 * folded slot, as SQL aggregates named <total>_<slot>, and n_<slot>: how many of the
 * subjects had an event of the source. The totals of a subject are differences (after
 * minus before), so a subject without an event of the source adds nothing.
 */
function slotTotals(folded: FoldedSlot, withBefore: boolean) {
  const { slot, source } = folded
  const live = (sum: string) => folded.statistics.some((statistic) => statistic.sum === sum)
  const before = (sum: string) => (withBefore && live(sum) ? `o${sum}_${slot}` : '0')
  const after = (sum: string) =>
    live(sum) ? `(${before(sum)} + coalesce(${sum}_${slot}, 0))` : before(sum)
  const capped = (x: string) =>
    source.cap === null ? `(${x})::float8` : `least((${x})::float8, (${source.cap})::float8)`
  // The capped measure y, the covariate x (y before the exposure) and the denominator d.
  const y = (c: string, v: string) =>
    source.measure === 'conversion'
      ? `((${c}) > 0)::int::float8`
      : capped(source.measure === 'count' ? c : v)
  const d = (dc: string, dv: string) =>
    source.denominator === 'count'
      ? `(${dc})::float8`
      : source.denominator === 'sum'
        ? `(${dv})::float8`
        : '0::float8'
  const at = (values: (sum: string) => string) => ({
    c: capped(values('c')),
    v: capped(values('v')),
    y: y(values('c'), values('v')),
    x: y(values('pc'), values('pv')),
    d: d(values('dc'), values('dv')),
  })
  const [was, is] = [at(before), at(after)]
  const change = (of: (values: typeof was) => string) => `sum(${of(is)} - ${of(was)})`
  const totals: Record<(typeof TOTALS)[number], string> = {
    converters: `count(*) FILTER (WHERE ${before('c')} = 0 AND coalesce(c_${slot}, 0) > 0)`,
    count_sum: change((values) => values.c),
    count_sq: change((values) => `${values.c} ^ 2`),
    value_sum: change((values) => values.v),
    value_sq: change((values) => `${values.v} ^ 2`),
    pre_sum: change((values) => values.x),
    pre_sq: change((values) => `${values.x} ^ 2`),
    cross_sum: change((values) => `${values.y} * ${values.x}`),
    den_sum: change((values) => values.d),
    den_sq: change((values) => `${values.d} ^ 2`),
    num_den_sum: change((values) => `${values.y} * ${values.d}`),
  }
  const events = folded.statistics
    .filter((statistic) => statistic.of === 'n')
    .map((statistic) => `coalesce(${statistic.sum}_${slot}, 0)`)
    .join(' + ')
  return [
    `count(*) FILTER (WHERE ${events} > 0) AS n_${slot}`,
    ...computedTotals(folded).map((total) => `${totals[total]} AS ${total}_${slot}`),
  ]
}

/**
 * The totals a slot's rows can change: without a covariate the covariate's totals stay 0,
 * without a denominator the denominator's; those are not summed over every row (per row,
 * a third of a fold's totals work with CUPED on three metrics and one ratio).
 */
function computedTotals({ statistics }: FoldedSlot) {
  const has = (when: Statistic['when']) => statistics.some((statistic) => statistic.when === when)
  return TOTALS.filter((total) =>
    ['pre_sum', 'pre_sq', 'cross_sum'].includes(total)
      ? has('pre')
      : ['den_sum', 'den_sq', 'num_den_sum'].includes(total)
        ? has('den')
        : true
  )
}

/**
 * Adds to the per-variant totals what the subjects of `rows` (see slotTotals) change (binds
 * :experimentId, :part, :slots): two CTEs, slot_totals and totals.
 */
const addToTotals = (folded: FoldedSlot[], rows: string, withBefore: boolean) => `slot_totals AS (
       SELECT variant_id, ${folded.flatMap((slot) => slotTotals(slot, withBefore)).join(',\n              ')}
         FROM ${rows} GROUP BY variant_id
     ), totals AS (
       INSERT INTO experiment_metric_totals AS t (experiment_id, part, event_name, variant_id, ${TOTALS.join(', ')})
       SELECT :experimentId, :part, ${SOURCE_KEY}, v.variant_id, ${TOTALS.map((total) => `x.${total}`).join(', ')}
         FROM slot_totals v
         CROSS JOIN LATERAL (VALUES ${folded
           .map((slot) => {
             const computed = computedTotals(slot)
             const value = (total: (typeof TOTALS)[number]) =>
               computed.includes(total) ? `${total}_${slot.slot}` : '0'
             return `(${slot.slot}, n_${slot.slot}, ${TOTALS.map(value).join(', ')})`
           })
           .join(', ')}) AS x (slot, n, ${TOTALS.join(', ')})
        WHERE x.n > 0
       ON CONFLICT (experiment_id, event_name, variant_id, part) DO UPDATE SET
         ${TOTALS.map((total) => `${total} = t.${total} + excluded.${total}`).join(',\n         ')}
       RETURNING 1
     )`

/** The UTC day of a time (SQL). */
const utcDay = (time: string) => `(${time} AT TIME ZONE 'UTC')::date`

/**
 * Whether a slot's daily counts also keep the covariate sums: a CUPED conversion metric,
 * whose daily lift chart is adjusted like its results (x and y are 0 or 1).
 */
const dailyCovariate = ({ source, statistics }: FoldedSlot) =>
  source.measure === 'conversion' && statistics.some((statistic) => statistic.when === 'pre')

/** The daily counts' columns a fold adds to (rows of dailyChanges, in this order). */
const DAILY = ['n', 'pre_sum', 'pre_sq', 'cross_sum'] as const

/**
 * The daily counts' changes (event_name, day, variant_id, then DAILY) from the subjects of
 * `rows`: a new converter of a source counts on the day of its first event; with
 * `withBefore`, an earlier first event (a late event) moves the subject from its old day to
 * the new one. For a CUPED conversion slot, x (the subject converted before its exposure)
 * adds to Σx and Σx² on the exposure day and to Σxy on the first conversion's day: summed up
 * to a day, the totals of the subjects exposed by then with the conversions made by then.
 */
function dailyChanges(folded: FoldedSlot[], rows: string, withBefore: boolean) {
  return folded
    .flatMap((slot) => {
      const { slot: k } = slot
      const [f, of] = [`f_${k}`, `of_${k}`]
      const key = `(:slots::text[])[${k}]`
      const row = (day: string, n: string, pre: string, cross: string, where: string) =>
        `SELECT ${key}, ${day}, variant_id, ${n}, (${pre})::float8, (${pre})::float8, (${cross})::float8 FROM ${rows} WHERE ${where}`
      const covariate = dailyCovariate(slot)
      if (!withBefore) {
        const x = `(coalesce(pc_${k}, 0) > 0)::int`
        return [
          row(utcDay(f), '1', '0', covariate ? x : '0', `${f} IS NOT NULL`),
          ...(covariate ? [row(utcDay('exposed_at'), '0', x, '0', `pc_${k} > 0`)] : []),
        ]
      }
      const [was, is] = [`(opc_${k} > 0)::int`, `(opc_${k} + coalesce(pc_${k}, 0) > 0)::int`]
      const earlier = `${f} IS NOT NULL AND ${of} IS NOT NULL AND ${utcDay(f)} < ${utcDay(of)}`
      const rowsOf = [
        row(
          utcDay(f),
          '1',
          '0',
          covariate ? is : '0',
          `${f} IS NOT NULL AND ${of} IS NULL OR ${earlier}`
        ),
        row(utcDay(of), '-1', '0', covariate ? `-${was}` : '0', earlier),
      ]
      if (!covariate) return rowsOf
      // x changed (a late pre-exposure event): on the exposure day, and on a first day that stays.
      return [
        ...rowsOf,
        row(utcDay('exposed_at'), '0', `${is} - ${was}`, '0', `${is} <> ${was}`),
        row(
          utcDay(of),
          '0',
          '0',
          `${is} - ${was}`,
          `${is} <> ${was} AND ${of} IS NOT NULL AND NOT (${earlier})`
        ),
      ]
    })
    .join('\n           UNION ALL ')
}

/** Adds the rows of dailyChanges (`changes`) to the daily counts (both fold steps end with it). */
const addToDaily = (changes: string) => `daily AS (
       INSERT INTO experiment_daily_counts AS dc (experiment_id, part, event_name, day, variant_id, ${DAILY.join(', ')})
       SELECT :experimentId, :part, event_name, day, variant_id, ${DAILY.map((column) => `sum(${column})`).join(', ')}
         FROM (${changes}) AS changes (event_name, day, variant_id, ${DAILY.join(', ')})
        GROUP BY event_name, day, variant_id
       ON CONFLICT (experiment_id, event_name, day, variant_id, part) DO UPDATE SET
         ${DAILY.map((column) => `${column} = dc.${column} + excluded.${column}`).join(', ')}
       RETURNING 1
     )`

/**
 * The per-subject statistics (arrays by slot): their column, the name of the sum folded into
 * them, and what gives it (see subjectSums): the count (n), value sum (v) or first time (f)
 * of a source's events after the exposure, before it (the covariate), or of the ratio's
 * denominator event.
 */
const STATISTICS = [
  { column: 'event_count', sum: 'c', type: 'integer', of: 'n', when: 'post' },
  { column: 'value_sum', sum: 'v', type: 'float8', of: 'v', when: 'post' },
  { column: 'first_at', sum: 'f', type: 'timestamptz', of: 'f', when: 'post' },
  { column: 'pre_count', sum: 'pc', type: 'integer', of: 'n', when: 'pre' },
  { column: 'pre_value', sum: 'pv', type: 'float8', of: 'v', when: 'pre' },
  { column: 'den_count', sum: 'dc', type: 'integer', of: 'n', when: 'den' },
  { column: 'den_value', sum: 'dv', type: 'float8', of: 'v', when: 'den' },
] as const
type Statistic = (typeof STATISTICS)[number]
/** The first event's time is kept, not added to. */
const earliest = (statistic: Statistic) => statistic.sum === 'f'
const COLUMNS = STATISTICS.map((statistic) => statistic.column).join(', ')

/**
 * A part's slots: slot k (1-based) holds the k-th source of the part's state; null for a
 * source no longer folded (kept in place so the others keep their slots).
 */
type Slots = (string | null)[]

/**
 * A slot this run folds, the statistics its source can have (a covariate, a denominator),
 * and the readers (see readerRows) of its event and of its denominator's.
 */
interface FoldedSlot {
  slot: number
  source: MetricSource
  statistics: Statistic[]
  reader: number
  denominatorReader: number
}

/**
 * What a reader counts of a subject's events named `event` (in seconds): those in the
 * `pre` lookback before the exposure, and those in the window after it (from `delay`, `win`
 * long, or without end).
 */
interface Reader {
  event: string
  pre: number
  win: number | null
  delay: number
}

/**
 * The slots this run folds, and the readers of their events. Sources of one event with the
 * same window share a reader, so each event is joined to one row, not one per source (with
 * CUPED on its metrics and a ratio, an event fed three sources and was counted three times).
 * A reader's lookback serves a source whose covariate has that lookback; sources without a
 * covariate, and denominators (they count from the exposure), ignore it.
 */
function foldedSlots(slots: Slots, sources: MetricSource[]) {
  const readers: Reader[] = []
  const readerOf = (wanted: Reader) => {
    let index = readers.findIndex(
      (reader) =>
        reader.event === wanted.event &&
        reader.win === wanted.win &&
        reader.delay === wanted.delay &&
        (reader.pre === wanted.pre || reader.pre === 0 || wanted.pre === 0)
    )
    if (index < 0) index = readers.push({ ...wanted }) - 1
    readers[index].pre = Math.max(readers[index].pre, wanted.pre)
    return index + 1
  }
  const folded = slots.flatMap((key, i): FoldedSlot[] => {
    const source = sources.find((candidate) => candidate.key === key)
    if (!source) return []
    const statistics = STATISTICS.filter(
      ({ when }) =>
        when === 'post' ||
        (when === 'pre' && source.preDays > 0) ||
        (when === 'den' && source.denominatorEvent !== null)
    )
    const window = {
      win: source.windowHours === null ? null : source.windowHours * 3600,
      delay: source.delayHours * 3600,
    }
    const reader = readerOf({ event: source.event, pre: source.preDays * 86400, ...window })
    const denominatorReader =
      source.denominatorEvent === null
        ? 0
        : readerOf({ event: source.denominatorEvent, pre: 0, ...window })
    return [{ slot: i + 1, source, statistics, reader, denominatorReader }]
  })
  return {
    folded,
    /** The readers as rows of the SOURCES relation. */
    readerRows: JSON.stringify(readers.map((reader, i) => ({ reader: i + 1, ...reader }))),
  }
}

/**
 * Which of a reader's sums (see subjectSums) a counted event adds to: after the exposure
 * (a source's own and its denominator's statistics) or before it (the covariate).
 */
const KINDS = { post: 0, pre: 1 } as const

/**
 * Per subject, one column `<sum>_<slot>` per folded slot and statistic: what the subject's
 * counted events add to it (null where nothing was added), and the `keys` (SQL and alias)
 * that identify the subject. `from` joins the events (e) with their readers (s) and subjects
 * (`exposed`: the exposure time). Grouped twice: by subject, reader and kind of event first
 * (three plain aggregates), then one row per subject; a single grouping with a filtered
 * aggregate per slot and statistic cost about twice as much.
 */
function subjectSums(
  folded: FoldedSlot[],
  keys: [string, string][],
  from: string,
  exposed: string
) {
  const kind = `CASE WHEN e.occurred_at >= ${exposed} + s.delay THEN ${KINDS.post}
                         WHEN e.occurred_at < ${exposed} THEN ${KINDS.pre} END`
  const aliases = keys.map(([, alias]) => alias).join(', ')
  const sums = folded.flatMap(({ slot, statistics, reader, denominatorReader }) =>
    statistics.map(
      (statistic) =>
        `max(g.${statistic.of}) FILTER (WHERE g.reader = ${statistic.when === 'den' ? denominatorReader : reader}
                AND g.kind = ${statistic.when === 'pre' ? KINDS.pre : KINDS.post}) AS ${statistic.sum}_${slot}`
    )
  )
  return `SELECT ${aliases}, ${sums.join(',\n              ')}
         FROM (SELECT ${keys.map(([key, alias]) => `${key} AS ${alias}`).join(', ')}, s.reader, ${kind} AS kind,
                      count(*) AS n, sum(e.value) AS v, min(e.occurred_at) AS f
                 FROM ${from}
                WHERE ${counts(exposed)}
                GROUP BY ${keys.map(([key]) => key).join(', ')}, s.reader, kind) AS g
        GROUP BY ${aliases}`
}

/**
 * A row's array of one statistic: row `m`'s values (none for a new row) plus the sums of
 * `sums` (a row of subjectSums, perhaps null) in the folded slots.
 */
function slotArray(
  statistic: Statistic,
  slots: Slots,
  folded: FoldedSlot[],
  sums: string,
  m?: string
) {
  const items = slots.map((_, i) => {
    const slot = i + 1
    const was = m === undefined ? null : `${m}.${statistic.column}[${slot}]`
    const hasSum = folded
      .find((candidate) => candidate.slot === slot)
      ?.statistics.includes(statistic)
    const added = hasSum ? `${sums}.${statistic.sum}_${slot}` : null
    if (earliest(statistic)) {
      return was && added ? `least(${was}, ${added})` : (was ?? added ?? 'NULL')
    }
    return [was, added].map((term) => (term ? `coalesce(${term}, 0)` : '0')).join(' + ')
  })
  return `ARRAY[${items.join(', ')}]::${statistic.type}[]`
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
    `SELECT event_watermark, exposure_watermark, sources, exposure_watermark > '-infinity' AS folded_before
       FROM experiment_aggregation_state
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
  const { folded, readerRows: sources } = foldedSlots(slots, options.sources)

  // The planner cannot see how many rows the fold's intermediate results hold (it guesses
  // a thousand where a full run has millions): it sorted them on text keys to group them
  // (most of a full run's time) and probed the events' index once per subject. Hashing is
  // what fits; a full run's groups (a row per subject) stay in memory up to 64 MB.
  // An incremental run's join of its new events to their subjects' rows is as blind (the
  // events' partitions): a nested loop there took minutes for 100,000 events. The probe per
  // subject (a LATERAL join) stays a loop either way.
  await trx.rawQuery('SET LOCAL enable_sort = off')
  await trx.rawQuery('SET LOCAL enable_nestloop = off')
  if (full) await trx.rawQuery(`SET LOCAL work_mem = '64MB'`)
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

  // Events after the watermark arrived at most `settle` before the last run's exposure
  // watermark (the same bound as the exposures'): the bound lets PostgreSQL read only the
  // monthly partitions since then (docs/scaling.md#partitioned-events).
  const receivedSince = { since: exposureWatermark, settle }

  // 1. New events of subjects already folded. There are none in a full run or before the
  // part's first run (step 2 folds subjects and moves the exposure watermark together); then
  // step 2 folds every event and this step only counts them.
  const eventsFolded =
    !full && stateRows[0].folded_before
      ? await foldNewEvents(
          trx,
          experimentId,
          part,
          sources,
          slots,
          folded,
          eventWatermark,
          newEventWatermark,
          receivedSince
        )
      : await countEvents(trx, experimentId, part, eventWatermark, newEventWatermark, receivedSince)

  // 2. Subjects exposed since the last run: everything they did after their exposure. The
  // window overlaps the previous one by `settle`, so subjects already in are skipped (a full
  // run starts from none, so it skips the check: a million index probes).
  // An incremental run's few new subjects are probed one by one, in the subjects' and the
  // events' indexes: with nested loops off, one new subject had the planner read all the
  // subjects' rows and every event of the experiment (OFFSET 0 keeps each probe a
  // subquery, which only a loop can run). A full run hashes them all.
  const notFoldedYet = full
    ? ''
    : `AND NOT EXISTS (SELECT 1 FROM experiment_exposed_subjects x
                        WHERE hashtextextended(x.subject_id, x.experiment_id) = hashtextextended(a.subject_id, a.experiment_id)
                          AND x.experiment_id = a.experiment_id AND x.subject_id = a.subject_id OFFSET 0)`
  const newEvents = full
    ? `JOIN experiment_events e ON e.experiment_id = :experimentId AND e.subject_id = n.subject_id AND e.id <= :newEventWatermark`
    : `CROSS JOIN LATERAL (
                   SELECT event_name, value, occurred_at FROM experiment_events e
                    WHERE e.experiment_id = :experimentId AND e.subject_id = n.subject_id AND e.id <= :newEventWatermark
                   OFFSET 0) AS e`
  const { rows: added } = await trx.rawQuery(
    `WITH ${SOURCES}, new_subjects AS MATERIALIZED (
       SELECT subject_id, variant_id, first_exposed_at AS exposed_at
         FROM experiment_assignments a
        WHERE experiment_id = :experimentId AND first_exposed_at IS NOT NULL
          AND first_exposed_at >= :exposureWatermark::timestamptz - make_interval(secs => :settle) AND first_exposed_at < :newExposureWatermark
          AND ${partOf('subject_id')} = :part
          ${notFoldedYet}
     ), sums AS MATERIALIZED (
       ${subjectSums(
         folded,
         [
           ['n.subject_id', 'subject_id'],
           ['n.variant_id', 'variant_id'],
           // The exposure day, for the daily covariate sums.
           ...(folded.some(dailyCovariate)
             ? [['n.exposed_at', 'exposed_at'] as [string, string]]
             : []),
         ],
         `new_subjects n
                 ${newEvents}
                 JOIN src s ON s.event = e.event_name`,
         'n.exposed_at'
       )}
     ), inserted AS (
       INSERT INTO experiment_exposed_subjects (experiment_id, subject_id, variant_id, exposed_at, ${COLUMNS})
       SELECT :experimentId, n.subject_id, n.variant_id, n.exposed_at,
              ${STATISTICS.map((statistic) => slotArray(statistic, slots, folded, 'd')).join(',\n              ')}
         FROM new_subjects n LEFT JOIN sums d ON d.subject_id = n.subject_id
       RETURNING 1
     ), ${addToTotals(folded, 'sums', false)}, ${addToDaily(
       `SELECT '', ${utcDay('exposed_at')}, variant_id, 1, 0::float8, 0::float8, 0::float8 FROM new_subjects
           UNION ALL ${dailyChanges(folded, 'sums', false)}`
     )}
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
      slots: slots as string[],
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

/** The lower bound on received_at of the events after a watermark (see foldPart). */
interface ReceivedSince {
  since: Date | string
  settle: number
}
const RECEIVED_SINCE = `e.received_at >= :since::timestamptz - make_interval(secs => :settle)`

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
  folded: FoldedSlot[],
  fromId: number,
  toId: number,
  received: ReceivedSince
): Promise<number> {
  // The batch's intermediate rows (about 100 bytes per event) stay in memory instead of
  // spilling to temporary files at the default 4 MB; until the transaction ends.
  await trx.rawQuery(`SET LOCAL work_mem = '32MB'`)
  // The values before this run's additions, read with the row (for the totals' differences).
  const before = folded
    .flatMap(({ slot, statistics }) =>
      statistics.map((statistic) =>
        earliest(statistic)
          ? `x.${statistic.column}[${slot}] AS of_${slot}`
          : `coalesce(x.${statistic.column}[${slot}], 0) AS o${statistic.sum}_${slot}`
      )
    )
    .join(', ')
  const { rows } = await trx.rawQuery(
    `WITH ${SOURCES}, events AS MATERIALIZED (
       SELECT e.experiment_id, e.subject_id, e.event_name, e.value, e.occurred_at
         FROM experiment_events e
        WHERE e.experiment_id = :experimentId AND e.id > :fromId AND e.id <= :toId AND ${partOf('e.subject_id')} = :part
          AND ${RECEIVED_SINCE}
     ), subject_rows AS MATERIALIZED (
       SELECT u.subject_id, m.*
         FROM (SELECT DISTINCT experiment_id, subject_id FROM events) AS u
         CROSS JOIN LATERAL (
           -- One probe of the hash index per subject (the LIMIT keeps the planner from
           -- hashing the whole table instead: twice as slow at a million subjects).
           SELECT ctid AS row_id, variant_id, exposed_at, ${before}
             FROM experiment_exposed_subjects x
            WHERE hashtextextended(x.subject_id, x.experiment_id) = hashtextextended(u.subject_id, u.experiment_id)
              AND x.experiment_id = u.experiment_id AND x.subject_id = u.subject_id
            LIMIT 1
         ) AS m
     ), sums AS MATERIALIZED (
       ${subjectSums(
         folded,
         [
           ['r.row_id', 'row_id'],
           ['r.variant_id', 'variant_id'],
         ],
         `events e JOIN subject_rows r ON r.subject_id = e.subject_id JOIN src s ON s.event = e.event_name`,
         'r.exposed_at'
       )}
     ), changes AS MATERIALIZED (
       SELECT d.*, r.exposed_at, ${folded
         .flatMap(({ slot, statistics }) =>
           statistics.map((statistic) =>
             earliest(statistic) ? `r.of_${slot}` : `r.o${statistic.sum}_${slot}`
           )
         )
         .join(', ')}
         FROM sums d JOIN subject_rows r ON r.row_id = d.row_id
     ), updated AS (
       UPDATE experiment_exposed_subjects m SET
         ${STATISTICS.map((statistic) => `${statistic.column} = ${slotArray(statistic, slots, folded, 'd', 'm')}`).join(',\n         ')}
         FROM sums d
        -- The rows are fetched by their ctid list (a TID scan), not found by scanning the
        -- table for the ctids: with nested loops off, joining on ctid alone read all of it.
        WHERE m.ctid = d.row_id AND m.ctid = ANY (ARRAY(SELECT row_id FROM sums))
       RETURNING 1
     ), ${addToTotals(folded, 'changes', true)}, ${addToDaily(dailyChanges(folded, 'changes', true))}
     SELECT (SELECT count(*) FROM events) AS events,
            (SELECT count(*) FROM updated) + (SELECT count(*) FROM totals) + (SELECT count(*) FROM daily) AS touched`,
    // (pg sends a null slot as NULL)
    { experimentId, part, fromId, toId, sources, slots: slots as string[], ...received }
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

async function countEvents(
  trx: TransactionClientContract,
  experimentId: number,
  part: number,
  fromId: number,
  toId: number,
  received: ReceivedSince
): Promise<number> {
  const { rows } = await trx.rawQuery(
    `SELECT count(*) AS events FROM experiment_events e
      WHERE experiment_id = :experimentId AND id > :fromId AND id <= :toId AND ${partOf('subject_id')} = :part
        AND ${RECEIVED_SINCE}`,
    { experimentId, part, fromId, toId, ...received }
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

/**
 * A day's new converters, and for a CUPED conversion metric (else 0) Σx and Σx² of the
 * covariate of the subjects exposed that day and Σxy of that day's new converters.
 */
export interface DailyConversions extends DailyCount {
  preSum: number
  preSumSquares: number
  crossSum: number
}

/** Per-variant totals: exposed subjects, and per event name the metric totals. */
export interface Totals {
  exposed: VariantTotals[]
  byMetric: Map<string, MetricTotals[]>
}

/** Daily new exposures and new converters (first event of the metric) per variant. */
export interface Daily {
  exposures: DailyCount[]
  conversions: DailyConversions[]
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
    `SELECT event_name, to_char(day, 'YYYY-MM-DD') AS day, variant_id, n, pre_sum, pre_sq, cross_sum
       FROM experiment_daily_counts
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
      preSum: Number(row.pre_sum),
      preSumSquares: Number(row.pre_sq),
      crossSum: Number(row.cross_sum),
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

const DAILY_FIELDS = ['n', 'preSum', 'preSumSquares', 'crossSum'] as const

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

  const days = new Map<string, DailyConversions & { eventName: string }>()
  for (const row of parts.flatMap((part) => part.daily)) {
    const key = `${row.eventName}\u0000${row.day}\u0000${row.variantId}`
    const sum = days.get(key)
    if (!sum) days.set(key, { ...row })
    else for (const field of DAILY_FIELDS) sum[field] += row[field]
  }
  // A late event can move a converter away from a day, leaving it at zero.
  const series = [...days.values()]
    .filter((row) => DAILY_FIELDS.some((field) => row[field] !== 0))
    .sort((a, b) => a.day.localeCompare(b.day) || a.variantId - b.variantId)
  const ofEvent = (wanted: string) => series.filter((row) => row.eventName === wanted)
  const exposures = ofEvent('').map(({ day, variantId, n }) => ({ day, variantId, n }))
  const conversions = ofEvent(dailyEvent).map(({ eventName: _name, ...row }) => row)

  const exposed = new Map<number, number>()
  for (const row of exposures) exposed.set(row.variantId, (exposed.get(row.variantId) ?? 0) + row.n)
  return {
    totals: {
      exposed: [...exposed].map(([variantId, n]) => ({ variantId, exposed: n })),
      byMetric,
    },
    daily: { exposures, conversions },
  }
}
