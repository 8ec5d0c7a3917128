/**
 * Bandit weights (spec §19), as gbstats' BanditsSimple runs in production: a Gaussian
 * posterior per arm, P(best) (or top-two) by deterministic integration instead of
 * gbstats' 10,000 seeded Monte-Carlo draws, then the floor of PR #6145. No randomness:
 * the same input always gives the same weights.
 */
import { normalCdf } from './distributions.js'
import { isCount } from './effect_moments.js'
import { probabilityBest } from './integration.js'
import { normalDistribution } from './posterior_distributions.js'
import { SampleMean, type Sums } from './sufficient.js'
import type { StatsError } from './types.js'

/** gbstats holds weights until every arm has this many units. */
const MIN_UNITS_PER_ARM = 100

export interface BanditWeightsInput {
  /** Per arm n, Σx, Σx²; a conversion metric passes sumSquares = sum. K ≥ 2. */
  arms: Sums[]
  /** GrowthBook's defaults: GaussianPrior(0, 1e4, proper = true). */
  priorMean?: number
  priorVariance?: number
  priorProper?: boolean
  /** Each arm keeps at least this share, default 0.01. */
  minVariationWeight?: number
  /** Top-two Thompson weights (P(best) + P(second))/2; production default false. */
  topTwo?: boolean
  /** Lower is better: the smallest mean wins. */
  inverse?: boolean
}

export interface BanditWeightsResult {
  /** Σx/n (0 without units) and s² (0 below two units). */
  variationMeans: number[]
  variationVariances: number[]
  posteriorMeans: number[]
  posteriorVariances: number[]
  bestArmProbabilities: number[]
  /** Only with topTwo. */
  secondBestProbabilities: number[] | null
  topTwoProbabilities: number[] | null
  /** Every arm has at least 100 units. */
  enoughUnits: boolean
  /** f + (1 − K·f)·w/Σw; null (keep the current weights) without enough units. */
  banditWeights: number[] | null
}

function invalid(input: BanditWeightsInput): boolean {
  const { arms } = input
  if (!Array.isArray(arms) || arms.length < 2) return true
  const armInvalid = (arm: Sums) =>
    arm === null ||
    typeof arm !== 'object' ||
    !isCount(arm.n) ||
    !Number.isFinite(arm.sum) ||
    !Number.isFinite(arm.sumSquares)
  const priorVariance = input.priorVariance ?? 1e4
  const priorInvalid =
    (input.priorProper ?? true) &&
    (!(priorVariance > 0) ||
      !Number.isFinite(priorVariance) ||
      !Number.isFinite(input.priorMean ?? 0))
  const floorInvalid =
    input.minVariationWeight !== undefined && !Number.isFinite(input.minVariationWeight)
  return arms.some(armInvalid) || priorInvalid || floorInvalid
}

/** Floor every weight at f, keep the order and the sum of 1 (gbstats after PR #6145). */
function floored(weights: number[], minWeight: number): number[] {
  const k = weights.length
  const f = Math.max(0, minWeight)
  if (k * f >= 1) return weights.map(() => 1 / k)
  const total = weights.reduce((sum, w) => sum + w, 0)
  return weights.map((w) => f + ((1 - k * f) * w) / total)
}

/** Traffic weights for the next period of a multi-armed bandit (spec §19). */
export function banditWeights(input: BanditWeightsInput): BanditWeightsResult | StatsError {
  if (invalid(input)) return { error: 'invalid_input' }
  const { arms } = input
  const priorMean = input.priorMean ?? 0
  const priorPrecision = (input.priorProper ?? true) ? 1 / (input.priorVariance ?? 1e4) : 0
  const topTwo = input.topTwo ?? false
  const sign = (input.inverse ?? false) ? -1 : 1

  const variationMeans: number[] = []
  const variationVariances: number[] = []
  const posteriorMeans: number[] = []
  const posteriorVariances: number[] = []
  for (const arm of arms) {
    const sample = new SampleMean(arm)
    const mean = sample.mean ?? 0
    const variance = sample.variance ?? 0
    // An arm without units or spread carries no data precision: it keeps the prior.
    const dataPrecision = variance > 0 ? arm.n / variance : 0
    const precision = priorPrecision + dataPrecision
    if (!(precision > 0)) return { error: 'zero_variance' }
    variationMeans.push(mean)
    variationVariances.push(variance)
    posteriorVariances.push(1 / precision)
    posteriorMeans.push((priorPrecision * priorMean + dataPrecision * mean) / precision)
  }

  let best: number[]
  let second: number[] | null = null
  if (arms.length === 2) {
    // Closed form: P_B = Φ((μ_B − μ_A)/√(σ_A² + σ_B²)); the second best is the other arm.
    const gap =
      (sign * (posteriorMeans[1] - posteriorMeans[0])) /
      Math.sqrt(posteriorVariances[0] + posteriorVariances[1])
    best = [normalCdf(-gap), normalCdf(gap)]
    if (topTwo) second = [best[1], best[0]]
  } else {
    // Panels cut at every arm's quantiles, so narrow posteriors next to a wide one
    // (an arm with no units keeps the prior, σ = 100) are not missed.
    const dists = posteriorMeans.map((mean, i) =>
      normalDistribution(sign * mean, Math.sqrt(posteriorVariances[i]))
    )
    const integrals = probabilityBest(dists, { secondBest: topTwo })
    best = integrals.probBest
    second = integrals.probSecond
  }
  const topTwoProbabilities = second === null ? null : best.map((p, i) => (p + second[i]) / 2)
  const enoughUnits = arms.every((arm) => arm.n >= MIN_UNITS_PER_ARM)
  return {
    variationMeans,
    variationVariances,
    posteriorMeans,
    posteriorVariances,
    bestArmProbabilities: best,
    secondBestProbabilities: second,
    topTwoProbabilities,
    enoughUnits,
    banditWeights: enoughUnits
      ? floored(topTwoProbabilities ?? best, input.minVariationWeight ?? 0.01)
      : null,
  }
}
