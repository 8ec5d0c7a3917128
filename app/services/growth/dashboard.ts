/**
 * The K-factor dashboard's numbers for a period (whole UTC days) and an optional loop,
 * read from the rollups (see the growth migration). Definitions are in metrics.ts and
 * docs/growth.md; the rendered sections are cached (sections.ts), not these.
 */
import { replicaOrPrimary } from '#services/platform'
import {
  kBand,
  kFigures,
  loopRecommendation,
  medianFromHours,
  ratio,
  type KFigures,
} from '#services/growth/metrics'
import { addDays, periodDays, weekStart, type Period } from '#services/growth/periods'

export interface Filters {
  period: Period
  /** A loop key, or null for all loops. */
  loop: string | null
}

/** Scope of the spans and cohort rollups: a loop, or '*' for all loops. */
const scopeOf = (filters: Filters) => filters.loop ?? '*'

interface LoopTotals {
  loop: string
  invites: number
  clicked: number
  clicksMissing: number
  conversions: number
  firstValue: number
  cycleSeconds: number
}

const EMPTY_TOTALS = {
  invites: 0,
  clicked: 0,
  clicksMissing: 0,
  conversions: 0,
  firstValue: 0,
  cycleSeconds: 0,
}

/** Funnel totals of the invites sent in the period, per loop. */
async function loopTotals({ period }: Filters): Promise<LoopTotals[]> {
  const { rows } = await replicaOrPrimary().rawQuery(
    `SELECT source_loop AS loop, sum(invites)::int AS invites, sum(clicked)::int AS clicked,
            sum(clicks_missing)::int AS "clicksMissing", sum(signed_up)::int AS conversions,
            sum(first_value)::int AS "firstValue", sum(cycle_seconds)::float8 AS "cycleSeconds"
       FROM referral_daily WHERE day BETWEEN ? AND ?
      GROUP BY source_loop HAVING sum(invites) > 0 ORDER BY source_loop`,
    [period.from, period.to]
  )
  return rows
}

function sumTotals(rows: LoopTotals[], loop: string): LoopTotals {
  const total = { loop, ...EMPTY_TOTALS }
  for (const row of rows) {
    for (const key of Object.keys(EMPTY_TOTALS) as (keyof typeof EMPTY_TOTALS)[])
      total[key] += row[key]
  }
  return total
}

/** Distinct referrers who sent an invite in the period, per scope ('*' = any loop). */
async function activeReferrers({ period }: Filters): Promise<Map<string, number>> {
  const { rows } = await replicaOrPrimary().rawQuery(
    `SELECT scope, sum(referrers)::int AS referrers FROM referral_active_spans
      WHERE day BETWEEN ? AND ? AND prev_day < ? GROUP BY scope`,
    [period.from, period.to, period.from]
  )
  return new Map(
    rows.map((row: { scope: string; referrers: number }) => [row.scope, row.referrers])
  )
}

/** Loops with data (for the filter), newest rollups included. */
export async function knownLoops(): Promise<string[]> {
  // Not cached here: the loop filter's section caches its HTML, and a cache under that
  // one would hand a refresh the list from before the new data.
  const { rows } = await replicaOrPrimary().rawQuery(
    'SELECT DISTINCT source_loop FROM referral_daily ORDER BY source_loop'
  )
  return rows.map((row: { source_loop: string }) => row.source_loop)
}

export interface Summary {
  figures: KFigures
  band: ReturnType<typeof kBand>
  viral: { coefficient: number | null; subjects: number; conversions: number }
  cycle: { medianSeconds: number | null; meanSeconds: number | null; converted: number }
  clicksMissing: number
}

