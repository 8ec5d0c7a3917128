/**
 * analyzeExperiment: one metric of one experiment, every variant against the
 * control, with the method chosen in the settings. It never throws on data
 * and never returns NaN or ±Infinity: undefined statistics are null with a
 * reason, and unusable input gives status 'invalid'.
 */
import type {
  AnalysisSettings,
  AnalysisStatus,
  AnalyzeExperimentInput,
  BinomialVariantInput,
  ComparisonResult,
  ContinuousVariantInput,
  CorrectionMethod,
  Covariate,
  MetricModel,
  QuantileVariantInput,
  RatioVariantInput,
  ExperimentAnalysis,
  MetricType,
  ResolvedSettings,
  SampleSizeStatus,
  SrmCheck,
  VariantInput,
  VariantResult,
} from './analyze_types.js'
import { DEFAULT_SRM_THRESHOLD } from './srm.js'
import { Proportion, SampleMean } from './sufficient.js'
import { emptyComparison, finite, type Arm, type ArmModel } from './analyze_common.js'
import { effectComparison } from './analyze_effects.js'
import { quantileVariance } from './quantile_metric.js'
import { ratioEstimate } from './ratio_metric.js'
import {
  bayesianComparison,
  correctedAlphas,
  decide,
  estimateOf,
  frequentistComparison,
  minimumDetectableEffect,
  missingDataReason,
  sequentialComparison,
} from './analyze_comparisons.js'
import { omnibusTest, probabilitiesBest, sampleSizeStatus, srmCheck } from './analyze_checks.js'
import { liftScore, recommend } from './recommendation.js'

/** Default τ² for binomial metrics: a typical absolute effect of 2 points (spec §9a). */
const DEFAULT_BINOMIAL_TAU2 = 0.0004

function isBinomialInput(v: VariantInput): v is VariantInput & { conversions: number } {
  return typeof (v as { conversions?: unknown }).conversions === 'number'
}

function isContinuousInput(
  v: VariantInput
): v is VariantInput & { sum: number; sumSquares: number } {
  return (
    typeof (v as { sum?: unknown }).sum === 'number' &&
    typeof (v as { sumSquares?: unknown }).sumSquares === 'number'
  )
}

function isRatioInput(v: VariantInput): v is RatioVariantInput {
  return typeof (v as { numSum?: unknown }).numSum === 'number'
}

function isQuantileInput(v: VariantInput): v is QuantileVariantInput {
  return typeof (v as { quantileHat?: unknown }).quantileHat === 'number'
}

function modelOf(variants: VariantInput[]): MetricModel {
  if (variants.length === 0) return 'plain'
  if (variants.every(isRatioInput)) return 'ratio'
  if (variants.every(isQuantileInput)) return 'quantile'
  if (variants.every((v) => typeof (v as { covariate?: unknown }).covariate === 'object'))
    return 'cuped'
  return 'plain'
}

/** The numbers a ratio, quantile or CUPED input must have, all finite. */
function modelFields(v: VariantInput, model: MetricModel): unknown[] {
  if (model === 'ratio') {
    const r = v as RatioVariantInput
    return [r.numSum, r.numSumSquares, r.denSum, r.denSumSquares, r.numDenSumProduct]
  }
  if (model === 'quantile') {
    const q = v as QuantileVariantInput
    return [q.nStar, q.nu, q.quantileHat, q.quantileLower, q.quantileUpper]
  }
  if (model === 'cuped') {
    const { preSum, preSumSquares, sumProduct } = (v as { covariate: Covariate }).covariate
    return [preSum, preSumSquares, sumProduct]
  }
  return []
}

function resolveSettings(settings: AnalysisSettings, metricType: MetricType): ResolvedSettings {
  const method = settings.method
  let tau2: number | null = null
  if (method === 'sequential')
    tau2 = settings.tau2 ?? (metricType === 'binomial' ? DEFAULT_BINOMIAL_TAU2 : null)
  return {
    method,
    alpha: settings.alpha ?? 0.05,
    power: settings.power ?? 0.8,
    minimumSampleSize: settings.minimumSampleSize ?? 0,
    correction: settings.correction ?? 'holm',
    correctionFamilySize: 0,
    tau2,
    srmThreshold: settings.srmThreshold ?? DEFAULT_SRM_THRESHOLD,
    higherIsBetter: settings.higherIsBetter ?? true,
  }
}

