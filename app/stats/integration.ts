/**
 * Deterministic integration over independent posteriors (no Monte Carlo, no
 * randomness): P(arm k is best), E[max], and the distribution of the
 * difference or ratio of two arms (for credible intervals of the lift).
 *
 * Method: the integration range is cut at each posterior's quantiles
 * (1e-15 … 0.5 … 1 − 1e-15), so every panel is narrow relative to the local
 * width of every density, whatever their scales and skewness. Each panel uses
 * 10-point Gauss–Legendre. A cdf F_j at a node is F_j(panel start), computed
 * exactly with the incomplete beta/erfc, plus a nested Gauss–Legendre
 * integral of f_j from the panel start: far cheaper than a continued fraction
 * per node and accurate to ~1e-13 (checked against the exact Beta sums in the
 * tests). Mass outside the range is below 2e-15 per posterior.
 */
import type { PosteriorDistribution } from './posterior_distributions.js'

const ORDER = 10
const PANELS_PER_GAP = 2
const EDGE_TAIL = 1e-15
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

/** ∫_{from}^{to} pdf, by Gauss–Legendre on one (short) interval. */
function integratePdf(dist: PosteriorDistribution, from: number, to: number): number {
  const half = 0.5 * (to - from)
  if (half === 0) return 0
  const mid = from + half
  let sum = 0
  for (let i = 0; i < ORDER; i++) sum += GL.weights[i] * dist.pdf(mid + half * GL.nodes[i])
  return sum * half
}

function clampProbability(p: number): number {
  return p < 0 ? 0 : p > 1 ? 1 : p
}

export interface ProbabilityBestResult {
  /** P(arm k has the highest value), same order as the input. */
  probBest: number[]
  /** E[max_k X_k] */
  expectedMax: number
}

/** P(k is best) = ∫ f_k Π_{j≠k} F_j and E[max] = lo + ∫_lo (1 − Π_j F_j). */
export function probabilityBest(dists: PosteriorDistribution[]): ProbabilityBestResult {
  const k = dists.length
  if (k === 0) return { probBest: [], expectedMax: Number.NaN }
  if (k === 1) return { probBest: [1], expectedMax: dists[0].mean }

  const lo = Math.min(...dists.map((d) => Math.max(d.lower, d.quantile(EDGE_TAIL))))
  const hi = Math.max(...dists.map((d) => Math.min(d.upper, d.isf(EDGE_TAIL))))
  const panels = panelsFrom(dists.flatMap(breakpointsOf), lo, hi)

  const probBest = new Array<number>(k).fill(0)
  let aboveLo = 0 // ∫_lo^hi (1 − Π F_j)
  const startCdf = new Float64Array(k)
  const cdf = new Float64Array(k)
  const pdf = new Float64Array(k)
  const prefix = new Float64Array(k + 1)

  for (const [x0, x1] of panels) {
    const half = 0.5 * (x1 - x0)
    const mid = x0 + half
    for (let j = 0; j < k; j++) startCdf[j] = dists[j].cdf(x0)
    for (let i = 0; i < ORDER; i++) {
      const x = mid + half * GL.nodes[i]
      const weight = GL.weights[i] * half
      for (let j = 0; j < k; j++) {
        cdf[j] = clampProbability(startCdf[j] + integratePdf(dists[j], x0, x))
        pdf[j] = dists[j].pdf(x)
      }
      // Π_{j≠m} F_j via prefix and suffix products (no division, zeros are fine).
      prefix[0] = 1
      for (let j = 0; j < k; j++) prefix[j + 1] = prefix[j] * cdf[j]
      let suffix = 1
      for (let m = k - 1; m >= 0; m--) {
        probBest[m] += weight * pdf[m] * prefix[m] * suffix
        suffix *= cdf[m]
      }
      aboveLo += weight * (1 - prefix[k])
    }
  }
  return { probBest: probBest.map(clampProbability), expectedMax: lo + aboveLo }
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
export function affineCdfIntegrator(x: PosteriorDistribution, y: PosteriorDistribution): (s: number, d: number) => AffineCdf {
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
    for (const [x0, x1] of panels) {
      const half = 0.5 * (x1 - x0)
      const mid = x0 + half
      const y0 = s * x0 + d
      const startCdf = y.cdf(y0)
      for (let i = 0; i < ORDER; i++) {
        const xi = mid + half * GL.nodes[i]
        const fx = x.pdf(xi)
        if (fx === 0) continue
        const yi = s * xi + d
        const fy = y.pdf(yi)
        const fyCdf = clampProbability(startCdf + integratePdf(y, y0, yi))
        const weight = GL.weights[i] * half * fx
        cdf += weight * fyCdf
        dd += weight * fy
        ds += weight * xi * fy
      }
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
