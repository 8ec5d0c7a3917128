/**
 * Experiment-level checks of analyzeExperiment: sample ratio mismatch,
 * sample size, the omnibus chi-square and P(best).
 */
import type {
  AnalyzeExperimentInput,
  MetricType,
  OmnibusTest,
  SampleSizeStatus,
  SrmCheck,
} from './analyze_types.js'
import { chiSquareIndependence } from './chi_square.js'
import { probabilityBest } from './integration.js'
import {
  betaDistribution,
  normalDistribution,
  type PosteriorDistribution,
} from './posterior_distributions.js'
import { sampleRatioMismatch } from './srm.js'
import { isStatsError } from './types.js'
import { finite, type Arm } from './analyze_common.js'
import { posteriorOf } from './analyze_comparisons.js'

/** SRM check of subjects per variant against the weights (array in variant order, or keyed by variant key). */
export function srmCheck(
  input: AnalyzeExperimentInput,
  arms: Arm[],
  threshold: number,
  warnings: string[]
): SrmCheck {
  const none = (reason: string): SrmCheck => ({
    statistic: null,
    pValue: null,
    threshold,
    detected: false,
    expectedCounts: null,
    reason,
  })
  let weights: number[]
  if (Array.isArray(input.weights)) {
    weights = input.weights
  } else if (input.weights !== null && typeof input.weights === 'object') {
    const byKey = input.weights
    weights = arms.map((arm) => byKey[arm.key])
  } else {
    warnings.push('No traffic weights given: the sample ratio mismatch check was skipped.')
    return none('missing_weights')
  }
  if (
    weights.length !== arms.length ||
    weights.some((w) => typeof w !== 'number' || !Number.isFinite(w) || w < 0)
  ) {
    warnings.push(
      'The traffic weights do not match the variants: the sample ratio mismatch check was skipped.'
    )
    return none('invalid_weights')
  }
  const srm = sampleRatioMismatch({ observed: arms.map((a) => a.n), weights, threshold })
  if (isStatsError(srm)) {
    warnings.push('The traffic weights are invalid: the sample ratio mismatch check was skipped.')
    return none(srm.error)
  }
  return {
    statistic: finite(srm.statistic),
    pValue: finite(srm.pValue),
    threshold,
    detected: srm.srmDetected,
    expectedCounts: srm.expectedCounts.every(Number.isFinite) ? srm.expectedCounts : null,
    reason: srm.statistic === null ? 'zero_weight_variant_has_subjects' : null,
  }
}

/** Whether the experiment has the minimum total subjects, and every variant some data. */
export function sampleSizeStatus(
  arms: Arm[],
  metricType: MetricType,
  minimum: number
): SampleSizeStatus {
  const totalN = arms.reduce((sum, a) => sum + a.n, 0)
  const smallest = arms.length > 0 ? Math.min(...arms.map((a) => a.n)) : 0
  // Every variant needs data (two subjects for a variance) whatever the setting.
  const reached = totalN >= minimum && smallest >= (metricType === 'continuous' ? 2 : 1)
  const progress = minimum > 0 ? Math.min(1, totalN / minimum) : reached ? 1 : 0
  return { minimumSampleSize: minimum, totalN, smallestVariantN: smallest, reached, progress }
}

/** Frequentist binomial metrics with 3+ variants with data: "are all arms equal?" (2×K chi-square). */
export function omnibusTest(
  arms: Arm[],
  metricType: MetricType,
  method: string
): OmnibusTest | null {
  const withData = arms.filter((a) => a.n > 0)
  if (metricType !== 'binomial' || method !== 'frequentist' || withData.length < 3) return null
  const chi = chiSquareIndependence({
    variants: withData.map((a) => ({ conversions: a.conversions as number, n: a.n })),
  })
  if (isStatsError(chi)) return null
  const statistic = finite(chi.statistic)
  const pValue = finite(chi.pValue)
  return statistic === null || pValue === null ? null : { statistic, dof: chi.dof, pValue }
}

/** Bayesian P(best) over the variants with data, in the metric's good direction; null for the others. */
export function probabilitiesBest(
  arms: Arm[],
  metricType: MetricType,
  higherIsBetter: boolean
): Array<number | null> {
  const posteriors = arms.map((arm) => posteriorOf(arm, metricType))
  const usable = posteriors.map((p, i) => (p === null ? -1 : i)).filter((i) => i >= 0)
  if (usable.length < 2) return arms.map(() => null)
  // For lower-is-better metrics the best arm is the smallest: negate Gaussian
  // posteriors, mirror Beta posteriors (1 − p).
  const dists = usable.map((i) => {
    const p = posteriors[i] as PosteriorDistribution
    if (higherIsBetter) return p
    if (metricType === 'binomial') {
      const conversions = arms[i].conversions as number
      return betaDistribution(1 + arms[i].n - conversions, 1 + conversions)
    }
    return normalDistribution(-p.mean, p.sd)
  })
  const { probBest } = probabilityBest(dists)
  const result: Array<number | null> = arms.map(() => null)
  usable.forEach((armIndex, k) => {
    result[armIndex] = finite(probBest[k])
  })
  return result
}
