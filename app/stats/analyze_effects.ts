/**
 * Variant-vs-control comparisons of analyzeExperiment for metrics analysed on §13 effect
 * moments: CUPED (cupedMeans), ratio (ratioMetric) and quantile (quantileMetric) metrics.
 * As GrowthBook, the relative lift is the headline: the verdict and the relative interval
 * come from the same test, and the absolute interval is the relative one times |control|
 * (the control's unadjusted mean, ratio or quantile), so neither contradicts the verdict.
 * With a control of 0 the absolute scale decides alone.
 */
import type { ComparisonResult, ResolvedSettings } from './analyze_types.js'
import { emptyComparison, finite, interval, type Arm, type ArmModel } from './analyze_common.js'
import { cupedMeans } from './cuped.js'
import type { EffectTTestResult } from './effect_moments.js'
import { gaussianBayesianEffect } from './gaussian_bayesian.js'
import { quantileMetric } from './quantile_metric.js'
import { ratioMetric } from './ratio_metric.js'
import { asymptoticConfidenceSequence } from './sequential.js'
import { isStatsError, type Interval, type StatsError } from './types.js'

interface EffectTest {
  test: EffectTTestResult
  /** |c|: the relative lift's denominator. */
  scale: number
  /** Per-arm moments the test used (adjusted for CUPED), for the sequential boundary. */
  moments: [{ mean: number; variance: number }, { mean: number; variance: number }]
  varianceReduction: number | null
}

function effectTest(a: ArmModel, b: ArmModel, alpha: number): EffectTest | StatsError {
  if (a.kind === 'cuped' && b.kind === 'cuped') {
    const r = cupedMeans({
      metricType: a.proportion ? 'proportion' : 'mean',
      a: a.arm,
      b: b.arm,
      alpha,
    })
    if (isStatsError(r)) return r
    return {
      test: r,
      scale: Math.abs(r.meanA),
      moments: [
        { mean: r.adjustedMeanA, variance: r.adjustedVarianceA },
        { mean: r.adjustedMeanB, variance: r.adjustedVarianceB },
      ],
      varianceReduction: r.varianceReduction,
    }
  }
  if (a.kind === 'ratio' && b.kind === 'ratio') {
    const r = ratioMetric({ a: a.arm, b: b.arm, alpha })
    if (isStatsError(r)) return r
    return {
      test: r,
      scale: Math.abs(r.ratioA),
      moments: [
        { mean: r.ratioA, variance: r.varianceA },
        { mean: r.ratioB, variance: r.varianceB },
      ],
      varianceReduction: null,
    }
  }
  if (a.kind === 'quantile' && b.kind === 'quantile') {
    const r = quantileMetric({ a: a.arm, b: b.arm, alpha })
    if (isStatsError(r)) return r
    return {
      test: r,
      scale: Math.abs(r.quantileA),
      moments: [
        { mean: r.quantileA, variance: r.varianceA },
        { mean: r.quantileB, variance: r.varianceB },
      ],
      varianceReduction: null,
    }
  }
  return { error: 'invalid_input' }
}

/** Both intervals from one on either scale: relative = absolute/|c|. */
function setBoth(
  result: ComparisonResult,
  relative: Interval | null,
  absolute: Interval,
  scale: number,
  level: number
) {
  const rel =
    relative ?? (scale > 0 ? ([absolute[0] / scale, absolute[1] / scale] as Interval) : null)
  result.relativeLiftCi = interval(rel, level)
  result.absoluteLiftCi = interval(
    rel && scale > 0 ? [rel[0] * scale, rel[1] * scale] : absolute,
    level
  )
}

export function effectComparison(
  control: Arm,
  variant: Arm,
  settings: ResolvedSettings,
  alpha: number
): ComparisonResult {
  const effect = effectTest(control.model as ArmModel, variant.model as ArmModel, alpha)
  if (isStatsError(effect)) return emptyComparison(effect.error)
  const { test, scale } = effect
  const result = emptyComparison(null)
  result.absoluteLift = finite(test.absDiff)
  result.relativeLift = finite(test.relativeLift)
  result.varianceReduction = finite(effect.varianceReduction)
  const relative = test.relativeLift !== null && test.seRelativeLift !== null
  if (!relative) result.reason = 'control_mean_zero'
  const level = 1 - alpha

  if (settings.method === 'frequentist') {
    result.pValue = finite(relative ? test.pValueRelative : test.pValue)
    setBoth(
      result,
      relative ? (test.ciRelativeLift as Interval) : null,
      test.ciAbsDiff,
      scale,
      level
    )
    return result
  }
  if (settings.method === 'bayesian') {
    // Gaussian posterior of the effect (§16, flat prior): chance and risks on the relative
    // scale, the risks then in the metric's units.
    const bayes = gaussianBayesianEffect({
      estimate: relative ? (test.relativeLift as number) : test.absDiff,
      se: relative ? (test.seRelativeLift as number) : test.seAbsDiff,
      differenceType: relative ? 'relative' : 'absolute',
      alpha: settings.alpha,
      inverse: !settings.higherIsBetter,
    })
    if (isStatsError(bayes)) return { ...result, reason: bayes.error }
    const units = relative ? scale : 1
    result.chanceToBeatControl = finite(bayes.chanceToWin)
    result.expectedLoss = finite(bayes.riskTreatment * units)
    result.controlExpectedLoss = finite(bayes.riskControl * units)
    const ci = bayes.credibleInterval
    setBoth(result, relative ? ci : null, ci, scale, 1 - settings.alpha)
    return result
  }
  // Sequential: GrowthBook's asymptotic confidence sequence on the absolute difference of
  // the moments the test used (always valid at any look).
  const [a, b] = effect.moments
  const sequence = asymptoticConfidenceSequence({
    metric: 'mean',
    nA: control.n,
    nB: variant.n,
    meanA: a.mean,
    varianceA: a.variance,
    meanB: b.mean,
    varianceB: b.variance,
    differenceType: 'absolute',
    alpha,
  })
  if (isStatsError(sequence)) return { ...result, reason: sequence.error }
  result.pValue = finite(sequence.pValue)
  setBoth(result, null, sequence.ci, scale, level)
  return result
}