/** Returns a description of the first problem that makes the input unusable, or null. */
function validate(
  input: AnalyzeExperimentInput,
  metricType: MetricType | null,
  settings: ResolvedSettings
): string | null {
  const variants = Array.isArray(input.variants) ? input.variants : []
  if (metricType === null)
    return 'every variant needs either conversions, sum and sumSquares, ratio sums or quantiles'
  if (variants.length < 2) return 'it needs a control and at least one other variant'
  const controls = variants.filter((v) => v.isControl === true).length
  if (controls !== 1) return `exactly one variant must be the control (found ${controls})`
  const keys = new Set(variants.map((v) => v.key))
  if (keys.size !== variants.length) return 'variant keys must be unique'
  for (const v of variants) {
    if (typeof v.key !== 'string' || v.key.length === 0) return 'every variant needs a key'
    if (!Number.isFinite(v.n) || v.n < 0)
      return `variant ${v.key} has an invalid number of subjects`
    const model = modelOf(variants)
    if (!modelFields(v, model).every((x) => typeof x === 'number' && Number.isFinite(x)))
      return `variant ${v.key} has invalid ${model} statistics`
    if (model === 'ratio' || model === 'quantile') continue
    if (metricType === 'binomial') {
      const conversions = (v as { conversions: number }).conversions
      if (!Number.isFinite(conversions) || conversions < 0 || conversions > v.n) {
        return `variant ${v.key} has an invalid number of conversions`
      }
    } else {
      const { sum, sumSquares } = v as { sum: number; sumSquares: number }
      if (!Number.isFinite(sum) || !Number.isFinite(sumSquares) || sumSquares < 0)
        return `variant ${v.key} has invalid sums`
      if (v.n === 0 && (sum !== 0 || sumSquares !== 0))
        return `variant ${v.key} has sums but no subjects`
    }
  }
  const { alpha, power, minimumSampleSize, correction, tau2, srmThreshold, method } = settings
  if (!['frequentist', 'bayesian', 'sequential'].includes(method))
    return `unknown method ${String(method)}`
  if (!(alpha > 0 && alpha < 1)) return 'alpha must be between 0 and 1'
  if (!(power > 0 && power < 1)) return 'power must be between 0 and 1'
  if (!(minimumSampleSize >= 0) || !Number.isFinite(minimumSampleSize))
    return 'minimumSampleSize must be a non-negative number'
  if (!(['holm', 'bh', 'none'] as CorrectionMethod[]).includes(correction))
    return `unknown correction ${String(correction)}`
  if (tau2 !== null && !(tau2 > 0 && Number.isFinite(tau2))) return 'tau2 must be a positive number'
  const family = input.familyPValues ?? []
  if (!Array.isArray(family) || family.some((p) => !(p >= 0 && p <= 1)))
    return 'familyPValues must be p-values between 0 and 1'
  if (!(srmThreshold > 0 && srmThreshold < 1)) return 'srmThreshold must be between 0 and 1'
  return null
}

function inferMetricType(input: AnalyzeExperimentInput): MetricType | null {
  if (input.metricType === 'binomial' || input.metricType === 'continuous') return input.metricType
  const variants = Array.isArray(input.variants) ? input.variants : []
  if (variants.length > 0 && variants.every(isBinomialInput)) return 'binomial'
  if (variants.length > 0 && variants.every(isContinuousInput)) return 'continuous'
  const model = modelOf(variants)
  if (model === 'ratio' || model === 'quantile') return 'continuous'
  return null
}

/**
 * One variant's statistics: the estimate shown (rate, mean, ratio or quantile; unadjusted
 * under CUPED) and, when not plain, the input its comparison method takes.
 */
