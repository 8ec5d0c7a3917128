/**
 * Proportions (spec §2): pooled two-proportion z-test, unpooled Wald CI of the
 * difference, delta-method CI of the relative lift, and the Wilson interval.
 */
import { normalIsf, normalSf } from './distributions.js'
import { DEFAULT_ALPHA, type Interval, type StatsError } from './types.js'

export interface TwoProportionInput {
  conversionsA: number
  nA: number
  conversionsB: number
  nB: number
  /** Two-sided significance level, default 0.05. */
  alpha?: number
}

export interface TwoProportionZTestResult {
  pA: number
  pB: number
  /** pB − pA */
  absDiff: number
  pooledP: number
  sePooled: number
  z: number
  pValue: number
  /** pValue < alpha (strict) */
  significant: boolean
  seUnpooled: number
  ciAbsDiff: Interval
  /** (pB − pA)/pA; null when pA = 0. */
  relativeLift: number | null
  seRelativeLift: number | null
  ciRelativeLift: Interval | null
}

/** Valid binomial counts: integers-or-not, but finite with 0 ≤ x ≤ n. */
export function isValidCount(conversions: number, n: number): boolean {
  return (
    Number.isFinite(conversions) &&
    Number.isFinite(n) &&
    n >= 0 &&
    conversions >= 0 &&
    conversions <= n
  )
}

/**
 * Delta-method standard error of pB/pA − 1 with independent arms
 * (GrowthBook's variance_of_ratios with zero covariance). Null when pA = 0.
 */
export function relativeLiftSe(
  pA: number,
  varA: number,
  nA: number,
  pB: number,
  varB: number,
  nB: number
): number | null {
  if (pA === 0) return null
  const pA2 = pA * pA
  return Math.sqrt(varB / (nB * pA2) + (pB * pB * varA) / (nA * pA2 * pA2))
}

/** Two-proportion z-test, B − A (spec §2). */
export function twoProportionZTest(
  input: TwoProportionInput
): TwoProportionZTestResult | StatsError {
  const { conversionsA, nA, conversionsB, nB } = input
  const alpha = input.alpha ?? DEFAULT_ALPHA
  if (!isValidCount(conversionsA, nA) || !isValidCount(conversionsB, nB))
    return { error: 'invalid_input' }
  if (nA === 0 || nB === 0) return { error: 'no_subjects' }

  const pA = conversionsA / nA
  const pB = conversionsB / nB
  const absDiff = pB - pA
  const pooledP = (conversionsA + conversionsB) / (nA + nB)
  const sePooled = Math.sqrt(pooledP * (1 - pooledP) * (1 / nA + 1 / nB))
  // Both arms at 0% or both at 100%: no evidence of a difference (spec convention).
  const z = sePooled === 0 ? 0 : absDiff / sePooled
  const pValue = sePooled === 0 ? 1 : 2 * normalSf(Math.abs(z))

  const zCrit = normalIsf(alpha / 2)
  const varA = pA * (1 - pA)
  const varB = pB * (1 - pB)
  const seUnpooled = Math.sqrt(varA / nA + varB / nB)
  const ciAbsDiff: Interval = [absDiff - zCrit * seUnpooled, absDiff + zCrit * seUnpooled]

  const seRelativeLift = relativeLiftSe(pA, varA, nA, pB, varB, nB)
  const relativeLift = pA === 0 ? null : absDiff / pA
  const ciRelativeLift: Interval | null =
    relativeLift === null || seRelativeLift === null
      ? null
      : [relativeLift - zCrit * seRelativeLift, relativeLift + zCrit * seRelativeLift]

  return {
    pA,
    pB,
    absDiff,
    pooledP,
    sePooled,
    z,
    pValue,
    significant: pValue < alpha,
    seUnpooled,
    ciAbsDiff,
    relativeLift,
    seRelativeLift,
    ciRelativeLift,
  }
}

export interface WilsonInput {
  conversions: number
  n: number
  /** Two-sided confidence level, default 0.95 (or give alpha). */
  confidence?: number
  alpha?: number
}

export interface WilsonResult {
  pHat: number
  center: number
  lower: number
  upper: number
}

/** Wilson score interval without continuity correction (spec §2). */
export function wilsonInterval(input: WilsonInput): WilsonResult | StatsError {
  const { conversions: x, n } = input
  if (!isValidCount(x, n)) return { error: 'invalid_input' }
  if (n === 0) return { error: 'no_subjects' }
  const confidence = input.confidence ?? 1 - (input.alpha ?? DEFAULT_ALPHA)
  const z = normalIsf((1 - confidence) / 2)
  const z2 = z * z
  const pHat = x / n
  const denominator = 1 + z2 / n
  const center = (pHat + z2 / (2 * n)) / denominator
  const half = (z / denominator) * Math.sqrt((pHat * (1 - pHat)) / n + z2 / (4 * n * n))
  return {
    pHat,
    center,
    // At x = 0 (x = n) the bound is exactly 0 (1); the formula leaves ~1e-17 of rounding.
    lower: x === 0 ? 0 : center - half,
    upper: x === n ? 1 : center + half,
  }
}
