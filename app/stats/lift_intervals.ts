/**
 * Credible intervals of the lift between two independent posteriors X
 * (control) and Y (variant): the absolute difference Y − X and the relative
 * lift (Y − X)/|X|. Quantiles come from the exact cdf, P(Y ≤ s·X + d), by
 * deterministic integration (integration.ts) and safeguarded Newton steps; no
 * normal approximation.
 */
import { affineCdfIntegrator, solveIncreasing } from './integration.js'
import { normalInv } from './distributions.js'
import { normalDistribution, type PosteriorDistribution } from './posterior_distributions.js'
import type { Interval } from './types.js'

/** Lower/upper tail probability of an equal-tailed interval at `level`. */
function tails(level: number): [number, number] {
  const tail = (1 - level) / 2
  return [tail, 1 - tail]
}

/** Equal-tailed credible interval of Y − X. */
export function differenceCredibleInterval(
  x: PosteriorDistribution,
  y: PosteriorDistribution,
  level: number
): Interval {
  const cdfOf = affineCdfIntegrator(x, y)
  const mean = y.mean - x.mean
  const sd = Math.hypot(x.sd, y.sd)
  // P(Y − X ≤ d) = P(Y ≤ X + d); its derivative in d is the density of Y − X.
  const evaluate = (d: number) => {
    const { cdf, dd } = cdfOf(1, d)
    return { value: cdf, derivative: dd }
  }
  const bracket: [number, number] = [
    x.lower === 0 && y.upper === 1 ? -1 : -Infinity,
    x.lower === 0 && y.upper === 1 ? 1 : Infinity,
  ]
  const [lowTail, highTail] = tails(level)
  return [
    solveIncreasing(evaluate, lowTail, mean + sd * normalInv(lowTail), bracket, sd),
    solveIncreasing(evaluate, highTail, mean + sd * normalInv(highTail), bracket, sd),
  ]
}

/** Quantiles of Y/X for X > 0 almost surely. */
function ratioQuantiles(
  x: PosteriorDistribution,
  y: PosteriorDistribution,
  probabilities: number[]
): number[] {
  const cdfOf = affineCdfIntegrator(x, y)
  // P(Y/X ≤ s) = P(Y ≤ s·X); its derivative in s is the density of Y/X.
  const evaluate = (s: number) => {
    const { cdf, ds } = cdfOf(s, 0)
    return { value: cdf, derivative: ds }
  }
  // Delta-method start; the bracket keeps Newton safe whatever the start.
  const mean = y.mean / x.mean
  const sd = Math.hypot(y.sd, mean * x.sd) / x.mean
  const scale = sd > 0 && Number.isFinite(sd) ? sd : Math.abs(mean) || 1
  const bracket: [number, number] = [y.lower >= 0 ? 0 : -Infinity, Infinity]
  return probabilities.map((p) =>
    solveIncreasing(evaluate, p, mean + scale * normalInv(p), bracket, scale)
  )
}

/**
 * Equal-tailed credible interval of (Y − X)/|X|. Null when X puts more than
 * 1e-12 of its mass at or across zero (the ratio is then unbounded).
 */
export function relativeLiftCredibleInterval(
  x: PosteriorDistribution,
  y: PosteriorDistribution,
  level: number
): Interval | null {
  const [lowTail, highTail] = tails(level)
  if (x.lower >= 0) {
    // Beta posteriors: X > 0 almost surely.
    const [low, high] = ratioQuantiles(x, y, [lowTail, highTail])
    return [low - 1, high - 1]
  }
  // Unbounded support (Gaussian posteriors of means): only when X is clearly one-signed.
  const massBelowZero = x.cdf(0)
  if (massBelowZero <= 1e-12) {
    const [low, high] = ratioQuantiles(x, y, [lowTail, highTail])
    return [low - 1, high - 1]
  }
  if (1 - massBelowZero <= 1e-12) {
    // X < 0: (Y − X)/|X| = 1 − Y'/X' with X' = −X > 0, Y' = −Y.
    const flippedX = normalDistribution(-x.mean, x.sd)
    const flippedY = normalDistribution(-y.mean, y.sd)
    const [low, high] = ratioQuantiles(flippedX, flippedY, [lowTail, highTail])
    return [1 - high, 1 - low]
  }
  return null
}
