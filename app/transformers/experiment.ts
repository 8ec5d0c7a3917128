import type Experiment from '#models/experiment'
import type { Assignment } from '#services/experiments'

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
