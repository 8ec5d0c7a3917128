/**
 * Deterministic integration over independent posteriors (no Monte Carlo, no
 * randomness): P(arm k is best), E[max], and the distribution of the
 * difference or ratio of two arms (for credible intervals of the lift).
 *
 * Method: the integration range is cut at each posterior's quantiles
 * (1e-15 … 0.5 … 1 − 1e-15), so every panel is narrow relative to the local
 * width of every density, whatever their scales and skewness. Each panel uses
 * 10-point Gauss–Legendre. A cdf F_j at a node is F_j(panel start) plus
 * ∫ f_j from the panel start to the node, taken from the same 10 density
 * values through the spectral integration matrix of the Gauss–Legendre nodes
 * (exact for polynomials of degree 9 on the panel). F_j(panel start) is
 * carried from panel to panel by the full Gauss–Legendre sum and re-anchored
 * on the exact cdf (incomplete beta / erfc) every few panels. Checked in the tests against the exact Beta sums
 * and scipy quadrature: agreement ~1e-12. Mass outside the range < 2e-15.
 */
import type { PosteriorDistribution } from './posterior_distributions.js'

const ORDER = 10
const PANELS_PER_GAP = 2
const EDGE_TAIL = 1e-15
/** The exact cdf is recomputed every REANCHOR_EVERY panels; in between it is carried by quadrature. */
const REANCHOR_EVERY = 8
const BREAKPOINT_TAILS = [EDGE_TAIL, 1e-12, 1e-9, 1e-6, 1e-4, 1e-3, 1e-2, 0.05, 0.15, 0.3]

/** Gauss–Legendre nodes and weights on [−1, 1] (Newton on P_n, deterministic). */
function gaussLegendre(n: number): { nodes: number[]; weights: number[] } {
  const nodes: number[] = []
  const weights: number[] = []
  for (let i = 1; i <= n; i++) {
    let x = Math.cos((Math.PI * (i - 0.25)) / (n + 0.5))
    let derivative = 1
    for (let iteration = 0; iteration < 100; iteration++) {
      let p0 = 1
      let p1 = x
      for (let k = 2; k <= n; k++) {
        const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k
        p0 = p1
        p1 = p2
      }
      derivative = (n * (x * p1 - p0)) / (x * x - 1)
      const dx = p1 / derivative
      x -= dx
      if (Math.abs(dx) < 1e-16) break
    }
    nodes.push(x)
    weights.push(2 / ((1 - x * x) * derivative * derivative))
  }
  return { nodes, weights }
}

const GL = gaussLegendre(ORDER)

/** Legendre polynomials P_0..P_{n} at x. */
function legendreValues(n: number, x: number): number[] {
  const values = [1, x]
  for (let k = 2; k <= n; k++)
    values.push(((2 * k - 1) * x * values[k - 1] - (k - 1) * values[k - 2]) / k)
  return values
}

/**
 * PARTIAL[l][m] = ∫_{−1}^{t_l} L_m(t) dt, with L_m the Lagrange basis on the
 * Gauss–Legendre nodes t_m: ∫_{−1}^{t_l} f ≈ Σ_m PARTIAL[l][m]·f(t_m).
 * Built from L_m = Σ_k w_m (2k+1)/2 P_k(t_m) P_k and ∫_{−1}^{x} P_k = (P_{k+1} − P_{k−1})/(2k+1).
 */
const PARTIAL: number[][] = GL.nodes.map((tl) => {
  const atL = legendreValues(ORDER, tl)
  return GL.nodes.map((tm, m) => {
    const atM = legendreValues(ORDER, tm)
    let sum = (tl + 1) / 2
    for (let k = 1; k < ORDER; k++) sum += (atM[k] * (atL[k + 1] - atL[k - 1])) / 2
    return GL.weights[m] * sum
  })
})

/** Quantile breakpoints of one posterior, from the 1e-15 to the 1 − 1e-15 quantile. */
function breakpointsOf(dist: PosteriorDistribution): number[] {
  const points = [dist.quantile(0.5)]
  for (const tail of BREAKPOINT_TAILS) points.push(dist.quantile(tail), dist.isf(tail))
  return points.filter(Number.isFinite)
}

