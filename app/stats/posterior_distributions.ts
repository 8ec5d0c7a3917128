/**
 * Posterior distributions as plain objects with accurate pdf, cdf, tails and
 * quantiles, so that the deterministic integrator (integration.ts) can work on
 * Beta posteriors (binomial metrics) and Gaussian posteriors (continuous
 * metrics) alike.
 */
import { betaInv, betaIsf, normalInv, normalIsf, normalPdf } from './distributions.js'
import { betaln, erfc, incompleteBeta } from './special_functions.js'

export interface PosteriorDistribution {
  mean: number
  sd: number
  /** Support, e.g. [0, 1] for Beta, [−∞, ∞] for Normal. */
  lower: number
  upper: number
  pdf(x: number): number
  /** P(X ≤ x) */
  cdf(x: number): number
  /** Lower-tail quantile. */
  quantile(p: number): number
  /** Upper-tail quantile: the x with P(X > x) = q. */
  isf(q: number): number
}

/** Beta(a, b) posterior (a, b > 0). */
export function betaDistribution(a: number, b: number): PosteriorDistribution {
  const logNorm = betaln(a, b)
  const mean = a / (a + b)
  return {
    mean,
    sd: Math.sqrt((a * b) / ((a + b) * (a + b) * (a + b + 1))),
    lower: 0,
    upper: 1,
    pdf(x) {
      if (x <= 0 || x >= 1) {
        if (x === 0 && a === 1) return Math.exp(-logNorm)
        if (x === 1 && b === 1) return Math.exp(-logNorm)
        return 0
      }
      return Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - logNorm)
    },
    cdf: (x) => incompleteBeta(x, a, b)[0],
    quantile: (p) => betaInv(p, a, b),
    isf: (q) => betaIsf(q, a, b),
  }
}

/** Normal(mean, sd²) posterior (sd > 0). */
export function normalDistribution(mean: number, sd: number): PosteriorDistribution {
  return {
    mean,
    sd,
    lower: Number.NEGATIVE_INFINITY,
    upper: Number.POSITIVE_INFINITY,
    pdf: (x) => normalPdf((x - mean) / sd) / sd,
    cdf: (x) => 0.5 * erfc(((mean - x) / sd) * Math.SQRT1_2),
    quantile: (p) => mean + sd * normalInv(p),
    isf: (q) => mean + sd * normalIsf(q),
  }
}
