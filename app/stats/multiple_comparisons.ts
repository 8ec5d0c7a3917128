/**
 * Adjusted p-values for several comparisons (spec §8), in input order:
 * Bonferroni, Holm (step-down with running maximum) and Benjamini–Hochberg
 * (step-up with running minimum from the top). Reject when adjusted p ≤ α.
 * Matches statsmodels multipletests and R p.adjust.
 */
import { DEFAULT_ALPHA } from './types.js'

export interface MultipleComparisonsInput {
  pValues: number[]
  alpha?: number
}

export interface MultipleComparisonsResult {
  bonferroni: number[]
  rejectBonferroni: boolean[]
  holm: number[]
  rejectHolm: boolean[]
  benjaminiHochberg: number[]
  rejectBenjaminiHochberg: boolean[]
}

/** Indices of `values` sorted ascending (stable for ties). */
function ascendingOrder(values: number[]): number[] {
  return values.map((_, i) => i).sort((a, b) => values[a] - values[b] || a - b)
}

/** Bonferroni: min(1, m·p). */
export function bonferroniAdjust(pValues: number[]): number[] {
  const m = pValues.length
  return pValues.map((p) => Math.min(1, m * p))
}

/** Holm: p̃₍ᵢ₎ = max_{j≤i} min(1, (m − j + 1)·p₍ⱼ₎). */
export function holmAdjust(pValues: number[]): number[] {
  const m = pValues.length
  const adjusted = new Array<number>(m)
  let runningMax = 0
  ascendingOrder(pValues).forEach((index, rank) => {
    runningMax = Math.max(runningMax, Math.min(1, (m - rank) * pValues[index]))
    adjusted[index] = runningMax
  })
  return adjusted
}

/** Benjamini–Hochberg: p̃₍ᵢ₎ = min_{j≥i} min(1, m·p₍ⱼ₎/j). */
export function benjaminiHochbergAdjust(pValues: number[]): number[] {
  const m = pValues.length
  const adjusted = new Array<number>(m)
  const order = ascendingOrder(pValues)
  let runningMin = 1
  for (let rank = m - 1; rank >= 0; rank--) {
    const index = order[rank]
    runningMin = Math.min(runningMin, (m * pValues[index]) / (rank + 1))
    adjusted[index] = runningMin
  }
  return adjusted
}

/** All three adjustments with their reject decisions. */
export function multipleComparisons(input: MultipleComparisonsInput): MultipleComparisonsResult {
  const alpha = input.alpha ?? DEFAULT_ALPHA
  const bonferroni = bonferroniAdjust(input.pValues)
  const holm = holmAdjust(input.pValues)
  const benjaminiHochberg = benjaminiHochbergAdjust(input.pValues)
  const reject = (adjusted: number[]) => adjusted.map((p) => p <= alpha)
  return {
    bonferroni,
    rejectBonferroni: reject(bonferroni),
    holm,
    rejectHolm: reject(holm),
    benjaminiHochberg,
    rejectBenjaminiHochberg: reject(benjaminiHochberg),
  }
}