function prepareArm(v: VariantInput, metricType: MetricType, model: MetricModel): Arm {
  const arm = { key: v.key, name: v.name ?? `Variant ${v.key}`, isControl: v.isControl, n: v.n }
  if (model === 'ratio') {
    const r = v as RatioVariantInput
    const usable = r.n >= 2 && r.denSum !== 0
    const { ratio, variance } = usable
      ? ratioEstimate(r)
      : { ratio: r.denSum !== 0 ? r.numSum / r.denSum : null, variance: null }
    return {
      ...arm,
      conversions: null,
      mean: finite(ratio),
      variance: finite(variance),
      model: { kind: 'ratio', arm: r },
    }
  }
  if (model === 'quantile') {
    const q = v as QuantileVariantInput
    const variance = q.n >= 2 ? quantileVariance(q) : null
    return {
      ...arm,
      conversions: null,
      mean: q.n > 0 ? q.quantileHat : null,
      variance,
      model: { kind: 'quantile', arm: q },
    }
  }
  const covariate = model === 'cuped' ? (v as { covariate: Covariate }).covariate : null
  if (metricType === 'binomial') {
    const conversions = (v as BinomialVariantInput).conversions
    const { rate, variance } = new Proportion({ n: v.n, successes: conversions })
    const cuped: ArmModel | null = covariate && {
      kind: 'cuped',
      proportion: true,
      arm: { n: v.n, sum: conversions, preSum: covariate.preSum, sumProduct: covariate.sumProduct },
    }
    return { ...arm, conversions, mean: rate, variance, model: cuped }
  }
  const continuous = v as ContinuousVariantInput
  const { mean, variance } = new SampleMean(continuous)
  const cuped: ArmModel | null = covariate && {
    kind: 'cuped',
    proportion: false,
    arm: { n: v.n, sum: continuous.sum, sumSquares: continuous.sumSquares, ...covariate },
  }
  return { ...arm, conversions: null, mean, variance, model: cuped }
}

function invalidAnalysis(
  input: AnalyzeExperimentInput,
  metricType: MetricType,
  settings: ResolvedSettings,
  problem: string
): ExperimentAnalysis {
  const variants = Array.isArray(input.variants) ? input.variants : []
  const results: VariantResult[] = variants.map((v) => ({
    key: String(v.key),
    name: v.name ?? `Variant ${String(v.key)}`,
    isControl: v.isControl === true,
    n: Number.isFinite(v.n) ? v.n : 0,
    conversions:
      metricType === 'binomial' && isBinomialInput(v) && Number.isFinite(v.conversions)
        ? v.conversions
        : null,
    estimate: { value: null, ci: null, sd: null },
    probabilityBest: null,
    comparison: v.isControl === true ? null : emptyComparison('invalid_input'),
  }))
  const srm: SrmCheck = {
    statistic: null,
    pValue: null,
    threshold: finite(settings.srmThreshold) ?? DEFAULT_SRM_THRESHOLD,
    detected: false,
    expectedCounts: null,
    reason: 'invalid_input',
  }
  const sampleSize: SampleSizeStatus = {
    minimumSampleSize: finite(settings.minimumSampleSize) ?? 0,
    totalN: 0,
    smallestVariantN: 0,
    reached: false,
    progress: 0,
  }
  const safeSettings: ResolvedSettings = {
    ...settings,
    alpha: finite(settings.alpha) ?? 0.05,
    power: finite(settings.power) ?? 0.8,
    minimumSampleSize: sampleSize.minimumSampleSize,
    tau2: finite(settings.tau2),
    srmThreshold: srm.threshold,
  }
  return {
    metricType,
    model: modelOf(variants),
    settings: safeSettings,
    controlKey: null,
    variants: results,
    omnibus: null,
    srm,
    sampleSize,
    winner: null,
    status: 'invalid',
    recommendation: recommend('invalid', results, {
      metricType,
      settings: safeSettings,
      srm,
      sampleSize,
      problem,
      winnerKey: null,
    }),
    warnings: [],
  }
}

