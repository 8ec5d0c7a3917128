/**
 * Distribution functions with real survival functions.
 *
 * Rule (spec §11): never compute a tail as 1 − cdf. Every upper tail here is
 * computed directly, so p-values stay accurate down to ~1e-300.
 * jstat supplies starting points for the quantile functions; each is then
 * polished with Newton steps on the accurate cdf/sf, because jstat's own
 * quantiles inherit its 3e-7 continued-fraction tolerance.
 */
import jStat from 'jstat'
import { betaln, erfc, incompleteBeta, lgamma, upperIncompleteGamma } from './special_functions.js'

const SQRT1_2 = Math.SQRT1_2
const SQRT_2PI = Math.sqrt(2 * Math.PI)

// ─── Normal ──────────────────────────────────────────────────────────────────

/** Standard normal density. */
export function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / SQRT_2PI
}

/** Standard normal upper tail P(Z > x). */
export function normalSf(x: number): number {
  return 0.5 * erfc(x * SQRT1_2)
}

/** Standard normal cdf P(Z ≤ x), accurate in the lower tail too. */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x * SQRT1_2)
}

// Acklam's rational approximation (relative error 1.15e-9), used only as a
// starting point for a Halley step on the exact cdf.
const ACKLAM_A = [
  -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2,
  -3.066479806614716e1, 2.506628277459239,
]
const ACKLAM_B = [
  -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1,
  -1.328068155288572e1,
]
const ACKLAM_C = [
  -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734,
  4.374664141464968, 2.938163982698783,
]
const ACKLAM_D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416]

/** Quantile of the standard normal for a lower-tail probability p ≤ 0.5. */
function normalLowerQuantile(p: number): number {
  let x: number
  if (p < 0.02425) {
    const q = Math.sqrt(-2 * Math.log(p))
    x =
      (((((ACKLAM_C[0] * q + ACKLAM_C[1]) * q + ACKLAM_C[2]) * q + ACKLAM_C[3]) * q + ACKLAM_C[4]) *
        q +
        ACKLAM_C[5]) /
      ((((ACKLAM_D[0] * q + ACKLAM_D[1]) * q + ACKLAM_D[2]) * q + ACKLAM_D[3]) * q + 1)
  } else {
    const q = p - 0.5
    const r = q * q
    x =
      ((((((ACKLAM_A[0] * r + ACKLAM_A[1]) * r + ACKLAM_A[2]) * r + ACKLAM_A[3]) * r +
        ACKLAM_A[4]) *
        r +
        ACKLAM_A[5]) *
        q) /
      (((((ACKLAM_B[0] * r + ACKLAM_B[1]) * r + ACKLAM_B[2]) * r + ACKLAM_B[3]) * r + ACKLAM_B[4]) *
        r +
        1)
  }
  // Two Halley steps on Φ(x) = p, with the tail-accurate Φ: full double precision.
  for (let i = 0; i < 2; i++) {
    const e = normalCdf(x) - p
    const u = e * SQRT_2PI * Math.exp(0.5 * x * x)
    if (!Number.isFinite(u)) break
    x -= u / (1 + 0.5 * x * u)
  }
  return x
}

/** Inverse of the standard normal cdf (Φ⁻¹). */
export function normalInv(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return Number.NaN
  if (p === 0) return Number.NEGATIVE_INFINITY
  if (p === 1) return Number.POSITIVE_INFINITY
  if (p === 0.5) return 0
  // For p > ½ use the exact complement 1 − p (Sterbenz) so that Φ⁻¹ is antisymmetric.
  return p <= 0.5 ? normalLowerQuantile(p) : -normalLowerQuantile(1 - p)
}

/** Inverse survival function: the z with P(Z > z) = q (e.g. q = α/2 gives z*). */
export function normalIsf(q: number): number {
  return -normalInv(q)
}

// ─── Student t ───────────────────────────────────────────────────────────────

/** Student t density. */
export function studentTPdf(t: number, df: number): number {
  return Math.exp(
    -0.5 * (df + 1) * Math.log1p((t * t) / df) - 0.5 * Math.log(df) - betaln(df / 2, 0.5)
  )
}

/**
 * Student t upper tail P(T > t) = ½·I_{df/(df+t²)}(df/2, ½) for t ≥ 0: no cancellation.
 * Non-integer df (Welch) is fine.
 */
export function studentTSf(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return Number.NaN
  if (t === Number.POSITIVE_INFINITY) return 0
  if (t === Number.NEGATIVE_INFINITY) return 1
  const t2 = t * t
  const x = df / (df + t2)
  const y = t2 / (df + t2)
  const [tail] = incompleteBeta(x, df / 2, 0.5, y) // = P(|T| > |t|)
  return t >= 0 ? 0.5 * tail : 1 - 0.5 * tail
}

