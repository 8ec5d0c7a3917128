import { chiSquareIndependence } from '#stats/chi_square'

export type NoWinnerReason = 'no_responses' | 'tied_results' | 'insufficient_confidence'

export interface ArmCounts {
  key: string
  /** Messages sent (the denominator). */
  n: number
  /** Recipients who did the winner metric. */
  successes: number
}

export interface Significance {
  pValue: number
  confidenceLevel: number
  significant: boolean
  insufficientSampleSize: boolean
  winner: string | null
  reason: NoWinnerReason | null
}

/**
 * The seed's test: χ² of independence over the arms (uncorrected), confidence = 1 − p,
 * a winner only with at least `minSample` sent per arm, confidence ≥ `threshold` and one
 * best rate. Otherwise the reason: no successes anywhere, a tie at the top, or too little
 * confidence (which includes too small a sample). Pure and zero-safe.
 */
export function campaignSignificance(
  arms: ArmCounts[],
  minSample = 30,
  threshold = 0.95
): Significance {
  const insufficientSampleSize = arms.some((arm) => arm.n < minSample)
  const test = chiSquareIndependence({
    variants: arms.map((a) => ({ conversions: a.successes, n: a.n })),
  })
  const pValue = 'error' in test ? 1 : test.pValue
  const confidenceLevel = 1 - pValue
  const rate = (arm: ArmCounts) => (arm.n === 0 ? 0 : arm.successes / arm.n)
  const best = Math.max(...arms.map(rate))
  const leaders = arms.filter((arm) => rate(arm) === best)
  const none = (reason: NoWinnerReason): Significance => ({
    pValue,
    confidenceLevel,
    significant: false,
    insufficientSampleSize,
    winner: null,
    reason,
  })
  if (arms.every((arm) => arm.successes === 0)) return none('no_responses')
  if (leaders.length > 1) return none('tied_results')
  if (insufficientSampleSize || confidenceLevel < threshold) return none('insufficient_confidence')
  return {
    pValue,
    confidenceLevel,
    significant: true,
    insufficientSampleSize,
    winner: leaders[0].key,
    reason: null,
  }
}