/** Analyzes one metric of an experiment: every variant against the control. */
export function analyzeExperiment(input: AnalyzeExperimentInput): ExperimentAnalysis {
  const inferred = inferMetricType(input)
  const metricType: MetricType = inferred ?? 'binomial'
  const settings = resolveSettings(input.settings ?? ({} as AnalysisSettings), metricType)
  const problem = validate(input, inferred, settings)
  if (problem !== null) return invalidAnalysis(input, metricType, settings, problem)

  const warnings: string[] = []
  const model = modelOf(input.variants)
  const arms = input.variants.map((v) => prepareArm(v, metricType, model))
  const control = arms.find((a) => a.isControl) as Arm

  const compare = (arm: Arm, alpha: number): ComparisonResult | null => {
    if (arm.isControl) return null
    const missing = missingDataReason(control, arm, metricType)
    let comparison: ComparisonResult
    if (missing !== null) comparison = emptyComparison(missing)
    else if (model !== 'plain') comparison = effectComparison(control, arm, settings, alpha)
    else if (settings.method === 'frequentist')
      comparison = frequentistComparison(control, arm, metricType, alpha)
    else if (settings.method === 'sequential')
      comparison = sequentialComparison(control, arm, metricType, settings, alpha)
    else comparison = bayesianComparison(control, arm, metricType, settings)
    comparison.minimumDetectableEffect = minimumDetectableEffect(control, arm, settings)
    return comparison
  }
  let comparisons = arms.map((arm) => compare(arm, settings.alpha))
  if (settings.method !== 'bayesian') {
    // Print each interval at its corrected level, so that it carries the decision.
    const correction = correctedAlphas(comparisons, settings, input.familyPValues ?? [])
    settings.correctionFamilySize = correction.familySize
    const alphas = correction.alphas
    comparisons = comparisons.map((c, i) => {
      const alpha = alphas[i]
      if (c === null || alpha === null || alpha === settings.alpha) return c
      const corrected = compare(arms[i], alpha) as ComparisonResult
      return { ...corrected, adjustedPValue: c.adjustedPValue }
    })
  }
  decide(comparisons, settings)

  const probabilityBestByArm =
    settings.method === 'bayesian'
      ? probabilitiesBest(arms, metricType, settings.higherIsBetter)
      : arms.map(() => null)
  for (const arm of arms)
    if (arm.n === 0) warnings.push(`${arm.isControl ? 'The control' : arm.name} has no subjects.`)

  const results: VariantResult[] = arms.map((arm, i) => ({
    key: arm.key,
    name: arm.name,
    isControl: arm.isControl,
    n: arm.n,
    conversions: arm.conversions,
    estimate: estimateOf(arm, metricType, settings),
    probabilityBest: probabilityBestByArm[i],
    comparison: comparisons[i],
  }))

  const srm = srmCheck(input, arms, settings.srmThreshold, warnings)
  const sampleSize = sampleSizeStatus(arms, metricType, settings.minimumSampleSize)
  const treatments = results.filter((r) => !r.isControl)
  const better = treatments.filter((r) => r.comparison?.direction === 'better')
  const allWorse =
    treatments.length > 0 && treatments.every((r) => r.comparison?.direction === 'worse')

  let status: AnalysisStatus
  let winner: ExperimentAnalysis['winner'] = null
  if (arms.every((a) => a.n === 0)) status = 'no_data'
  else if (srm.detected) status = 'srm'
  else if (!sampleSize.reached) status = 'collecting'
  else if (better.length > 0) {
    const score = (r: VariantResult) =>
      settings.method === 'bayesian'
        ? (r.comparison?.chanceToBeatControl ?? 0)
        : liftScore(r.comparison as ComparisonResult, settings.higherIsBetter)
    const best = better.reduce((a, b) => (score(b) > score(a) ? b : a))
    winner = { key: best.key, name: best.name }
    status = 'winner'
  } else if (allWorse) status = 'loser'
  else status = 'inconclusive'

  return {
    metricType,
    model,
    settings,
    controlKey: control.key,
    variants: results,
    omnibus: omnibusTest(arms, metricType, settings.method),
    srm,
    sampleSize,
    winner,
    status,
    recommendation: recommend(status, results, {
      metricType,
      settings,
      srm,
      sampleSize,
      problem: null,
      winnerKey: winner?.key ?? null,
    }),
    warnings,
  }
}