/** The cards: K and its parts, viral coefficient, cycle times, active referrers. */
export async function summary(filters: Filters): Promise<Summary> {
  const { period } = filters
  const scope = scopeOf(filters)
  const [perLoop, active, hours, lifetime] = await Promise.all([
    loopTotals(filters),
    activeReferrers(filters),
    replicaOrPrimary().rawQuery(
      `SELECT hours, sum(links)::int AS links FROM referral_cycle_hours
        WHERE day BETWEEN ? AND ? ${filters.loop ? 'AND source_loop = ?' : ''} GROUP BY hours`,
      [period.from, period.to, ...(filters.loop ? [filters.loop] : [])]
    ),
    replicaOrPrimary().rawQuery(
      `SELECT coalesce(sum(subjects) FILTER (WHERE scope = '*'), 0)::int AS subjects,
              coalesce(sum(conversions) FILTER (WHERE scope = :scope), 0)::int AS conversions
         FROM growth_cohort_days WHERE day BETWEEN :from AND :to AND scope IN ('*', :scope)`,
      { scope, from: period.from, to: period.to }
    ),
  ])
  const totals = sumTotals(
    perLoop.filter((row) => !filters.loop || row.loop === filters.loop),
    scope
  )
  const figures = kFigures({
    invites: totals.invites,
    conversions: totals.conversions,
    activeReferrers: active.get(scope) ?? 0,
  })
  const { subjects, conversions } = lifetime.rows[0]
  return {
    figures,
    band: kBand(figures.k),
    viral: { coefficient: ratio(conversions, subjects), subjects, conversions },
    cycle: {
      medianSeconds: medianFromHours(hours.rows),
      meanSeconds: ratio(totals.cycleSeconds, totals.conversions),
      converted: totals.conversions,
    },
    clicksMissing: totals.clicksMissing,
  }
}

export interface LoopRow {
  loop: string
  figures: KFigures
  band: ReturnType<typeof kBand>
  /** K × c. */
  efficiency: number | null
  /** The loop's conversions per active referrer of any loop: its share of the overall K. */
  conversionsPerActiveUser: number | null
  recommendation: string
}

/** K by loop and loop efficiency, best first; the overall figures for comparison. */
export async function loops(filters: Filters): Promise<{ overall: KFigures; rows: LoopRow[] }> {
  const [totals, active] = await Promise.all([loopTotals(filters), activeReferrers(filters)])
  const overallActive = active.get('*') ?? 0
  const all = sumTotals(totals, '*')
  const overall = kFigures({
    invites: all.invites,
    conversions: all.conversions,
    activeReferrers: overallActive,
  })
  const rows = totals
    .filter((row) => !filters.loop || row.loop === filters.loop)
    .map((row) => {
      const figures = kFigures({
        invites: row.invites,
        conversions: row.conversions,
        activeReferrers: active.get(row.loop) ?? 0,
      })
      return {
        loop: row.loop,
        figures,
        band: kBand(figures.k),
        efficiency:
          figures.k === null || figures.conversionRate === null
            ? null
            : figures.k * figures.conversionRate,
        conversionsPerActiveUser: ratio(row.conversions, overallActive),
        recommendation: loopRecommendation(figures, overall),
      }
    })
    .sort((a, b) => (b.efficiency ?? -1) - (a.efficiency ?? -1) || a.loop.localeCompare(b.loop))
  return { overall, rows }
}

export interface ReferrerRow {
  referrerId: string
  invites: number
  conversions: number
  conversionRate: number | null
}

const TOP = 10
/** Lifetime-ranked candidates read in the first round (four times more each round after). */
const FIRST_ROUND = 100
const ROUNDS = 4

const byRank = (a: ReferrerRow, b: ReferrerRow) =>
  b.conversions - a.conversions ||
  b.invites - a.invites ||
  (a.referrerId < b.referrerId ? -1 : a.referrerId > b.referrerId ? 1 : 0)

/**
 * The 10 referrers with the most conversions of invites sent in the period (ties: more
 * invites, then id). A referrer's (conversions, invites) in a period never exceed their
 * lifetime ones, so candidates are read in lifetime order until the 10th best of the period
 * beats every lifetime figure left; usually one round of 100. If that takes too long (a short
 * period long after the top referrers went quiet), every referrer of the period is counted.
 */