/** Student t cdf P(T ≤ t). */
export function studentTCdf(t: number, df: number): number {
  return studentTSf(-t, df)
}

/**
 * Cornish–Fisher expansion of the t quantile in powers of 1/df around the normal
 * quantile z (Abramowitz & Stegun 26.7.5); its error is O(df⁻⁵), ~1e-10 at df = 100.
 */
function cornishFisherT(z: number, df: number): number {
  const z2 = z * z
  const g1 = (z * (z2 + 1)) / 4
  const g2 = (z * ((5 * z2 + 16) * z2 + 3)) / 96
  const g3 = (z * (((3 * z2 + 19) * z2 + 17) * z2 - 15)) / 384
  const g4 = (z * ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945)) / 92160
  return z + (g1 + (g2 + (g3 + g4 / df) / df) / df) / df
}

/** Upper-tail quantile: the t with P(T > t) = q, for 0 < q ≤ ½. */
function studentTUpperQuantile(q: number, df: number): number {
  // Large df and ordinary tails (Welch df of real experiments): the expansion is a start
  // one Newton step away from full precision, 3× cheaper than jstat's ibetainv. From
  // df = 1e4 its next term is below 1e-16 relative (z ≤ 4.8): it is the quantile itself,
  // more accurate than Newton on a tail that carries ~1e-13 of rounding there.
  if (df >= 1e4 && q >= 1e-6) return cornishFisherT(normalIsf(q), df)
  let t = df >= 100 && q >= 1e-6 ? cornishFisherT(normalIsf(q), df) : jStat.studentt.inv(1 - q, df)
  if (!Number.isFinite(t) || t < 0) t = normalIsf(q)
  // Newton on sf(t) = q; jstat's start is good to ~1e-8 so two or three steps suffice.
  // At large df the tail itself carries ~1e-13 of rounding: once a step is not much
  // smaller than the last one, Newton has reached that floor and further steps only
  // wander (they cost 8 tail evaluations per quantile before this stop).
  let previous = Number.POSITIVE_INFINITY
  for (let i = 0; i < 8; i++) {
    const step = (studentTSf(t, df) - q) / studentTPdf(t, df)
    if (!Number.isFinite(step) || Math.abs(step) > 0.5 * Math.abs(previous)) break
    t += step
    if (Math.abs(step) <= 1e-15 * Math.max(1, Math.abs(t))) break
    previous = step
  }
  return t
}

/** Inverse of the Student t cdf. */
export function studentTInv(p: number, df: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1 || !(df > 0)) return Number.NaN
  if (p === 0) return Number.NEGATIVE_INFINITY
  if (p === 1) return Number.POSITIVE_INFINITY
  if (p === 0.5) return 0
  return p < 0.5 ? -studentTUpperQuantile(p, df) : studentTUpperQuantile(1 - p, df)
}

/** Inverse survival function of Student t: the t with P(T > t) = q. */
export function studentTIsf(q: number, df: number): number {
  if (q === 0.5) return 0
  return q < 0.5 ? studentTUpperQuantile(q, df) : -studentTUpperQuantile(1 - q, df)
}

// ─── Chi-square ──────────────────────────────────────────────────────────────

/** Chi-square upper tail P(X² > x) = Q(dof/2, x/2), via the continued fraction (no 1 − cdf). */
export function chiSquareSf(x: number, dof: number): number {
  if (Number.isNaN(x) || !(dof > 0)) return Number.NaN
  if (x <= 0) return 1
  return upperIncompleteGamma(dof / 2, x / 2)
}

// ─── Beta ────────────────────────────────────────────────────────────────────

