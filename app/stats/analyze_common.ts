/**
 * Shared pieces of analyzeExperiment: each variant's prepared statistics and
 * the helpers that keep every output number finite.
 */
import type { ComparisonResult, ConfidenceInterval } from './analyze_types.js'
import type { Interval } from './types.js'

/** One variant's sufficient statistics, prepared for the comparisons. */
export interface Arm {
  key: string
  name: string
  isControl: boolean
  n: number
  conversions: number | null
  /** Rate or mean; null without subjects. */
  mean: number | null
  /** Per-subject variance (p(1−p) or s²); null when undefined. */
  variance: number | null
}

/** The number when finite, otherwise null: outputs never hold NaN or ±Infinity. */
export function finite(x: number | null | undefined): number | null {
  return typeof x === 'number' && Number.isFinite(x) ? x : null
}

/** [lower, upper] as a ConfidenceInterval, or null if either end is not finite. */
export function interval(
  bounds: Interval | null | undefined,
  level: number
): ConfidenceInterval | null {
  if (!bounds) return null
  const [lower, upper] = bounds
  return Number.isFinite(lower) && Number.isFinite(upper) ? { lower, upper, level } : null
}

/** A comparison with every statistic null, and why. */
export function emptyComparison(reason: string | null): ComparisonResult {
  return {
    absoluteLift: null,
    absoluteLiftCi: null,
    relativeLift: null,
    relativeLiftCi: null,
    pValue: null,
    adjustedPValue: null,
    chanceToBeatControl: null,
    expectedLoss: null,
    controlExpectedLoss: null,
    minimumDetectableEffect: { absolute: null, relative: null },
    significant: false,
    direction: 'none',
    reason,
  }
}
