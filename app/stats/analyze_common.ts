/**
 * Shared pieces of analyzeExperiment: each variant's prepared statistics and
 * the helpers that keep every output number finite.
 */
import type { ComparisonResult, ConfidenceInterval } from './analyze_types.js'
import type { CupedArm } from './cuped.js'
import type { QuantileArm } from './quantile_metric.js'
import type { RatioArm } from './ratio_metric.js'
import type { Interval } from './types.js'

/** The input of the §14/§15/§17 method an arm is compared with, when not plain. */
export type ArmModel =
  | { kind: 'cuped'; proportion: boolean; arm: CupedArm }
  | { kind: 'ratio'; arm: RatioArm }
  | { kind: 'quantile'; arm: QuantileArm }

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
  model: ArmModel | null
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
    varianceReduction: null,
    significant: false,
    direction: 'none',
    reason,
  }
}