/** log of the Beta(a, b) density. */
export function betaLogPdf(x: number, a: number, b: number): number {
  if (x < 0 || x > 1) return Number.NEGATIVE_INFINITY
  if (x === 0)
    return a === 1 ? -betaln(a, b) : a < 1 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY
  if (x === 1)
    return b === 1 ? -betaln(a, b) : b < 1 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY
  return (a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - betaln(a, b)
}

/** Beta(a, b) density. */
export function betaPdf(x: number, a: number, b: number): number {
  return Math.exp(betaLogPdf(x, a, b))
}

/** Beta(a, b) cdf P(X ≤ x). */
export function betaCdf(x: number, a: number, b: number): number {
  return incompleteBeta(x, a, b)[0]
}

/** Beta(a, b) upper tail P(X > x), computed directly. */
export function betaSf(x: number, a: number, b: number): number {
  return incompleteBeta(x, a, b)[1]
}

/**
 * Beta quantile for a lower-tail probability p and/or upper-tail probability q
 * (q = 1 − p). The smaller of the two drives Newton so tails keep precision.
 */
function betaQuantile(p: number, q: number, a: number, b: number): number {
  if (p <= 0) return 0
  if (q <= 0) return 1
  const useLower = p <= q
  const target = useLower ? p : q
  let x = jStat.ibetainv(p, a, b)
  if (!(x > 0 && x < 1)) x = a / (a + b)
  // Bracketed Newton: keeps the iterate inside (lo, hi) and falls back to bisection.
  let lo = 0
  let hi = 1
  for (let i = 0; i < 100; i++) {
    const [cdf, sf] = incompleteBeta(x, a, b)
    const error = useLower ? cdf - target : target - sf // > 0 means x is too large
    if (error === 0) return x
    if (error > 0) hi = x
    else lo = x
    const density = betaPdf(x, a, b)
    let next = x - error / density
    if (!(next > lo && next < hi) || !Number.isFinite(next)) next = 0.5 * (lo + hi)
    if (Math.abs(next - x) <= 1e-15 * x) return next
    x = next
  }
  return x
}

/** Inverse of the Beta(a, b) cdf: Beta⁻¹(p; a, b). */
export function betaInv(p: number, a: number, b: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1 || !(a > 0) || !(b > 0)) return Number.NaN
  return betaQuantile(p, 1 - p, a, b)
}

/** Inverse survival function of Beta(a, b): the x with P(X > x) = q. */
export function betaIsf(q: number, a: number, b: number): number {
  if (Number.isNaN(q) || q < 0 || q > 1 || !(a > 0) || !(b > 0)) return Number.NaN
  return betaQuantile(1 - q, q, a, b)
}

export { betaln } from './special_functions.js'

// ─── Noncentral t ────────────────────────────────────────────────────────────

/** Poisson-mixture terms beyond this weight cannot change the sum at double precision. */
const NCT_NEGLIGIBLE = 1e-20

/**
 * Noncentral t cdf P(T ≤ t; ν, δ) (Lenth 1989, AS 243), for power of the t test
 * (statsmodels TTestIndPower, spec §18):
 *   Φ(−δ) + ½·Σ_j [p_j·I_y(j + ½, ν/2) + q_j·I_y(j + 1, ν/2)],  y = t²/(t² + ν),
 * with Poisson weights p_j = e^{−λ}λ^j/j!, q_j = δe^{−λ}λ^j/(√2·Γ(j + 3/2)), λ = δ²/2,
 * summed outwards from their mode on the accurate incomplete beta. jstat's
 * noncentralt.cdf starts at j = 0 (underflows for δ > 38) on its 3e-7 ibeta.
 */
export function noncentralTCdf(t: number, df: number, delta: number): number {
  if (Number.isNaN(t) || !(df > 0) || !Number.isFinite(delta)) return Number.NaN
  if (delta === 0) return studentTCdf(t, df)
  // P(T ≤ t; δ) = 1 − P(T ≤ −t; −δ): the series below needs t ≥ 0.
  if (t < 0) return 1 - noncentralTCdf(-t, df, -delta)
  const lambda = (delta * delta) / 2
  const y = (t * t) / (t * t + df)
  const yc = df / (t * t + df)
  const mode = Math.floor(lambda)
  const logWeight = -lambda + mode * Math.log(lambda)
  const pMode = Math.exp(logWeight - lgamma(mode + 1))
  const qMode = (delta / Math.SQRT2) * Math.exp(logWeight - lgamma(mode + 1.5))
  const term = (j: number, p: number, q: number) =>
    p * incompleteBeta(y, j + 0.5, df / 2, yc)[0] + q * incompleteBeta(y, j + 1, df / 2, yc)[0]

  let sum = 0
  let p = pMode
  let q = qMode
  for (let j = mode; j < mode + 100000; j++) {
    if (j > mode) {
      p *= lambda / j
      q *= lambda / (j + 0.5)
      if (p + Math.abs(q) < NCT_NEGLIGIBLE) break
    }
    sum += term(j, p, q)
  }
  p = pMode
  q = qMode
  for (let j = mode - 1; j >= 0; j--) {
    p *= (j + 1) / lambda
    q *= (j + 1.5) / lambda
    if (p + Math.abs(q) < NCT_NEGLIGIBLE) break
    sum += term(j, p, q)
  }
  const cdf = normalCdf(-delta) + 0.5 * sum
  return cdf < 0 ? 0 : cdf > 1 ? 1 : cdf
}
