/** Shared result shapes of the statistics library. */

/** A two-sided interval as [lower, upper] (the vector format of the spec). */
export type Interval = [number, number]

/** Returned instead of a result when the spec calls the whole result undefined. */
export interface StatsError {
  error: string
}

/** True when a function returned `{ error }` instead of a result. */
export function isStatsError(value: unknown): value is StatsError {
  return (
    typeof value === 'object' && value !== null && typeof (value as StatsError).error === 'string'
  )
}

/** Default significance level (spec §1). */
export const DEFAULT_ALPHA = 0.05