export async function topReferrers(filters: Filters): Promise<ReferrerRow[]> {
  const { period } = filters
  const loop = filters.loop ?? ''
  const loopClause = loop ? 'AND source_loop = :loop' : ''
  const found: ReferrerRow[] = []
  for (let round = 0, offset = 0; round < ROUNDS; round++) {
    const limit = FIRST_ROUND * 4 ** round
    const { rows: candidates } = await replicaOrPrimary().rawQuery(
      `SELECT referrer_id, invites, conversions FROM referral_referrers
        WHERE scope = ? AND invites > 0
        ORDER BY conversions DESC, invites DESC, referrer_id DESC LIMIT ? OFFSET ?`,
      [scopeOf(filters), limit, offset]
    )
    offset += limit
    if (candidates.length === 0) return finish(found)
    const { rows } = await replicaOrPrimary().rawQuery(
      `SELECT referrer_id AS "referrerId", sum(invites)::int AS invites,
              sum(conversions)::int AS conversions
         FROM referral_referrer_days
        WHERE referrer_id = ANY(:ids) AND day BETWEEN :from AND :to ${loopClause}
        GROUP BY referrer_id HAVING sum(invites) > 0`,
      {
        ids: candidates.map((c: { referrer_id: string }) => c.referrer_id),
        from: period.from,
        to: period.to,
        loop,
      }
    )
    found.push(...rows)
    found.sort(byRank)
    const last = candidates.at(-1)
    const tenth = found[TOP - 1]
    const beaten =
      tenth &&
      (tenth.conversions > last.conversions ||
        (tenth.conversions === last.conversions && tenth.invites > last.invites))
    if (beaten || candidates.length < limit) return finish(found)
  }
  const { rows } = await replicaOrPrimary().rawQuery(
    `SELECT referrer_id AS "referrerId", sum(invites)::int AS invites,
            sum(conversions)::int AS conversions
       FROM referral_referrer_days
      WHERE day BETWEEN :from AND :to ${loopClause}
      GROUP BY referrer_id HAVING sum(invites) > 0
      ORDER BY conversions DESC, invites DESC, referrer_id LIMIT ${TOP}`,
    { from: period.from, to: period.to, loop }
  )
  return finish(rows)
}

function finish(rows: ReferrerRow[]) {
  return rows
    .sort(byRank)
    .slice(0, TOP)
    .map((row) => ({ ...row, conversionRate: ratio(row.conversions, row.invites) }))
}

export interface TimelineDay {
  day: string
  invites: number
  /** Sign-ups that happened that day (through any invite). */
  signups: number
  /** Conversions of the invites sent that day, so far. */
  conversions: number
  activeReferrers: number
  /** K of the invites sent that day; null when nobody sent one. */
  k: number | null
}

/** One row per day of the period, days without data included (zeros). */
export async function timeline(filters: Filters): Promise<TimelineDay[]> {
  const { period } = filters
  const loopClause = filters.loop ? 'AND source_loop = ?' : ''
  const loopBinding = filters.loop ? [filters.loop] : []
  const [daily, spans] = await Promise.all([
    replicaOrPrimary().rawQuery(
      `SELECT day::text AS day, sum(invites)::int AS invites, sum(signups)::int AS signups,
              sum(signed_up)::int AS conversions
         FROM referral_daily WHERE day BETWEEN ? AND ? ${loopClause} GROUP BY day`,
      [period.from, period.to, ...loopBinding]
    ),
    replicaOrPrimary().rawQuery(
      `SELECT day::text AS day, sum(referrers)::int AS referrers FROM referral_active_spans
        WHERE scope = ? AND day BETWEEN ? AND ? GROUP BY day`,
      [scopeOf(filters), period.from, period.to]
    ),
  ])
  const byDay = new Map(daily.rows.map((row: { day: string }) => [row.day, row]))
  const active = new Map<string, number>(
    spans.rows.map((row: { day: string; referrers: number }) => [row.day, row.referrers])
  )
  return periodDays(period).map((day) => {
    const row = (byDay.get(day) ?? { invites: 0, signups: 0, conversions: 0 }) as Omit<
      TimelineDay,
      'day' | 'activeReferrers' | 'k'
    >
    const referrers = active.get(day) ?? 0
    return {
      day,
      invites: row.invites,
      signups: row.signups,
      conversions: row.conversions,
      activeReferrers: referrers,
      k: ratio(row.conversions, referrers),
    }
  })
}

