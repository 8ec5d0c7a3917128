import {
  analyzeExperiment,
  analyzeMetricFamily,
  healthChecks,
  Proportion,
  type CorrectionScope,
  type ExperimentAnalysis,
  type HealthReport,
  type VariantInput,
} from '#stats/index'
import type Experiment from '#models/experiment'
import type { MetricDefinition } from '#evaluation/metrics'
import type { MetricTotals, VariantTotals } from '#services/results/aggregation'

export type MetricRole = 'primary' | 'secondary' | 'guardrail'

export interface MetricResult {
  role: MetricRole
  metric: MetricDefinition
  analysis: ExperimentAnalysis
}

export interface DailyVariantSeries {
  key: string
  name: string
  /** Subjects exposed that day. */
  newSubjects: number[]
  /** Cumulative exposed subjects and converters (primary metric) up to each day. */
  exposed: number[]
  conversions: number[]
}

export interface DailySeries {
  days: string[]
  variants: DailyVariantSeries[]
  /** Relative lift of each variant vs control, with its interval, on cumulative data. */
  lift: {
    key: string
    name: string
    points: { day: string; lift: number | null; lower: number | null; upper: number | null }[]
  }[]
}

export interface ResultsPayload {
  metrics: MetricResult[]
  /** Checks of the results' trustworthiness, beside SRM (app/stats/health_checks.ts). */
  health: HealthReport
  /** The multiple-testing correction and the family it ran over (frequentist and sequential). */
  correction: {
    method: 'holm' | 'bh' | 'none'
    scope: CorrectionScope
    /** Comparisons of the primary metric's family. */
    comparisons: number
  }
  /** Guardrail metrics where a variant is significantly worse than control. */
  guardrailHarm: { metric: string; variant: string }[]
  /** The primary metric's winner when no guardrail is harmed (what auto-winner would pick). */
  winner: { key: string; name: string } | null
  recommendation: string
  progress: {
    minimumSampleSize: number
    exposed: number
    /** Exposures per day over the last 7 days with data. */
    dailyRate: number
    /** Days left at that rate, null when reached or no traffic. */
    daysLeft: number | null
  }
  daily: DailySeries | null
}

/** Inputs of analyzeExperiment for one metric: per-variant sufficient statistics. */
function variantInputs(
  experiment: Experiment,
  metric: MetricDefinition,
  exposed: Map<number, number>,
  totals: MetricTotals[]
): VariantInput[] {
  const byVariant = new Map(totals.map((t) => [t.variantId, t]))
  return experiment.variants.map((variant) => {
    const n = exposed.get(variant.id) ?? 0
    const t = byVariant.get(variant.id)
    const base = { key: variant.key, name: variant.name, isControl: variant.isControl, n }
    if (metric.kind === 'conversion') return { ...base, conversions: t?.converters ?? 0 }
    if (metric.kind === 'count')
      return { ...base, sum: t?.countSum ?? 0, sumSquares: t?.countSumSquares ?? 0 }
    return { ...base, sum: t?.valueSum ?? 0, sumSquares: t?.valueSumSquares ?? 0 }
  })
}

function settingsOf(experiment: Experiment, minimumSampleSize: number, higherIsBetter = true) {
  return {
    higherIsBetter,
    method: experiment.analysisMethod,
    alpha: experiment.significanceLevel,
    power: experiment.power,
    minimumSampleSize,
    correction: experiment.correction,
    tau2: experiment.analysisMethod === 'sequential' ? experiment.sequentialTau2 : null,
  }
}

/**
 * Analyses every metric of an experiment with app/stats, applies the guardrail rule
 * (a significant harm on a guardrail blocks a winner) and measures progress.
 */
