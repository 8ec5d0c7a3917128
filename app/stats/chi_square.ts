/**
 * Chi-square test of independence on a 2×K table (spec §3): conversions in
 * row 1, non-conversions in row 2. Uncorrected by default; the Yates fields
 * are reported for 2×2 tables only, with the correction capped at |O − E|.
 */
import { chiSquareSf } from './distributions.js'
import { isValidCount } from './proportions.js'
import type { StatsError } from './types.js'

export interface CountsVariant {
  conversions: number
  n: number
}

export interface ChiSquareIndependenceInput {
  variants: CountsVariant[]
}

export interface ChiSquareIndependenceResult {
  statistic: number
  dof: number
  pValue: number
  /** 2×2 only (dof = 1), otherwise null. */
  statisticYates: number | null
  pValueYates: number | null
}

function pearsonStatistic(observed: number[][], expected: number[][], yates: boolean): number {
  let statistic = 0
  for (let row = 0; row < 2; row++) {
    for (let col = 0; col < observed[row].length; col++) {
      const e = expected[row][col]
      if (e === 0) continue // empty column: O = E = 0 contributes nothing
      let deviation = Math.abs(observed[row][col] - e)
      // Capped Yates (scipy ≥ 1.7, R): never push |O − E| past zero.
      if (yates) deviation -= Math.min(0.5, deviation)
      statistic += (deviation * deviation) / e
    }
  }
  return statistic
}

/** Pearson chi-square test of independence for K arms (dof = K − 1). */
export function chiSquareIndependence(
  input: ChiSquareIndependenceInput
): ChiSquareIndependenceResult | StatsError {
  const { variants } = input
  if (variants.length < 2) return { error: 'fewer_than_2_variants' }
  if (variants.some((v) => !isValidCount(v.conversions, v.n))) return { error: 'invalid_input' }

  const dof = variants.length - 1
  const observed = [variants.map((v) => v.conversions), variants.map((v) => v.n - v.conversions)]
  const rowTotals = observed.map((row) => row.reduce((s, x) => s + x, 0))
  const total = rowTotals[0] + rowTotals[1]
  const isTwoByTwo = dof === 1

  // No conversions (or no non-conversions) anywhere: the table carries no
  // evidence, X² = 0 and p = 1 (scipy raises, R returns NaN).
  if (rowTotals[0] === 0 || rowTotals[1] === 0) {
    return {
      statistic: 0,
      dof,
      pValue: 1,
      statisticYates: isTwoByTwo ? 0 : null,
      pValueYates: isTwoByTwo ? 1 : null,
    }
  }

  const expected = rowTotals.map((rowTotal) => variants.map((v) => (rowTotal * v.n) / total))
  const statistic = pearsonStatistic(observed, expected, false)
  const result: ChiSquareIndependenceResult = {
    statistic,
    dof,
    pValue: chiSquareSf(statistic, dof),
    statisticYates: null,
    pValueYates: null,
  }
  if (isTwoByTwo) {
    const statisticYates = pearsonStatistic(observed, expected, true)
    result.statisticYates = statisticYates
    result.pValueYates = chiSquareSf(statisticYates, dof)
  }
  return result
}
