/**
 * Sample ratio mismatch (spec §7): chi-square goodness of fit of the observed
 * subjects per variant against the configured weights, normalised to sum to 1.
 * Flagged when p < 0.001 (GrowthBook's DEFAULT_SRM_THRESHOLD).
 */
import { chiSquareSf } from './distributions.js'
import type { StatsError } from './types.js'

export const DEFAULT_SRM_THRESHOLD = 0.001

export interface SampleRatioMismatchInput {
  /** Subjects per variant. */
  observed: number[]
  /** Expected traffic weights, any positive scale (normalised here). */
  weights: number[]
  /** Default 0.001. */
  threshold?: number
}

export interface SampleRatioMismatchResult {
  expectedCounts: number[]
  /** null when a zero-weight arm received subjects (the statistic is infinite). */
  statistic: number | null
  dof: number
  pValue: number
  /** pValue < threshold */
  srmDetected: boolean
}

/** Chi-square goodness-of-fit SRM check. */
export function sampleRatioMismatch(
  input: SampleRatioMismatchInput
): SampleRatioMismatchResult | StatsError {
  const { observed, weights } = input
  const threshold = input.threshold ?? DEFAULT_SRM_THRESHOLD
  if (observed.length !== weights.length) return { error: 'length_mismatch' }
  if (observed.length < 2) return { error: 'fewer_than_2_variants' }
  if (
    observed.some((o) => !(o >= 0) || !Number.isFinite(o)) ||
    weights.some((w) => !(w >= 0) || !Number.isFinite(w))
  ) {
    return { error: 'invalid_input' }
  }
  const weightTotal = weights.reduce((s, w) => s + w, 0)
  if (!(weightTotal > 0)) return { error: 'invalid_weights' }

  const total = observed.reduce((s, o) => s + o, 0)
  const expectedCounts = weights.map((w) => (w / weightTotal) * total)
  const dof = observed.length - 1
  // No users yet: nothing to test (GrowthBook returns p = 1 too).
  if (total === 0) return { expectedCounts, statistic: 0, dof, pValue: 1, srmDetected: false }

  let statistic = 0
  for (const [i, o] of observed.entries()) {
    const e = expectedCounts[i]
    if (e === 0) {
      // A zero-weight arm that received users is a mismatch beyond any threshold.
      if (o > 0) return { expectedCounts, statistic: null, dof, pValue: 0, srmDetected: true }
      continue
    }
    statistic += ((o - e) * (o - e)) / e
  }
  const pValue = chiSquareSf(statistic, dof)
  return { expectedCounts, statistic, dof, pValue, srmDetected: pValue < threshold }
}
