/**
 * Relative-lift z test for proportions (spec §20): tests (p_B − p_A)/p_A with its own
 * delta-method SE, so the decision and the quoted relative CI (the §2 one) always agree.
 * Also reports GrowthBook's t version (§13 df) and the §2 pooled decision beside it.
 */
import { normalIsf, normalSf } from './distributions.js'
import { effectTTest, isCount, isOpenUnit } from './effect_moments.js'
import { relativeLiftSe, twoProportionZTest } from './proportions.js'
import { DEFAULT_ALPHA, isStatsError, type Interval, type StatsError } from './types.js'

export interface RelativeLiftTestInput {
  conversionsA: number
  nA: number
  conversionsB: number
  nB: number
  alpha?: number
}

export interface RelativeLiftTestResult {
  pA: number
  pB: number
  relativeLift: number
  seRelativeLift: number
  z: number
  pValue: number
  /** pValue < alpha; equals ciExcludesZero. */
  significant: boolean
  zCrit: number
  ciRelativeLift: Interval
  ciExcludesZero: boolean
  /** gbstats TwoSidedTTest(relative) on p(1 − p) moments: Welch df and Student t. */
  dfGbstats: number
  tCritGbstats: number
  pValueGbstats: number
  significantGbstats: boolean
  ciRelativeLiftGbstats: Interval
  /** The §2 pooled z-test beside it; the two decisions can differ near the boundary. */
  zPooled: number
  pValuePooled: number
  significantPooled: boolean
  decisionsAgree: boolean
}

/** Delta-method z test of the relative lift of two proportions (spec §20). */
export function relativeLiftTest(
  input: RelativeLiftTestInput
): RelativeLiftTestResult | StatsError {
  const { conversionsA, nA, conversionsB, nB } = input
  const alpha = input.alpha ?? DEFAULT_ALPHA
  const countsValid =
    [conversionsA, nA, conversionsB, nB].every(isCount) &&
    nA > 0 &&
    nB > 0 &&
    conversionsA <= nA &&
    conversionsB <= nB
  if (!countsValid || !isOpenUnit(alpha)) return { error: 'invalid_input' }
  const pA = conversionsA / nA
  const pB = conversionsB / nB
  if (pA === 0) return { error: 'baseline_zero' }
  // gbstats refuses whenever either arm's p(1 − p) is 0, even at p_A = 1 where SE_r > 0.
  if (pA === 1 || pB === 0 || pB === 1) return { error: 'zero_variance' }

  const varA = pA * (1 - pA)
  const varB = pB * (1 - pB)
  const relativeLift = (pB - pA) / pA
  const seRelativeLift = relativeLiftSe(pA, varA, nA, pB, varB, nB) as number
  const z = relativeLift / seRelativeLift
  const pValue = 2 * normalSf(Math.abs(z))
  const zCrit = normalIsf(alpha / 2)
  const ciRelativeLift: Interval = [
    relativeLift - zCrit * seRelativeLift,
    relativeLift + zCrit * seRelativeLift,
  ]

  const gbstats = effectTTest(
    { mean: pA, variance: varA, n: nA },
    { mean: pB, variance: varB, n: nB },
    { alpha }
  )
  const pooled = twoProportionZTest({ conversionsA, nA, conversionsB, nB, alpha })
  if (isStatsError(gbstats)) return gbstats
  if (isStatsError(pooled)) return pooled
  const significant = pValue < alpha
  return {
    pA,
    pB,
    relativeLift,
    seRelativeLift,
    z,
    pValue,
    significant,
    zCrit,
    ciRelativeLift,
    ciExcludesZero: ciRelativeLift[0] > 0 || ciRelativeLift[1] < 0,
    dfGbstats: gbstats.df,
    tCritGbstats: gbstats.tCrit,
    pValueGbstats: gbstats.pValueRelative as number,
    significantGbstats: gbstats.significantRelative as boolean,
    ciRelativeLiftGbstats: gbstats.ciRelativeLift as Interval,
    zPooled: pooled.z,
    pValuePooled: pooled.pValue,
    significantPooled: pooled.significant,
    decisionsAgree: significant === pooled.significant,
  }
}