/** Sorted, de-duplicated panels inside [lo, hi], each gap split in PANELS_PER_GAP. */
function panelsFrom(points: number[], lo: number, hi: number): Array<[number, number]> {
  const sorted = [lo, hi, ...points.filter((x) => x > lo && x < hi)].sort((a, b) => a - b)
  const panels: Array<[number, number]> = []
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1]
    const b = sorted[i]
    if (!(b - a > 1e-15 * Math.max(1, Math.abs(a), Math.abs(b)))) continue
    const width = (b - a) / PANELS_PER_GAP
    for (let k = 0; k < PANELS_PER_GAP; k++) {
      panels.push([a + k * width, k === PANELS_PER_GAP - 1 ? b : a + (k + 1) * width])
    }
  }
  return panels
}

function clampProbability(p: number): number {
  return p < 0 ? 0 : p > 1 ? 1 : p
}

export interface ProbabilityBestResult {
  /** P(arm k has the highest value), same order as the input. */
  probBest: number[]
  /** E[max_k X_k] */
  expectedMax: number
  /** P(arm k is second highest), only when asked for (bandits' top-two weights, spec §19). */
  probSecond: number[] | null
}

/**
 * Σ_{k≠m} (1 − F_k)·Π_{j∉{m,k}} F_j: the chance that exactly one other arm is above x.
 * O(K²) per arm; K is a handful of arms.
 */
function exactlyOneAbove(cdf: Float64Array, m: number): number {
  let total = 0
  for (let k = 0; k < cdf.length; k++) {
    if (k === m) continue
    let product = 1 - cdf[k]
    for (let j = 0; j < cdf.length; j++) if (j !== m && j !== k) product *= cdf[j]
    total += product
  }
  return total
}

/**
 * P(k is best) = ∫ f_k Π_{j≠k} F_j and E[max] = lo + ∫_lo (1 − Π_j F_j); with
 * `secondBest`, also P(k is second) = ∫ f_k Σ_{i≠k} (1 − F_i) Π_{j∉{k,i}} F_j.
 */
export function probabilityBest(
  dists: PosteriorDistribution[],
  { secondBest = false }: { secondBest?: boolean } = {}
): ProbabilityBestResult {
  const k = dists.length
  if (k === 0) return { probBest: [], expectedMax: Number.NaN, probSecond: secondBest ? [] : null }
  if (k === 1)
    return { probBest: [1], expectedMax: dists[0].mean, probSecond: secondBest ? [0] : null }

  const lo = Math.min(...dists.map((d) => Math.max(d.lower, d.quantile(EDGE_TAIL))))
  const hi = Math.max(...dists.map((d) => Math.min(d.upper, d.isf(EDGE_TAIL))))
  const panels = panelsFrom(dists.flatMap(breakpointsOf), lo, hi)

  const probBest = new Array<number>(k).fill(0)
  const probSecond = secondBest ? new Array<number>(k).fill(0) : null
  let aboveLo = 0 // ∫_lo^hi (1 − Π F_j)
  const startCdf = new Float64Array(k)
  const pdf: Float64Array[] = dists.map(() => new Float64Array(ORDER)) // pdf[j][node]
  const cdf = new Float64Array(k)
  const prefix = new Float64Array(k + 1)

  for (const [index, [x0, x1]] of panels.entries()) {
    const half = 0.5 * (x1 - x0)
    const mid = x0 + half
    for (let j = 0; j < k; j++) {
      // Carry F_j from the previous panel; re-anchor on the exact cdf now and then.
      if (index % REANCHOR_EVERY === 0) startCdf[j] = dists[j].cdf(x0)
      for (let i = 0; i < ORDER; i++) pdf[j][i] = dists[j].pdf(mid + half * GL.nodes[i])
    }
    for (let i = 0; i < ORDER; i++) {
      const weight = GL.weights[i] * half
      const row = PARTIAL[i]
      for (let j = 0; j < k; j++) {
        let partial = 0
        for (let m = 0; m < ORDER; m++) partial += row[m] * pdf[j][m]
        cdf[j] = clampProbability(startCdf[j] + half * partial)
      }
      // Π_{j≠m} F_j via prefix and suffix products (no division, zeros are fine).
      prefix[0] = 1
      for (let j = 0; j < k; j++) prefix[j + 1] = prefix[j] * cdf[j]
      let suffix = 1
      for (let m = k - 1; m >= 0; m--) {
        probBest[m] += weight * pdf[m][i] * prefix[m] * suffix
        suffix *= cdf[m]
      }
      aboveLo += weight * (1 - prefix[k])
      if (probSecond !== null)
        for (let m = 0; m < k; m++) probSecond[m] += weight * pdf[m][i] * exactlyOneAbove(cdf, m)
    }
    for (let j = 0; j < k; j++) {
      let full = 0
      for (let i = 0; i < ORDER; i++) full += GL.weights[i] * pdf[j][i]
      startCdf[j] = clampProbability(startCdf[j] + half * full)
    }
  }
  return {
    probBest: probBest.map(clampProbability),
    expectedMax: lo + aboveLo,
    probSecond: probSecond === null ? null : probSecond.map(clampProbability),
  }
}

