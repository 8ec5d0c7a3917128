import type { ComparisonResult } from '#stats/index'

/**
 * How the results tables state a comparison: the verdict first, coloured by whether the
 * change is good for the metric (its direction), and only when it is significant.
 */
export interface Verdict {
  label: string
  /** badge tone: ok (good), danger (harm), '' (no verdict) */
  tone: '' | 'ok' | 'danger'
  title: string | null
}

/** The verdict badge of a variant's comparison (null for the control). */
export function verdictOf(
  comparison: ComparisonResult | null,
  enoughData: boolean
): Verdict | null {
  if (!comparison) return null
  if (!enoughData)
    return { label: 'not enough data', tone: '', title: 'Below the minimum sample or age' }
  if (comparison.significant) {
    const moved = comparison.relativeLift ?? comparison.absoluteLift ?? 0
    const arrow = moved < 0 ? '▼' : '▲'
    return comparison.direction === 'better'
      ? { label: `${arrow} significant, better`, tone: 'ok', title: null }
      : { label: `${arrow} significant, worse`, tone: 'danger', title: null }
  }
  if (comparison.reason) return { label: 'not enough data', tone: '', title: comparison.reason }
  return { label: 'not significant', tone: '', title: null }
}

/** The lift cell's colour class: good or bad for the metric, only when significant. */
export function liftTone(comparison: ComparisonResult | null, enoughData: boolean) {
  if (!comparison || !enoughData || !comparison.significant) return ''
  return comparison.direction === 'better' ? 'lift-good' : 'lift-bad'
}

/** "higher is better" / "lower is better": the metric's good direction. */
export function metricDirectionText(metric: { higherIsBetter?: boolean }) {
  return metric.higherIsBetter === false ? 'lower is better' : 'higher is better'
}

/** "15 %": how far the experiment is towards its planned (minimum) sample. */
export function plannedShare(progress: { exposed: number; minimumSampleSize: number }) {
  if (progress.minimumSampleSize <= 0) return '100 %'
  return `${Math.floor((progress.exposed / progress.minimumSampleSize) * 100).toLocaleString('en-US')} %`
}
