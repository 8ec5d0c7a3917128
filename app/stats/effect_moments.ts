/**
 * GrowthBook's t test on effect moments (spec §13), shared by CUPED (§14), ratio (§15),
 * quantile (§17) metrics and the gbstats fields of the relative-lift test (§20). Each arm
 * is reduced to a point estimate, a per-unit variance (SE² = variance/n) and n.
 */
import { studentTIsf, studentTSf } from './distributions.js'
import { relativeLiftSe } from './proportions.js'
import type { Interval, StatsError } from './types.js'

/** One arm: estimate `mean`, per-unit `variance` (the SE² of the mean is variance/n), `n`. */
export interface EffectMoments {
  mean: number
  variance: number
  n: number
}

export interface EffectTTestResult {
  /** mB − mA */
  absDiff: number
  seAbsDiff: number
  /** Welch–Satterthwaite df with per-unit variances; the same for both scales. */
  df: number
  t: number
  pValue: number
  significant: boolean
  tCrit: number
  ciAbsDiff: Interval
  /** (mB − mA)/|c| with c the unadjusted control mean; the relative fields are null when c = 0. */
  relativeLift: number | null
  seRelativeLift: number | null
  tRelative: number | null
  pValueRelative: number | null
  significantRelative: boolean | null
  ciRelativeLift: Interval | [null, null]
}

export interface EffectTTestOptions {
  alpha: number
  /** The control's unadjusted mean, the relative lift's denominator (default a.mean). */
  controlMean?: number
  /** SE of the relative lift when the default §13 formula does not apply (CUPED, §14). */
  seRelativeLift?: number
}

/** Two-sided p-value and CI of `estimate` with standard error `se` on Student t with `df`. */
function tTest(estimate: number, se: number, df: number, tCrit: number) {
  const t = estimate / se
  const pValue = 2 * studentTSf(Math.abs(t), df)
  const ci: Interval = [estimate - tCrit * se, estimate + tCrit * se]
  return { t, pValue, ci }
}

/**
 * §13 test of B − A on both scales. `{ error: 'n_lt_2' }` below two units in an arm,
 * `{ error: 'zero_variance' }` when either arm's per-unit variance or the SE is ≤ 0
 * (gbstats' rule, stricter than §4 which accepts one arm with SD 0).
 */
export function effectTTest(
  a: EffectMoments,
  b: EffectMoments,
  options: EffectTTestOptions
): EffectTTestResult | StatsError {
  const { alpha } = options
  if (a.n < 2 || b.n < 2) return { error: 'n_lt_2' }
  if (!(a.variance > 0) || !(b.variance > 0)) return { error: 'zero_variance' }
  const shareA = a.variance / a.n
  const shareB = b.variance / b.n
  const seAbsDiff = Math.sqrt(shareA + shareB)
  if (!(seAbsDiff > 0) || !Number.isFinite(seAbsDiff)) return { error: 'zero_variance' }

  const df =
    (shareA + shareB) ** 2 / ((shareA * shareA) / (a.n - 1) + (shareB * shareB) / (b.n - 1))
  const tCrit = studentTIsf(alpha / 2, df)
  const absDiff = b.mean - a.mean
  const absolute = tTest(absDiff, seAbsDiff, df, tCrit)

  const c = options.controlMean ?? a.mean
  let relative: {
    relativeLift: number | null
    seRelativeLift: number | null
    tRelative: number | null
    pValueRelative: number | null
    significantRelative: boolean | null
    ciRelativeLift: Interval | [null, null]
  } = {
    relativeLift: null,
    seRelativeLift: null,
    tRelative: null,
    pValueRelative: null,
    significantRelative: null,
    ciRelativeLift: [null, null],
  }
  if (c !== 0) {
    const control = Math.abs(c)
    const se =
      options.seRelativeLift ??
      (relativeLiftSe(control, a.variance, a.n, b.mean, b.variance, b.n) as number)
    const lift = absDiff / control
    if (se > 0 && Number.isFinite(se)) {
      const test = tTest(lift, se, df, tCrit)
      relative = {
        relativeLift: lift,
        seRelativeLift: se,
        tRelative: test.t,
        pValueRelative: test.pValue,
        significantRelative: test.pValue < alpha,
        ciRelativeLift: test.ci,
      }
    } else {
      relative = { ...relative, relativeLift: lift }
    }
  }

  return {
    absDiff,
    seAbsDiff,
    df,
    t: absolute.t,
    pValue: absolute.pValue,
    significant: absolute.pValue < alpha,
    tCrit,
    ciAbsDiff: absolute.ci,
    ...relative,
  }
}

/**
 * A variance obtained as a difference of positive terms (CUPED's v_y + θ²v_x − 2θc, a
 * ratio's linearised variance) that is at most 1e-10 of those terms is zero up to
 * rounding: post = k·pre or num = k·den for every unit leaves ±1e-16-relative noise of
 * either sign, and §14/§15 call that case zero_variance. No real metric comes within
 * 1e-10 of a deterministic relation.
 */
export function roundsToZero(variance: number, scale: number): boolean {
  return !(variance > 1e-10 * scale)
}

/** True for a finite number strictly between 0 and 1 (alpha, power, levels). */
export function isOpenUnit(x: unknown): x is number {
  return typeof x === 'number' && x > 0 && x < 1
}

/** True for a non-negative integer count. */
export function isCount(x: unknown): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x >= 0
}
