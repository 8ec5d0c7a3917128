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
import { metricLabel, metricSource, type MetricDefinition } from '#evaluation/metrics'
import type { Daily, MetricTotals, VariantTotals } from '#services/results/aggregation'
import type { QuantileFigures } from '#services/results/subject_values'

export type MetricRole = 'primary' | 'secondary' | 'guardrail'

export interface MetricResult {
  role: MetricRole
  metric: MetricDefinition
  analysis: ExperimentAnalysis
  /** The value a percentile cap came to (in the metric's unit), else null. */
  cap: number | null
}

/** What one metric's analysis reads: the folded totals, and quantiles where it needs them. */
export interface MetricFigures {
  totals: MetricTotals[]
  quantiles?: Map<number, QuantileFigures>
  cap?: number | null
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
  /** Whether the lift is CUPED-adjusted (the primary metric has a covariate), as its results are. */
  cuped?: boolean
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
  figures: MetricFigures
): VariantInput[] {
  const byVariant = new Map(figures.totals.map((t) => [t.variantId, t]))
  const cuped = metricSource(metric).preDays > 0
  return experiment.variants.map((variant) => {
    const n = exposed.get(variant.id) ?? 0
    const t = byVariant.get(variant.id) ?? { ...NO_TOTALS, variantId: variant.id }
    const base = { key: variant.key, name: variant.name, isControl: variant.isControl, n }
    const covariate = cuped
      ? { covariate: { preSum: t.preSum, preSumSquares: t.preSumSquares, sumProduct: t.crossSum } }
      : {}
    if (metric.kind === 'conversion' || metric.kind === 'retention')
      return { ...base, conversions: t.converters, ...covariate }
    if (metric.kind === 'count')
      return { ...base, sum: t.countSum, sumSquares: t.countSumSquares, ...covariate }
    if (metric.kind === 'sum')
      return { ...base, sum: t.valueSum, sumSquares: t.valueSumSquares, ...covariate }
    if (metric.kind === 'ratio') {
      const count = metric.numerator === 'count'
      return {
        ...base,
        numSum: count ? t.countSum : t.valueSum,
        numSumSquares: count ? t.countSumSquares : t.valueSumSquares,
        denSum: t.denSum,
        denSumSquares: t.denSumSquares,
        numDenSumProduct: t.numDenSum,
      }
    }
    const q = figures.quantiles?.get(variant.id)
    return {
      ...base,
      nu: metric.quantile ?? 0.5,
      nStar: q?.nStar ?? 100,
      quantileHat: q?.quantileHat ?? 0,
      quantileLower: q?.quantileLower ?? 0,
      quantileUpper: q?.quantileUpper ?? 0,
    }
  })
}

const NO_TOTALS: Omit<MetricTotals, 'variantId'> = {
  converters: 0,
  countSum: 0,
  countSumSquares: 0,
  valueSum: 0,
  valueSumSquares: 0,
  preSum: 0,
  preSumSquares: 0,
  crossSum: 0,
  denSum: 0,
  denSumSquares: 0,
  numDenSum: 0,
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
  figuresOf: (metric: MetricDefinition) => MetricFigures,
  daily: Daily,
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
  const inputs = roles.map(([role, metric]) => ({
    variants: variantInputs(experiment, metric, exposed, figuresOf(metric)),
    weights,
    // The minimum sample size gates decisions on the primary metric only.
    settings: settingsOf(
      experiment,
      role === 'primary' ? experiment.minimumSampleSize : 0,
      metric.higherIsBetter !== false
    ),
  }))
  const analyses = analyzeMetricFamily(
    inputs.map((input, i) => ({ input, inFamily: roles[i][0] !== 'guardrail' })),
    experiment.correctionScope
  )
  const metrics = roles.map(([role, metric], i) => ({
    role,
    metric,
    cap: figuresOf(metric).cap ?? null,
    analysis: analyses[i],
  }))

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
    preExposure: inputs.flatMap((input, i) =>
      preExposureOf(metricLabel(roles[i][1]), input.variants)
    ),
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

/** A CUPED metric's pre-period sums per variant (the covariate), for the pre-exposure bias check. */
function preExposureOf(name: string, variants: VariantInput[]) {
  const sums = variants.map((v) => ('covariate' in v ? v.covariate : undefined))
  if (!sums.every((c) => c !== undefined)) return []
  return [
    {
      name,
      variants: variants.map((v, i) => ({
        key: v.key,
        isControl: v.isControl,
        n: v.n,
        sum: sums[i]!.preSum,
        sumSquares: sums[i]!.preSumSquares,
      })),
    },
  ]
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

/**
 * Cumulative daily figures and the lift of each variant over time (primary conversion
 * metric). With a covariate the lift is CUPED-adjusted from the covariate sums up to each
 * day, through the same analyzeExperiment (cupedMeans) as the results table, so the last
 * day's lift is the table's.
 */
function dailySeries(experiment: Experiment, daily: Daily): DailySeries | null {
  const days = [...new Set([...daily.exposures, ...daily.conversions].map((d) => d.day))].sort()
  if (days.length === 0) return null
  const cuped = metricSource(experiment.primaryMetric).preDays > 0
  const index = new Map(days.map((day, i) => [day, i]))
  const variants = experiment.variants.map((variant) => {
    const newSubjects = new Array<number>(days.length).fill(0)
    const newConversions = new Array<number>(days.length).fill(0)
    const newCovariate = days.map(() => ({ preSum: 0, preSumSquares: 0, sumProduct: 0 }))
    for (const e of daily.exposures)
      if (e.variantId === variant.id) newSubjects[index.get(e.day)!] += e.n
    for (const c of daily.conversions) {
      if (c.variantId !== variant.id) continue
      const i = index.get(c.day)!
      newConversions[i] += c.n
      newCovariate[i].preSum += c.preSum
      newCovariate[i].preSumSquares += c.preSumSquares
      newCovariate[i].sumProduct += c.crossSum
    }
    // Up to each day: the subjects exposed, how many of them converted, and the covariate.
    let soFar = Proportion.empty
    const cumulative = newSubjects.map(
      (n, i) => (soFar = soFar.add(new Proportion({ n, successes: newConversions[i] })))
    )
    let covariateSoFar = { preSum: 0, preSumSquares: 0, sumProduct: 0 }
    const covariate = newCovariate.map(
      (day) =>
        (covariateSoFar = {
          preSum: covariateSoFar.preSum + day.preSum,
          preSumSquares: covariateSoFar.preSumSquares + day.preSumSquares,
          sumProduct: covariateSoFar.sumProduct + day.sumProduct,
        })
    )
    return {
      key: variant.key,
      name: variant.name,
      isControl: variant.isControl,
      newSubjects,
      exposed: cumulative.map((p) => p.n),
      conversions: cumulative.map((p) => p.successes),
      input: (i: number) => ({
        key: variant.key,
        isControl: variant.isControl,
        ...cumulative[i].counts(),
        ...(cuped ? { covariate: covariate[i] } : {}),
      }),
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
              variants: [control.input(i), variant.input(i)],
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
    variants: variants.map(({ isControl: _control, input: _input, ...rest }) => rest),
    cuped,
    lift,
  }
}
