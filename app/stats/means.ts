/**
 * Welch's t-test from summary statistics (spec §4), B − A. Matches
 * scipy.stats.ttest_ind_from_stats(mB, sB, nB, mA, sA, nA, equal_var=False).
 */
import { studentTIsf, studentTSf } from './distributions.js'
import { DEFAULT_ALPHA, type Interval, type StatsError } from './types.js'

export interface WelchTTestInput {
  meanA: number
  /** Sample standard deviation (n − 1 denominator). */
  sdA: number
  nA: number
  meanB: number
  sdB: number
  nB: number
  alpha?: number
}

export interface WelchTTestResult {
  /** meanB − meanA */
  diff: number
  se: number
  t: number
  /** Welch–Satterthwaite degrees of freedom (not an integer). */
  df: number
  pValue: number
  significant: boolean
  tCrit: number
  ciDiff: Interval
  /** (meanB − meanA)/|meanA|; null when meanA = 0. */
  relativeLift: number | null
  seRelativeLift: number | null
  /** Uses the same Welch t quantile as ciDiff. */
  ciRelativeLift: Interval | null
}

/** Welch t-test; `{ error: 'n_lt_2' }` or `{ error: 'zero_variance' }` when undefined. */
export function welchTTest(input: WelchTTestInput): WelchTTestResult | StatsError {
  const { meanA, sdA, nA, meanB, sdB, nB } = input
  const alpha = input.alpha ?? DEFAULT_ALPHA
  if (![meanA, sdA, nA, meanB, sdB, nB].every(Number.isFinite) || sdA < 0 || sdB < 0) {
    return { error: 'invalid_input' }
  }
  if (nA < 2 || nB < 2) return { error: 'n_lt_2' }

  const vA = (sdA * sdA) / nA
  const vB = (sdB * sdB) / nB
  const se = Math.sqrt(vA + vB)
  if (se === 0) return { error: 'zero_variance' }

  const diff = meanB - meanA
  const t = diff / se
  const df = ((vA + vB) * (vA + vB)) / ((vA * vA) / (nA - 1) + (vB * vB) / (nB - 1))
  const pValue = 2 * studentTSf(Math.abs(t), df)
  const tCrit = studentTIsf(alpha / 2, df)

  let relativeLift: number | null = null
  let seRelativeLift: number | null = null
  let ciRelativeLift: Interval | null = null
  if (meanA !== 0) {
    const mA2 = meanA * meanA
    relativeLift = diff / Math.abs(meanA)
    seRelativeLift = Math.sqrt(
      (sdB * sdB) / (nB * mA2) + (meanB * meanB * sdA * sdA) / (nA * mA2 * mA2)
    )
    ciRelativeLift = [relativeLift - tCrit * seRelativeLift, relativeLift + tCrit * seRelativeLift]
  }

  return {
    diff,
    se,
    t,
    df,
    pValue,
    significant: pValue < alpha,
    tCrit,
    ciDiff: [diff - tCrit * se, diff + tCrit * se],
    relativeLift,
    seRelativeLift,
    ciRelativeLift,
  }
}
