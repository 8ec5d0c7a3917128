/**
 * Relative-lift interval by test inversion (Fieller): the lifts ρ that the absolute
 * test would not reject once the control is scaled by (1 + ρ). analyzeExperiment prints
 * it beside the absolute interval, so the two intervals and the verdict always agree
 * (0 is inside one exactly when it is inside the other), which the delta-method
 * interval (§2, §4) does not guarantee near the boundary (§20). It also follows the
 * asymmetry of a ratio that the delta method ignores.
 */
import type { Interval } from './types.js'

/**
 * {ρ : (d − ρ|m_A|)² < c²·(v_B + (1 + ρ·sign m_A)²·v_A)}, with d = m_B − m_A, v the
 * squared standard errors of the two means and c = halfWidth/√(v_A + v_B), the
 * critical value of the absolute interval d ± halfWidth (z, Welch t, or an always-valid
 * boundary). Null when the control is not clearly away from 0 (|m_A| ≤ c·SE_A): the set
 * is then unbounded.
 */
export function fiellerRelativeInterval(
  meanA: number,
  varianceA: number,
  meanB: number,
  varianceB: number,
  halfWidth: number
): Interval | null {
  const a = Math.abs(meanA)
  if (a === 0) return null
  const d = meanB - meanA
  if (halfWidth === 0) return [d / a, d / a]
  const c2 = (halfWidth * halfWidth) / (varianceA + varianceB)
  const s = Math.sign(meanA)
  // ρ²·A − 2ρ·B + C = 0, with C written so that sign(C) = sign(|d| − halfWidth) exactly:
  // the relative interval excludes 0 exactly when d ± halfWidth does.
  const quadratic = a * a - c2 * varianceA
  if (!(quadratic > 0)) return null
  const linear = d * a + c2 * s * varianceA
  const constant = (Math.abs(d) - halfWidth) * (Math.abs(d) + halfWidth)
  const root = Math.sqrt(Math.max(0, linear * linear - quadratic * constant))
  // Stable roots: q/A and C/q, with q = B + sign(B)·√disc.
  const q = linear + (linear >= 0 ? root : -root)
  if (q === 0) return [0, 0]
  const first = q / quadratic
  const second = constant / q
  return first < second ? [first, second] : [second, first]
}