export interface AffineCdf {
  /** P(Y ≤ s·X + d) */
  cdf: number
  /** ∂/∂d = ∫ f_X(x) f_Y(s·x + d) dx */
  dd: number
  /** ∂/∂s = ∫ x f_X(x) f_Y(s·x + d) dx */
  ds: number
}

/**
 * For independent X and Y, returns (s, d) ↦ P(Y ≤ s·X + d) with its partial
 * derivatives. With s = 1 this is the cdf of Y − X at d; with d = 0 and X > 0
 * it is the cdf of Y/X at s. Breakpoints of both posteriors are precomputed.
 */
export function affineCdfIntegrator(
  x: PosteriorDistribution,
  y: PosteriorDistribution
): (s: number, d: number) => AffineCdf {
  const xLo = Math.max(x.lower, x.quantile(EDGE_TAIL))
  const xHi = Math.min(x.upper, x.isf(EDGE_TAIL))
  const xPoints = breakpointsOf(x)
  const yPoints = [...breakpointsOf(y), y.lower, y.upper].filter(Number.isFinite)

  return (s: number, d: number): AffineCdf => {
    // Cut where Y's own quantiles (and support edges) fall, mapped back to x.
    const mapped = yPoints.map((yb) => (yb - d) / s)
    const panels = panelsFrom([...xPoints, ...mapped], xLo, xHi)
    let cdf = 0
    let dd = 0
    let ds = 0
    const fx = new Float64Array(ORDER)
    const fy = new Float64Array(ORDER)
    let startCdf = 0
    for (const [index, [x0, x1]] of panels.entries()) {
      const half = 0.5 * (x1 - x0)
      const mid = x0 + half
      for (let i = 0; i < ORDER; i++) {
        const xi = mid + half * GL.nodes[i]
        fx[i] = x.pdf(xi)
        fy[i] = y.pdf(s * xi + d)
      }
      // Panels are contiguous in y too: carry F_Y forward, re-anchor now and then.
      if (index % REANCHOR_EVERY === 0) startCdf = y.cdf(s * x0 + d)
      for (let i = 0; i < ORDER; i++) {
        if (fx[i] === 0) continue
        // F_Y(s·ξ + d) = F_Y(s·x0 + d) + s·∫_{x0}^{ξ} f_Y(s·x + d) dx
        const row = PARTIAL[i]
        let partial = 0
        for (let m = 0; m < ORDER; m++) partial += row[m] * fy[m]
        const fyCdf = clampProbability(startCdf + s * half * partial)
        const weight = GL.weights[i] * half * fx[i]
        cdf += weight * fyCdf
        dd += weight * fy[i]
        ds += weight * (mid + half * GL.nodes[i]) * fy[i]
      }
      let full = 0
      for (let i = 0; i < ORDER; i++) full += GL.weights[i] * fy[i]
      startCdf = clampProbability(startCdf + s * half * full)
    }
    return { cdf: clampProbability(cdf), dd, ds }
  }
}

/**
 * Solves an increasing function F(v) = target by Newton steps kept inside a
 * shrinking bracket (bisection when a step leaves it).
 */
export function solveIncreasing(
  evaluate: (v: number) => { value: number; derivative: number },
  target: number,
  start: number,
  bracket: [number, number],
  scale: number
): number {
  let [lo, hi] = bracket
  let v = start
  for (let iteration = 0; iteration < 200; iteration++) {
    const { value, derivative } = evaluate(v)
    const error = value - target
    if (error === 0) return v
    if (error > 0) hi = v
    else lo = v
    let next = v - error / derivative
    if (!(next > lo && next < hi) || !Number.isFinite(next)) {
      if (Number.isFinite(lo) && Number.isFinite(hi)) next = 0.5 * (lo + hi)
      else next = error > 0 ? v - 4 * scale : v + 4 * scale
    }
    if (Math.abs(next - v) <= 1e-14 * Math.max(scale, Math.abs(v))) return next
    v = next
  }
  return v
}