export function analyzeResults(
  experiment: Experiment,
  variantTotals: VariantTotals[],
  metricTotals: Map<string, MetricTotals[]>,
  daily: {
    exposures: { day: string; variantId: number; n: number }[]
    conversions: { day: string; variantId: number; n: number }[]
  },
  /** Exposed subjects also seen in another variant (the experiments domain counts them). */
  multipleExposures: number,
  now = new Date()
): ResultsPayload {
  const exposed = new Map(variantTotals.map((v) => [v.variantId, v.exposed]))
  const weights = experiment.variants.map((v) => v.weight)
  const roles: [MetricRole, MetricDefinition][] = [
    ['primary', experiment.primaryMetric],
    ...experiment.secondaryMetrics.map((m): [MetricRole, MetricDefinition] => ['secondary', m]),
    ...experiment.guardrailMetrics.map((m): [MetricRole, MetricDefinition] => ['guardrail', m]),
  ]
  const analyses = analyzeMetricFamily(
    roles.map(([role, metric]) => ({
      input: {
        variants: variantInputs(experiment, metric, exposed, metricTotals.get(metric.event) ?? []),
        weights,
        // The minimum sample size gates decisions on the primary metric only.
        settings: settingsOf(
          experiment,
          role === 'primary' ? experiment.minimumSampleSize : 0,
          metric.higherIsBetter !== false
        ),
      },
      inFamily: role !== 'guardrail',
    })),
    experiment.correctionScope
  )
  const metrics = roles.map(([role, metric], i) => ({ role, metric, analysis: analyses[i] }))

  const guardrailHarm = metrics
    .filter((m) => m.role === 'guardrail')
    .flatMap((m) =>
      m.analysis.variants
        .filter((v) => v.comparison?.significant && v.comparison.direction === 'worse')
        .map((v) => ({ metric: m.metric.name || m.metric.event, variant: v.key }))
    )
  const primary = metrics[0].analysis
  const health = healthChecks({
    primary,
    metrics: metrics.map((m) => ({ name: m.metric.name || m.metric.event, analysis: m.analysis })),
    exposures: { subjects: primary.sampleSize.totalN, inOtherVariants: multipleExposures },
    // Metrics carry no pre-period covariate yet: the check says "not applicable".
    preExposure: [],
    age: { days: ageInDays(experiment, now), minimumDays: experiment.minimumDays },
  })
  const minimumData = health.checks.find((c) => c.key === 'minimum_data')!
  // Before the minimum sample and age, "not enough data" instead of a verdict.
  const winner =
    health.enoughData &&
    primary.winner &&
    !guardrailHarm.some((h) => h.variant === primary.winner!.key)
      ? primary.winner
      : null
  // The primary metric's own sentence already explains a missing sample; not its age.
  const verdict =
    !health.enoughData && primary.sampleSize.reached ? minimumData.detail : primary.recommendation
  const recommendation = guardrailHarm.length
    ? `Guardrail harmed: ${guardrailHarm.map((h) => `${h.variant} on ${h.metric}`).join(', ')}. Do not ship it. ${verdict}`
    : verdict

  return {
    metrics,
    health,
    correction: {
      method: experiment.correction,
      scope: experiment.correctionScope,
      comparisons: primary.settings.correctionFamilySize,
    },
    guardrailHarm,
    winner,
    recommendation,
    progress: progressOf(experiment.minimumSampleSize, primary.sampleSize.totalN, daily.exposures),
    daily: experiment.primaryMetric.kind === 'conversion' ? dailySeries(experiment, daily) : null,
  }
}

/** Days since the experiment started (0 before it has). */
function ageInDays(experiment: Experiment, now: Date) {
  const started = experiment.startedAt?.toJSDate()
  return started ? Math.max(0, (now.getTime() - started.getTime()) / 86_400_000) : 0
}

function progressOf(minimum: number, exposed: number, exposures: { day: string; n: number }[]) {
  const perDay = new Map<string, number>()
  for (const e of exposures) perDay.set(e.day, (perDay.get(e.day) ?? 0) + e.n)
  // The last 7 days with data, not counting today (it is not over).
  const today = new Date().toISOString().slice(0, 10)
  const recent = [...perDay.entries()].filter(([day]) => day < today).slice(-7)
  const dailyRate = recent.length ? recent.reduce((sum, [, n]) => sum + n, 0) / recent.length : 0
  const remaining = Math.max(0, minimum - exposed)
  return {
    minimumSampleSize: minimum,
    exposed,
    dailyRate: Math.round(dailyRate),
    daysLeft: remaining === 0 || dailyRate === 0 ? null : Math.ceil(remaining / dailyRate),
  }
}

/** Cumulative daily figures and the lift of each variant over time (primary conversion metric). */
function dailySeries(
  experiment: Experiment,
  daily: {
    exposures: { day: string; variantId: number; n: number }[]
    conversions: { day: string; variantId: number; n: number }[]
  }
): DailySeries | null {
  const days = [...new Set([...daily.exposures, ...daily.conversions].map((d) => d.day))].sort()
  if (days.length === 0) return null
  const index = new Map(days.map((day, i) => [day, i]))
  const variants = experiment.variants.map((variant) => {
    const newSubjects = new Array<number>(days.length).fill(0)
    const newConversions = new Array<number>(days.length).fill(0)
    for (const e of daily.exposures)
      if (e.variantId === variant.id) newSubjects[index.get(e.day)!] += e.n
    for (const c of daily.conversions)
      if (c.variantId === variant.id) newConversions[index.get(c.day)!] += c.n
    // Up to each day: the subjects exposed and how many of them converted.
    let soFar = Proportion.empty
    const cumulative = newSubjects.map(
      (n, i) => (soFar = soFar.add(new Proportion({ n, successes: newConversions[i] })))
    )
    return {
      key: variant.key,
      name: variant.name,
      isControl: variant.isControl,
      newSubjects,
      exposed: cumulative.map((p) => p.n),
      conversions: cumulative.map((p) => p.successes),
      cumulative,
    }
  })
  const control = variants.find((v) => v.isControl)
  const lift = control
    ? variants
        .filter((v) => !v.isControl)
        .map((variant) => ({
          key: variant.key,
          name: variant.name,
          points: days.map((day, i) => {
            const analysis = analyzeExperiment({
              variants: [
                { key: control.key, isControl: true, ...control.cumulative[i].counts() },
                { key: variant.key, isControl: false, ...variant.cumulative[i].counts() },
              ],
              weights: [1, 1],
              settings: settingsOf(
                experiment,
                0,
                experiment.primaryMetric.higherIsBetter !== false
              ),
            })
            const comparison = analysis.variants[1]?.comparison
            return {
              day,
              lift: comparison?.relativeLift ?? null,
              lower: comparison?.relativeLiftCi?.lower ?? null,
              upper: comparison?.relativeLiftCi?.upper ?? null,
            }
          }),
        }))
    : []
  return {
    days,
    variants: variants.map(({ isControl: _control, cumulative: _cumulative, ...rest }) => rest),
    lift,
  }
}
