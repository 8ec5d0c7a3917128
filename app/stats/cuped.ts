/**
 * CUPED / regression adjustment (spec §14), as gbstats' RegressionAdjustedStatistic:
 * θ is the OLS slope of the metric on its pre-period covariate in both arms pooled,
 * each arm's mean becomes ȳ − θx̄, and the §13 t test runs on the adjusted moments.
 */
import {
  effectTTest,
  isCount,
  isOpenUnit,
  roundsToZero,
  type EffectTTestResult,
} from './effect_moments.js'
import { PairedSample, Proportion } from './sufficient.js'
import { DEFAULT_ALPHA, type StatsError } from './types.js'

/** One arm: Σy, Σy² over the experiment, Σx, Σx² of the pre-period covariate, and Σxy. */
export interface CupedArm {
  n: number
  sum: number
  /** Not used (and may be omitted) for proportion metrics, where it equals `sum`. */
  sumSquares?: number
  preSum: number
  preSumSquares?: number
  sumProduct: number
}

export interface CupedInput {
  metricType: 'mean' | 'proportion'
  a: CupedArm
  b: CupedArm
  alpha?: number
}

export interface CupedResult extends EffectTTestResult {
  theta: number
  /** Unadjusted means ȳ and pre-period means x̄. */
  meanA: number
  meanB: number
  preMeanA: number
  preMeanB: number
  /** ȳ − θx̄: only differences between arms are meaningful (no θ·x̄ added back). */
  adjustedMeanA: number
  adjustedMeanB: number
  /** Per-unit v_y, v_x and cov(x, y): divisor n − 1 for means, n (p(1 − p)) for proportions. */
  varianceA: number
  varianceB: number
  preVarianceA: number
  preVarianceB: number
  covarianceA: number
  covarianceB: number
  /** v_y + θ²v_x − 2θc */
  adjustedVarianceA: number
  adjustedVarianceB: number
  seAbsDiffUnadjusted: number
  /** 1 − se²/se²_unadjusted; 0 when θ = 0, negative when the pooled θ misfits an arm. */
  varianceReduction: number
}

interface ArmMoments {
  n: number
  mean: number
  preMean: number
  variance: number
  preVariance: number
  covariance: number
}

function sampleOf(arm: CupedArm, metricType: CupedInput['metricType']): PairedSample {
  // Proportions: 0/1 data, so Σy² = Σy and Σx² = Σx.
  const proportion = metricType === 'proportion'
  return new PairedSample({
    n: arm.n,
    x: { sum: arm.preSum, sumSquares: proportion ? arm.preSum : (arm.preSumSquares as number) },
    y: { sum: arm.sum, sumSquares: proportion ? arm.sum : (arm.sumSquares as number) },
    sumProduct: arm.sumProduct,
  })
}

/** Per-arm (or pooled) moments; proportions use population moments like §2's p(1 − p). */
function momentsOf(sample: PairedSample, metricType: CupedInput['metricType']): ArmMoments {
  const { n, x, y } = sample
  if (metricType === 'proportion') {
    return {
      n,
      mean: y.sum / n,
      preMean: x.sum / n,
      variance: new Proportion({ n, successes: y.sum }).variance as number,
      preVariance: new Proportion({ n, successes: x.sum }).variance as number,
      covariance: sample.sumProduct / n - (y.sum * x.sum) / (n * n),
    }
  }
  return {
    n,
    mean: y.sum / n,
    preMean: x.sum / n,
    variance: y.variance as number,
    preVariance: x.variance as number,
    covariance: sample.covariance as number,
  }
}

function invalidArm(arm: CupedArm, metricType: CupedInput['metricType']): boolean {
  if (arm === null || typeof arm !== 'object' || !isCount(arm.n)) return true
  const { n, sum, preSum, sumProduct } = arm
  if (![sum, preSum, sumProduct].every(Number.isFinite)) return true
  if (metricType === 'mean') {
    const squares = [arm.sumSquares, arm.preSumSquares]
    return !squares.every((s) => typeof s === 'number' && Number.isFinite(s) && s >= 0)
  }
  return (
    sum < 0 ||
    sum > n ||
    preSum < 0 ||
    preSum > n ||
    sumProduct < Math.max(0, sum + preSum - n) ||
    sumProduct > Math.min(sum, preSum)
  )
}

