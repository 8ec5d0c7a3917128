import type Experiment from '#models/experiment'
import type { Assignment } from '#services/experiments'
import type { ExperimentDefinition } from '#evaluation/types'

/**
 * JSON shapes of the experiments API (Pitchey document shapes, extended). Kept in one
 * place so the list, show and write endpoints answer alike.
 */
export function experimentJson(
  experiment: Experiment,
  counts?: Map<number, { assigned: number; exposed: number }>
) {
  return {
    id: experiment.id,
    key: experiment.key,
    name: experiment.name,
    description: experiment.description,
    hypothesis: experiment.hypothesis,
    tags: experiment.tags,
    status: experiment.status,
    unit: experiment.unit,
    assignmentMode: experiment.assignmentMode,
    trafficAllocation: experiment.trafficAllocation,
    targeting: experiment.targeting,
    variants: experiment.variants.map((variant) => ({
      id: variant.key,
      variantId: variant.id,
      name: variant.name,
      description: variant.description,
      trafficAllocation: variant.weight,
      isControl: variant.isControl,
      config: variant.config,
      ...(counts ? { assignments: counts.get(variant.id) ?? { assigned: 0, exposed: 0 } } : {}),
    })),
    primaryMetric: experiment.primaryMetric,
    secondaryMetrics: experiment.secondaryMetrics,
    guardrailMetrics: experiment.guardrailMetrics,
    analysisMethod: experiment.analysisMethod,
    significanceLevel: experiment.significanceLevel,
    statisticalPower: experiment.power,
    minimumSampleSize: experiment.minimumSampleSize,
    correction: experiment.correction,
    correctionScope: experiment.correctionScope,
    minimumDays: experiment.minimumDays,
    sequentialTau2: experiment.sequentialTau2,
    autoWinner: experiment.autoWinner,
    startDate: experiment.startDate?.toISO() ?? null,
    endDate: experiment.endDate?.toISO() ?? null,
    kind: experiment.kind,
    holdoutId: experiment.holdoutId,
    namespaces: experiment.namespaces,
    scheduledStartAt: experiment.scheduledStartAt?.toISO() ?? null,
    scheduledStopAt: experiment.scheduledStopAt?.toISO() ?? null,
    bandit: experiment.bandit
      ? {
          burnInSubjects: experiment.banditBurnInSubjects,
          burnInHours: experiment.banditBurnInHours,
        }
      : null,
    archivedAt: experiment.archivedAt?.toISO() ?? null,
    startedAt: experiment.startedAt?.toISO() ?? null,
    endedAt: experiment.endedAt?.toISO() ?? null,
    winner: experiment.winnerVariantId
      ? {
          variantId:
            experiment.variants.find((v) => v.id === experiment.winnerVariantId)?.key ?? null,
          decision: experiment.winnerDecision,
          reason: experiment.winnerReason,
        }
      : null,
    createdAt: experiment.createdAt.toISO(),
    updatedAt: experiment.updatedAt?.toISO() ?? null,
  }
}

export function assignmentJson(assignment: Assignment) {
  return {
    experimentId: assignment.experiment.id,
    experimentKey: assignment.experiment.key,
    experimentName: assignment.experiment.name,
    variantId: assignment.variant?.key ?? null,
    variantConfig: assignment.variant?.config ?? null,
    isActive: assignment.active,
    reason: assignment.reason,
  }
}

/**
 * A listed experiment id that names no experiment: answered in its place (the caller
 * shows its default experience) so that one stale id never fails the whole call.
 */
export function unknownExperimentJson(idOrKey: string | number) {
  return {
    experimentId: idOrKey,
    experimentKey: null,
    experimentName: null,
    variantId: null,
    variantConfig: null,
    isActive: false,
    reason: 'not_found',
    error: { code: 'experiment_not_found', message: `No experiment "${idOrKey}".` },
  }
}

/**
 * A running experiment for GET /api/experiments/active (ability `evaluate`, so browser
 * keys may read it): what a client needs to show variants and label them. Left out on
 * purpose: the hash seed and version (with them and the weights anyone could compute every
 * subject's bucket offline), the targeting rule (it names internal attributes, segments and
 * values) and the winner (decided experiments are not running).
 */
export function activeExperimentJson(experiment: ExperimentDefinition) {
  return {
    experimentId: experiment.id,
    experimentKey: experiment.key,
    experimentName: experiment.name,
    status: experiment.status,
    unit: experiment.unit,
    assignmentMode: experiment.assignment,
    trafficAllocation: experiment.coverage,
    variants: experiment.variants.map((variant) => ({
      id: variant.key,
      name: variant.name,
      trafficAllocation: variant.weight,
      isControl: variant.isControl,
      config: variant.config,
    })),
  }
}
