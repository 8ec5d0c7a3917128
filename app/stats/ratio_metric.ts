/**
 * Ratio metrics by the delta method (spec §15), as gbstats' RatioStatistic: per arm
 * ratio = Σm/Σd over randomisation units, with the linearised variance
 * Var(m − R·d)/d̄², then the §13 t test on (ratio, variance, n).
 */
import {
  effectTTest,
  isCount,
  isOpenUnit,
  roundsToZero,
  type EffectTTestResult,
} from './effect_moments.js'
import { PairedSample } from './sufficient.js'
import { DEFAULT_ALPHA, type StatsError } from './types.js'

/** One arm: n units (users), numerator and denominator sums, and Σ(num·den). */
export interface RatioArm {
  n: number
  numSum: number
  numSumSquares: number
  denSum: number
  denSumSquares: number
  numDenSumProduct: number
}

export interface RatioMetricInput {
  a: RatioArm
  b: RatioArm
  alpha?: number
}

export interface RatioMetricResult extends EffectTTestResult {
  ratioA: number
  ratioB: number
  numMeanA: number
  numMeanB: number
  denMeanA: number
  denMeanB: number
  numVarianceA: number
  numVarianceB: number
  denVarianceA: number
  denVarianceB: number
  covarianceA: number
  covarianceB: number
  /** Per-unit delta-method variance of the ratio (SE² = variance/n). */
  varianceA: number
  varianceB: number
}

interface RatioMoments {
  n: number
  ratio: number
  numMean: number
  denMean: number
  numVariance: number
  denVariance: number
  covariance: number
  variance: number
  /** (v_m + R²·v_d)/d̄²: the positive terms the variance is the difference of. */
  scale: number
}

function momentsOf(arm: RatioArm): RatioMoments {
  const sample = new PairedSample({
    n: arm.n,
    x: { sum: arm.numSum, sumSquares: arm.numSumSquares },
    y: { sum: arm.denSum, sumSquares: arm.denSumSquares },
    sumProduct: arm.numDenSumProduct,
  })
  const numMean = arm.numSum / arm.n
  const denMean = arm.denSum / arm.n
  const numVariance = sample.x.variance as number
  const denVariance = sample.y.variance as number
  const covariance = sample.covariance as number
  // gbstats variance_of_ratios: v_m/d̄² + v_d·m̄²/d̄⁴ − 2c·m̄/d̄³.
  const variance =
    numVariance / denMean ** 2 +
    (denVariance * numMean ** 2) / denMean ** 4 -
    (2 * covariance * numMean) / denMean ** 3
  const ratio = arm.numSum / arm.denSum
  return {
    n: arm.n,
    ratio,
    numMean,
    denMean,
    numVariance,
    denVariance,
    covariance,
    variance,
    scale: (numVariance + ratio * ratio * denVariance) / denMean ** 2,
  }
}

/** One arm's ratio and per-unit delta-method variance (analyzeExperiment's estimate). */
export function ratioEstimate(arm: RatioArm): { ratio: number; variance: number } {
  const { ratio, variance } = momentsOf(arm)
  return { ratio, variance }
}

function invalidArm(arm: RatioArm): boolean {
  if (arm === null || typeof arm !== 'object' || !isCount(arm.n)) return true
  const sums = [arm.numSum, arm.numSumSquares, arm.denSum, arm.denSumSquares, arm.numDenSumProduct]
  return !sums.every(Number.isFinite) || arm.numSumSquares < 0 || arm.denSumSquares < 0
}

/** Ratio metric comparison, B − A (spec §15). */
export function ratioMetric(input: RatioMetricInput): RatioMetricResult | StatsError {
  const { a, b } = input
  const alpha = input.alpha ?? DEFAULT_ALPHA
  if (!isOpenUnit(alpha) || invalidArm(a) || invalidArm(b)) return { error: 'invalid_input' }
  if (a.n < 2 || b.n < 2) return { error: 'n_lt_2' }
  if (a.denSum === 0 || b.denSum === 0) return { error: 'zero_denominator' }

  const armA = momentsOf(a)
  const armB = momentsOf(b)
  // A constant ratio within an arm (num = k·den for every unit) has variance 0 up to rounding.
  if (roundsToZero(armA.variance, armA.scale) || roundsToZero(armB.variance, armB.scale))
    return { error: 'zero_variance' }
  // Negative ratios (net revenue after refunds) are fine: the relative lift divides by |R_A|.
  const test = effectTTest(
    { mean: armA.ratio, variance: armA.variance, n: armA.n },
    { mean: armB.ratio, variance: armB.variance, n: armB.n },
    { alpha }
  )
  if ('error' in test) return test
  return {
    ratioA: armA.ratio,
    ratioB: armB.ratio,
    numMeanA: armA.numMean,
    numMeanB: armB.numMean,
    denMeanA: armA.denMean,
    denMeanB: armB.denMean,
    numVarianceA: armA.numVariance,
    numVarianceB: armB.numVariance,
    denVarianceA: armA.denVariance,
    denVarianceB: armB.denVariance,
    covarianceA: armA.covariance,
    covarianceB: armB.covariance,
    varianceA: armA.variance,
    varianceB: armB.variance,
    ...test,
  }
}