/** CUPED-adjusted comparison of two arms' means or proportions (spec §14). */
export function cupedMeans(input: CupedInput): CupedResult | StatsError {
  const { metricType, a, b } = input
  const alpha = input.alpha ?? DEFAULT_ALPHA
  if (metricType !== 'mean' && metricType !== 'proportion') return { error: 'invalid_input' }
  if (!isOpenUnit(alpha) || invalidArm(a, metricType) || invalidArm(b, metricType))
    return { error: 'invalid_input' }
  if (a.n < 2 || b.n < 2) return { error: 'n_lt_2' }

  const sampleA = sampleOf(a, metricType)
  const sampleB = sampleOf(b, metricType)
  const armA = momentsOf(sampleA, metricType)
  const armB = momentsOf(sampleB, metricType)
  // θ from both arms pooled, ignoring the arm (gbstats compute_theta); 0 when the pooled
  // pre- or post-period has no variance (new users: empty pre-period).
  const pooled = momentsOf(sampleA.add(sampleB), metricType)
  const theta =
    pooled.preVariance > 0 && pooled.variance > 0 ? pooled.covariance / pooled.preVariance : 0

  const adjusted = (arm: ArmMoments) => ({
    n: arm.n,
    mean: arm.mean - theta * arm.preMean,
    variance: arm.variance + theta * theta * arm.preVariance - 2 * theta * arm.covariance,
  })
  const adjustedA = adjusted(armA)
  const adjustedB = adjusted(armB)
  // post = k·pre exactly (θ = k) leaves v_adj at 0 up to rounding: gbstats' ZERO_NEGATIVE_VARIANCE.
  const residualIsZero = (arm: ArmMoments, adjustedVariance: number) =>
    roundsToZero(adjustedVariance, arm.variance + theta * theta * arm.preVariance)
  if (residualIsZero(armA, adjustedA.variance) || residualIsZero(armB, adjustedB.variance))
    return { error: 'zero_variance' }

  // Relative lift over the UNADJUSTED control mean: delta method for
  // (ȳ_B − θx̄_B + θx̄_A)/ȳ_A with x̄_B ≈ x̄_A (gbstats frequentist_variance_relative_cuped).
  let seRelativeLift: number | undefined
  if (armA.mean !== 0) {
    const ratio = armB.mean / armA.mean
    const meanA2 = armA.mean * armA.mean
    const controlTerm =
      armA.variance * ratio * ratio -
      2 * theta * armA.covariance * ratio +
      theta * theta * armA.preVariance
    seRelativeLift = Math.sqrt(
      adjustedB.variance / (armB.n * meanA2) + controlTerm / (armA.n * meanA2)
    )
  }
  const test = effectTTest(adjustedA, adjustedB, {
    alpha,
    controlMean: armA.mean,
    seRelativeLift,
  })
  if ('error' in test) return test

  const seAbsDiffUnadjusted = Math.sqrt(armA.variance / armA.n + armB.variance / armB.n)
  return {
    theta,
    meanA: armA.mean,
    meanB: armB.mean,
    preMeanA: armA.preMean,
    preMeanB: armB.preMean,
    adjustedMeanA: adjustedA.mean,
    adjustedMeanB: adjustedB.mean,
    varianceA: armA.variance,
    varianceB: armB.variance,
    preVarianceA: armA.preVariance,
    preVarianceB: armB.preVariance,
    covarianceA: armA.covariance,
    covarianceB: armB.covariance,
    adjustedVarianceA: adjustedA.variance,
    adjustedVarianceB: adjustedB.variance,
    ...test,
    seAbsDiffUnadjusted,
    varianceReduction:
      theta === 0
        ? 0
        : 1 - (test.seAbsDiff * test.seAbsDiff) / (seAbsDiffUnadjusted * seAbsDiffUnadjusted),
  }
}
