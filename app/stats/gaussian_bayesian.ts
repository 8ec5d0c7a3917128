/**
 * Gaussian Bayesian effect (spec §16), GrowthBook's Bayesian engine for every metric
 * type (gbstats EffectBayesianABTest): a normal likelihood on the effect estimate, a
 * flat or normal prior, and closed forms for chance to win and the two risks.
 */
import { normalCdf, normalIsf, normalPdf, normalSf } from './distributions.js'
import { isOpenUnit } from './effect_moments.js'
import { DEFAULT_ALPHA, type Interval, type StatsError } from './types.js'

type Scale = 'relative' | 'absolute'

export interface GaussianBayesianInput {
  /** Point estimate and SE of the effect (e.g. from §13–§17). */
  estimate: number
  se: number
  /** Scale of the estimate, default 'relative' (gbstats' default). */
  differenceType?: Scale
  /** gbstats GaussianPrior(): mean 0, variance 1, proper false (a flat prior). */
  priorMean?: number
  priorVariance?: number
  priorProper?: boolean
  /** Scale the prior is stated on, default 'relative' (GrowthBook's app). */
  priorType?: Scale
  /** Unadjusted control mean; needed only to rescale a proper prior to the other scale. */
  controlMean?: number
  alpha?: number
  /** Lower is better (e.g. churn). */
  inverse?: boolean
}

export interface GaussianBayesianResult {
  /** The prior actually used, on the effect's scale; null for a flat prior. */
  priorMeanEffectScale: number | null
  priorVarianceEffectScale: number | null
  posteriorMean: number
  posteriorSd: number
  /** Φ(μ/σ), or Φ(−μ/σ) with `inverse`. */
  chanceToWin: number
  /** Risk of keeping control (E[max(δ, 0)]) and of shipping the variant (E[max(−δ, 0)]); swapped with `inverse`. */
  riskControl: number
  riskTreatment: number
  /** μ ∓ z_{1−α/2}·σ */
  credibleInterval: Interval
}

const isScale = (x: unknown): x is Scale => x === 'relative' || x === 'absolute'

/**
 * E[max(δ, 0)] and E[max(−δ, 0)] for δ ~ N(μ, σ²). The smaller one is
 * σ(φ(z) − |z|Φ(−|z|)) with z = μ/σ, and the larger one adds |μ|, so gain − loss = μ
 * exactly; beyond |z| ≈ 38 φ underflows and the small risk is 0 (gbstats cuts at 37).
 */
function risks(mu: number, sigma: number): { gain: number; loss: number } {
  const z = Math.abs(mu / sigma)
  const small = Math.max(0, sigma * (normalPdf(z) - z * normalSf(z)))
  const large = small + Math.abs(mu)
  return mu >= 0 ? { gain: large, loss: small } : { gain: small, loss: large }
}

/** Posterior of an effect under a flat or normal prior (spec §16). */
export function gaussianBayesianEffect(
  input: GaussianBayesianInput
): GaussianBayesianResult | StatsError {
  const { estimate, se } = input
  const differenceType = input.differenceType ?? 'relative'
  const priorType = input.priorType ?? 'relative'
  const priorMean = input.priorMean ?? 0
  const priorVariance = input.priorVariance ?? 1
  const proper = input.priorProper ?? false
  const alpha = input.alpha ?? DEFAULT_ALPHA
  const inverse = input.inverse ?? false
  if (
    !Number.isFinite(estimate) ||
    !Number.isFinite(se) ||
    se < 0 ||
    !isScale(differenceType) ||
    !isScale(priorType) ||
    !isOpenUnit(alpha) ||
    (proper && !(priorVariance > 0 && Number.isFinite(priorVariance) && Number.isFinite(priorMean)))
  ) {
    return { error: 'invalid_input' }
  }

  // A proper prior on the other scale is converted with the control mean c:
  // relative → absolute (μ₀|c|, τ²c²), absolute → relative (μ₀/|c|, τ²/c²). gbstats skips
  // the second conversion by a bug; this spec converts.
  let prior: { mean: number; variance: number } | null = null
  if (proper) {
    prior = { mean: priorMean, variance: priorVariance }
    if (priorType !== differenceType) {
      const c = input.controlMean
      if (typeof c !== 'number' || !Number.isFinite(c)) return { error: 'invalid_input' }
      if (c === 0) return { error: 'baseline_zero' }
      const scale = priorType === 'relative' ? Math.abs(c) : 1 / Math.abs(c)
      prior = { mean: priorMean * scale, variance: priorVariance * scale * scale }
    }
  }
  if (se === 0) return { error: 'zero_variance' }

  let mu = estimate
  let sigma = se
  if (prior !== null) {
    const precision = 1 / (se * se) + 1 / prior.variance
    mu = (estimate / (se * se) + prior.mean / prior.variance) / precision
    sigma = 1 / Math.sqrt(precision)
  }
  const { gain, loss } = risks(mu, sigma)
  const z = normalIsf(alpha / 2)
  return {
    priorMeanEffectScale: prior?.mean ?? null,
    priorVarianceEffectScale: prior?.variance ?? null,
    posteriorMean: mu,
    posteriorSd: sigma,
    chanceToWin: normalCdf((inverse ? -mu : mu) / sigma),
    riskControl: inverse ? loss : gain,
    riskTreatment: inverse ? gain : loss,
    credibleInterval: [mu - z * sigma, mu + z * sigma],
  }
}
