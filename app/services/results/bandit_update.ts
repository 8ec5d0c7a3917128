import { banditWeights, type Sums } from '#stats/index'
import type Experiment from '#models/experiment'
import { applyBanditWeights } from '#services/experiments'
import { SYSTEM_ACTOR } from '#services/accounts'
import { metricSource } from '#evaluation/metrics'
import type { MetricTotals, VariantTotals } from '#services/results/aggregation'

/**
 * Primary metric kinds whose per-arm totals are a mean's n, Σx, Σx²: the proportions
 * (conversion, retention: a 0/1 value per subject) and the per-subject counts and sums.
 */
const BANDIT_KINDS = new Set(['conversion', 'retention', 'count', 'sum'])
const PROPORTION_KINDS = new Set(['conversion', 'retention'])

/** Per arm n, Σx, Σx² of the primary metric (a 0/1 value has Σx² = Σx). */
function armSums(experiment: Experiment, exposed: VariantTotals[], totals: MetricTotals[]): Sums[] {
  const kind = experiment.primaryMetric.kind
  return experiment.variants.map((variant) => {
    const n = exposed.find((e) => e.variantId === variant.id)?.exposed ?? 0
    const t = totals.find((row) => row.variantId === variant.id)
    if (PROPORTION_KINDS.has(kind))
      return { n, sum: t?.converters ?? 0, sumSquares: t?.converters ?? 0 }
    if (kind === 'count') return { n, sum: t?.countSum ?? 0, sumSquares: t?.countSumSquares ?? 0 }
    return { n, sum: t?.valueSum ?? 0, sumSquares: t?.valueSumSquares ?? 0 }
  })
}

/**
 * After a recompute of a running bandit: once the burn-in is over (every arm has the
 * configured exposed subjects, and the configured hours have passed since the start), the
 * primary metric's arms give new weights (spec §19). Returns whether the weights changed.
 */
export async function updateBandit(
  experiment: Experiment,
  exposed: VariantTotals[],
  byMetric: Map<string, MetricTotals[]>
) {
  if (!experiment.bandit || experiment.status !== 'running' || !experiment.startedAt) return false
  // Ratio and quantile metrics are not a per-subject mean: the weights stay.
  if (!BANDIT_KINDS.has(experiment.primaryMetric.kind)) return false
  // Totals are kept per metric source: a window, a covariate or a retention day is its own.
  const totals = byMetric.get(metricSource(experiment.primaryMetric).key) ?? []
  const arms = armSums(experiment, exposed, totals)
  const hours = -experiment.startedAt.diffNow('hours').hours
  const burnedIn =
    arms.every((arm) => arm.n >= experiment.banditBurnInSubjects) &&
    hours >= experiment.banditBurnInHours
  if (!burnedIn) return false
  const result = banditWeights({ arms, inverse: experiment.primaryMetric.higherIsBetter === false })
  if ('error' in result || !result.banditWeights) return false
  const weights: Record<string, number> = {}
  const chanceBest: Record<string, number> = {}
  const subjects: Record<string, number> = {}
  experiment.variants.forEach((variant, i) => {
    weights[variant.key] = result.banditWeights![i]
    chanceBest[variant.key] = result.bestArmProbabilities[i]
    subjects[variant.key] = arms[i].n
  })
  return applyBanditWeights(experiment.id, weights, { chanceBest, subjects }, SYSTEM_ACTOR)
}
