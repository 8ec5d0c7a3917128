import { DateTime } from 'luxon'
import type Experiment from '#models/experiment'
import { bandChart, barChart, lineChart } from '#presenters/charts'
import type { ResultsPayload, Snapshot } from '#services/results'
import type { HealthState } from '#stats/index'
import type { ExperimentStatus } from '#evaluation/types'
import { liftTone } from '#presenters/results_table'

type Charts = { rate: string; lift: string[]; subjects: string } | null

/**
 * Charts depend only on the snapshot: drawn once per snapshot, not per viewer. Keyed by id
 * and time, since ids start over when a test database is emptied.
 */
const drawn = new Map<string, Charts>()
const DRAWN_MAX = 100

/** The three charts of an experiment's results page, as inline SVG (null when no data). */
export function resultCharts(snapshot: Snapshot | null): Charts {
  if (!snapshot) return null
  const key = `${snapshot.id}@${new Date(snapshot.computedAt).getTime()}`
  let charts = drawn.get(key)
  if (charts === undefined) {
    charts = drawCharts(snapshot)
    if (drawn.size >= DRAWN_MAX) drawn.delete(drawn.keys().next().value!)
    drawn.set(key, charts)
  }
  return charts
}

function drawCharts(snapshot: Snapshot): Charts {
  const found = snapshot.payload.daily
  if (!found) return null
  const daily = found
  const series = (pick: (v: (typeof daily.variants)[number], i: number) => number | null) =>
    daily.variants.map((v) => ({
      key: v.key,
      label: v.name,
      points: daily.days.map((day, i) => ({ x: day, y: pick(v, i) })),
    }))
  return {
    rate: lineChart({
      title: 'Cumulative conversion rate per variant',
      series: series((v, i) => (v.exposed[i] ? v.conversions[i] / v.exposed[i] : null)),
    }),
    // Adjusted like the results table, and saying so.
    lift: daily.lift.map((l) =>
      bandChart({
        title: daily.cuped
          ? `CUPED-adjusted relative lift of ${l.name} vs control over time`
          : `Relative lift of ${l.name} vs control over time`,
        label: `${l.name} vs control${daily.cuped ? ' (CUPED-adjusted)' : ''}`,
        bandLabel: 'Confidence interval',
        points: l.points.map((p) => ({ x: p.day, y: p.lift, lower: p.lower, upper: p.upper })),
      })
    ),
    subjects: barChart({
      title: 'New subjects per day',
      series: series((v, i) => v.newSubjects[i]),
    }),
  }
}

export interface OverviewRow {
  experiment: Experiment
  snapshot: Snapshot | null
  daysRunning: number | null
  subjects: number | null
  lift: number | null
  /** lift-good | lift-bad when the lift is significant, else '' */
  liftTone: string
  significant: boolean
  srm: boolean
}

/** One row of the overview table: what a glance needs, read from the latest snapshot. */
export function overviewRow(experiment: Experiment, snapshot: Snapshot | null): OverviewRow {
  const primary = snapshot?.payload.metrics[0]?.analysis
  const compared = primary?.variants.filter((v) => v.comparison) ?? []
  const best = snapshot?.payload.winner
    ? compared.find((v) => v.key === snapshot.payload.winner!.key)
    : compared.sort(
        (a, b) =>
          Math.abs(b.comparison!.relativeLift ?? 0) - Math.abs(a.comparison!.relativeLift ?? 0)
      )[0]
  const end = experiment.endedAt ?? DateTime.now()
  return {
    experiment,
    snapshot,
    daysRunning: experiment.startedAt
      ? Math.max(0, Math.floor(end.diff(experiment.startedAt, 'days').days))
      : null,
    subjects: primary?.sampleSize.totalN ?? null,
    lift: best?.comparison?.relativeLift ?? null,
    liftTone: liftTone(best?.comparison ?? null, snapshot?.payload.health?.enoughData ?? true),
    significant: compared.some((v) => v.comparison?.significant),
    srm: primary?.srm.detected ?? false,
  }
}

export function overviewCounts(rows: OverviewRow[]) {
  const count = (status: ExperimentStatus) =>
    rows.filter((r) => r.experiment.status === status).length
  return {
    total: rows.length,
    running: count('running'),
    completed: count('completed'),
    significant: rows.filter((r) => r.significant).length,
  }
}

/** How the results page shows a health check's state. */
export const HEALTH_BADGES: Record<HealthState, { label: string; tone: string }> = {
  ok: { label: 'OK', tone: 'ok' },
  warning: { label: 'Warning', tone: 'warn' },
  not_applicable: { label: 'Not applicable', tone: '' },
}

const CORRECTION_NAMES = { holm: 'Holm', bh: 'Benjamini–Hochberg', none: 'No' }

/** Which multiple-testing correction the p-values carry, and over which family. */
export function correctionText(payload: ResultsPayload): string | null {
  if (!payload.correction) return null
  if (payload.metrics[0].analysis.settings.method === 'bayesian')
    return 'Bayesian results: chances to beat control are not corrected for multiple comparisons.'
  const { method, scope, comparisons } = payload.correction
  if (method === 'none') return 'No correction for multiple comparisons: p-values are raw.'
  const family =
    scope === 'experiment'
      ? `all primary and secondary metrics together (${comparisons} comparisons)`
      : 'each metric’s variants separately'
  return `${CORRECTION_NAMES[method]} correction over ${family}; guardrails are corrected per metric.`
}

/** After "Recompute now": what the run could not count yet, and when it will. */
export function settlingNotice(settling: { events: number; exposures: number; seconds: number }) {
  const parts = [
    settling.events ? `${settling.events} event${settling.events === 1 ? '' : 's'}` : '',
    settling.exposures
      ? `${settling.exposures} exposure${settling.exposures === 1 ? '' : 's'}`
      : '',
  ].filter(Boolean)
  return `${parts.join(' and ')} arrived in the last ${settling.seconds} s and are not counted yet: events settle for ${settling.seconds} s before a recompute folds them, so rates can look diluted until then. Recompute again in ${settling.seconds} s, or wait for the next automatic run.`
}
