/**
 * Quantile metrics (spec §17), as gbstats' QuantileStatistic (Deng, Knoblich & Lu 2018):
 * the variance of a sample ν-quantile comes from the distribution-free binomial
 * confidence bounds taken at sample size n*, then the §13 t test.
 */
import { effectTTest, isOpenUnit, type EffectTTestResult } from './effect_moments.js'
import { DEFAULT_ALPHA, type StatsError } from './types.js'

/** z_{0.975}: the bounds are always 95% order statistics, whatever the test's alpha. */
const BOUNDS_Z = 1.959963984540054
/** gbstats floors the per-unit variance at 1e-5 from 100 units on. */
const VARIANCE_FLOOR = 1e-5
const FLOOR_FROM_N = 100

/** One arm: n units, the n* used for the bounds, the level ν and the three sample quantiles. */
export interface QuantileArm {
  n: number
  nStar: number
  nu: number
  quantileHat: number
  quantileLower: number
  quantileUpper: number
}

export interface QuantileMetricInput {
  a: QuantileArm
  b: QuantileArm
  alpha?: number
}

export interface QuantileMetricResult extends EffectTTestResult {
  quantileA: number
  quantileB: number
  /** Per-unit variance: SE² of the quantile = variance/n. */
  varianceA: number
  varianceB: number
  varianceFloorAppliedA: boolean
  varianceFloorAppliedB: boolean
}

function isPositiveInteger(x: unknown): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x > 0
}

function invalidArm(arm: QuantileArm): boolean {
  if (arm === null || typeof arm !== 'object') return true
  const { n, nStar, nu, quantileHat, quantileLower, quantileUpper } = arm
  return (
    !isPositiveInteger(n) ||
    !isPositiveInteger(nStar) ||
    !isOpenUnit(nu) ||
    ![quantileHat, quantileLower, quantileUpper].every(Number.isFinite) ||
    quantileLower > quantileUpper
  )
}

/** Too few units for the ν-quantile's binomial bounds (e.g. P99 needs n > 380.3). */
function tooSmall({ n, nu }: QuantileArm): boolean {
  const z2 = BOUNDS_Z * BOUNDS_Z
  return n <= (z2 * nu) / (1 - nu) || n <= (z2 * (1 - nu)) / nu
}

/** n*·(n − 1)/n·((U − L)/2z)², before the floor. */
function initialVariance({ n, nStar, quantileLower, quantileUpper }: QuantileArm): number {
  if (n <= 1) return 0
  const halfWidth = (quantileUpper - quantileLower) / (2 * BOUNDS_Z)
  return (nStar / n) * (n - 1) * halfWidth * halfWidth
}

function flooredVariance(n: number, variance: number): { variance: number; floored: boolean } {
  const floored = n >= FLOOR_FROM_N ? Math.max(variance, VARIANCE_FLOOR) : variance
  return { variance: floored, floored: floored !== variance }
}

/** One arm's per-unit variance after the floor (analyzeExperiment's estimate). */
export function quantileVariance(arm: QuantileArm): number {
  return flooredVariance(arm.n, initialVariance(arm)).variance
}

/** The n* of §17 for n units: the largest 100·2^k strictly below n (100 when n ≤ 100). */
export function quantileNStar(n: number): number {
  let nStar = 100
  for (let k = 1; k < 20 && 100 * 2 ** k < n; k++) nStar = 100 * 2 ** k
  return nStar
}

/** The levels of the order statistics that bound the ν-quantile at n* (§17). */
export function quantileBoundLevels(nu: number, nStar: number): [number, number] {
  const half = BOUNDS_Z * Math.sqrt((nu * (1 - nu)) / nStar)
  return [Math.max(nu - half, 1e-8), Math.min(nu + half, 1 - 1e-8)]
}

/** Quantile metric comparison, B − A (spec §17). */
export function quantileMetric(input: QuantileMetricInput): QuantileMetricResult | StatsError {
  const { a, b } = input
  const alpha = input.alpha ?? DEFAULT_ALPHA
  if (!isOpenUnit(alpha) || invalidArm(a) || invalidArm(b) || a.nu !== b.nu)
    return { error: 'invalid_input' }
  if (a.n < 2 || b.n < 2) return { error: 'n_lt_2' }
  if (tooSmall(a) || tooSmall(b)) return { error: 'n_too_small' }
  const initialA = initialVariance(a)
  const initialB = initialVariance(b)
  // Collapsed bounds (lower = upper) carry no spread information.
  if (!(initialA > 0) || !(initialB > 0)) return { error: 'zero_variance' }

  const armA = flooredVariance(a.n, initialA)
  const armB = flooredVariance(b.n, initialB)
  const test = effectTTest(
    { mean: a.quantileHat, variance: armA.variance, n: a.n },
    { mean: b.quantileHat, variance: armB.variance, n: b.n },
    { alpha }
  )
  if ('error' in test) return test
  return {
    quantileA: a.quantileHat,
    quantileB: b.quantileHat,
    varianceA: armA.variance,
    varianceB: armB.variance,
    varianceFloorAppliedA: armA.floored,
    varianceFloorAppliedB: armB.floored,
    ...test,
  }
}