export interface CohortRow {
  /** Monday of the week (UTC). */
  week: string
  size: number
  invites: number
  conversions: number
  k: number | null
  conversionRate: number | null
}

/**
 * Weekly sign-up cohorts (Monday to Sunday, UTC) of the weeks the period touches, whole
 * weeks: each cohort's invites and conversions over its members' lifetime so far.
 */
export async function cohorts(filters: Filters): Promise<CohortRow[]> {
  const first = weekStart(filters.period.from)
  const last = addDays(weekStart(filters.period.to), 6)
  const scope = scopeOf(filters)
  const { rows } = await replicaOrPrimary().rawQuery(
    `SELECT day::text AS day,
            sum(subjects) FILTER (WHERE scope = '*')::int AS size,
            sum(invites) FILTER (WHERE scope = :scope)::int AS invites,
            sum(conversions) FILTER (WHERE scope = :scope)::int AS conversions
       FROM growth_cohort_days WHERE day BETWEEN :first AND :last AND scope IN ('*', :scope)
      GROUP BY day`,
    { scope, first, last }
  )
  const weeks = new Map<string, CohortRow>()
  for (let week = first; week <= last; week = addDays(week, 7)) {
    weeks.set(week, { week, size: 0, invites: 0, conversions: 0, k: null, conversionRate: null })
  }
  for (const row of rows) {
    const cohort = weeks.get(weekStart(row.day))!
    cohort.size += row.size ?? 0
    cohort.invites += row.invites ?? 0
    cohort.conversions += row.conversions ?? 0
  }
  return [...weeks.values()].map((cohort) => ({
    ...cohort,
    k: ratio(cohort.conversions, cohort.size),
    conversionRate: ratio(cohort.conversions, cohort.invites),
  }))
}

export interface FunnelStage {
  key: 'sent' | 'clicked' | 'signed_up' | 'first_value'
  label: string
  count: number
  /** Share of the previous stage (null for the first stage or an empty one before). */
  fromPrevious: number | null
  /** Share of the invites sent. */
  fromSent: number | null
}

export interface Funnel {
  loop: string
  stages: FunnelStage[]
  clicksMissing: number
}

function funnelOf(totals: LoopTotals): Funnel {
  const counts: [FunnelStage['key'], string, number][] = [
    ['sent', 'Invites sent', totals.invites],
    ['clicked', 'Clicked', totals.clicked],
    ['signed_up', 'Signed up', totals.conversions],
    ['first_value', 'First value', totals.firstValue],
  ]
  return {
    loop: totals.loop,
    clicksMissing: totals.clicksMissing,
    stages: counts.map(([key, label, count], i) => ({
      key,
      label,
      count,
      fromPrevious: i === 0 ? null : ratio(count, counts[i - 1][2]),
      fromSent: ratio(count, totals.invites),
    })),
  }
}

/** The four-stage funnel of the invites sent in the period: overall and per loop. */
export async function funnels(
  filters: Filters
): Promise<{ overall: Funnel; loops: Funnel[]; rows: Funnel[] }> {
  const all = await loopTotals(filters)
  const totals = all.filter((row) => !filters.loop || row.loop === filters.loop)
  const overall = funnelOf(sumTotals(totals, '*'))
  const perLoop = totals.map(funnelOf)
  return { overall, loops: perLoop, rows: [overall, ...perLoop] }
}
