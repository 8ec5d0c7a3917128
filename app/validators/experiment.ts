import vine from '@vinejs/vine'
import { experimentMetric as metric } from '#validators/metric'

const variant = () =>
  vine.object({
    key: vine
      .string()
      .trim()
      .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/i),
    name: vine.string().trim().minLength(1).maxLength(120),
    /** Share of covered traffic, 0..1. */
    weight: vine.number().min(0).max(1),
    isControl: vine.boolean().optional(),
    config: vine.record(vine.any()).optional(),
    description: vine.string().trim().maxLength(1000).nullable().optional(),
  })

/** A range of a namespace (GrowthBook namespaces), as shares 0..1. */
const namespaceRange = () =>
  vine.object({
    namespace: vine
      .string()
      .trim()
      .regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/i),
    start: vine.number().min(0).max(1),
    end: vine.number().min(0).max(1),
  })

/** Times are ISO 8601; without a zone they are UTC. */
const time = () => vine.date({ formats: { utc: true } }).nullable()

/**
 * The canonical shape of an experiment, for create and update (every field optional on
 * update). The HTML form and the Pitchey-style API body are mapped to it first
 * (see app/validators/experiment_input.ts); cross-field rules (weights sum to 100 %,
 * one control, targeting syntax) are checked by the service.
 */
const fields = {
  key: vine
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9_-]{1,63}$/),
  name: vine.string().trim().minLength(3).maxLength(160),
  description: vine.string().trim().maxLength(5000).nullable(),
  hypothesis: vine.string().trim().maxLength(5000).nullable(),
  tags: vine.array(vine.string().trim().minLength(1).maxLength(40)).maxLength(20),
  unit: vine.enum(['user', 'team', 'visitor'] as const),
  assignmentMode: vine.enum(['deterministic', 'random'] as const),
  trafficAllocation: vine.number().min(0).max(1),
  targeting: vine.any().nullable(),
  variants: vine.array(variant()).minLength(2).maxLength(10),
  primaryMetric: metric(),
  secondaryMetrics: vine.array(metric()).maxLength(10),
  guardrailMetrics: vine.array(metric()).maxLength(10),
  analysisMethod: vine.enum(['frequentist', 'sequential', 'bayesian'] as const),
  significanceLevel: vine.number().min(0.001).max(0.2),
  power: vine.number().min(0.5).max(0.99),
  minimumSampleSize: vine.number().withoutDecimals().min(0).max(1_000_000_000),
  correction: vine.enum(['holm', 'bh', 'none'] as const),
  correctionScope: vine.enum(['metric', 'experiment'] as const),
  minimumDays: vine.number().withoutDecimals().min(0).max(365),
  sequentialTau2: vine.number().min(0.000001).max(1),
  autoWinner: vine.boolean(),
  startDate: vine.date({ formats: { utc: true } }).nullable(),
  endDate: vine.date({ formats: { utc: true } }).nullable(),
  kind: vine.enum(['experiment', 'holdout'] as const),
  holdoutId: vine.number().withoutDecimals().positive().nullable(),
  namespaces: vine.array(namespaceRange()).maxLength(10),
  scheduledStartAt: time(),
  scheduledStopAt: time(),
  bandit: vine.boolean(),
  banditBurnInSubjects: vine.number().withoutDecimals().min(1).max(1_000_000),
  banditBurnInHours: vine.number().withoutDecimals().min(0).max(8760),
}

/** The design fields, optional on create and update alike. */
const designFields = {
  holdoutId: fields.holdoutId.optional(),
  namespaces: fields.namespaces.optional(),
  scheduledStartAt: fields.scheduledStartAt.optional(),
  scheduledStopAt: fields.scheduledStopAt.optional(),
  bandit: fields.bandit.optional(),
  banditBurnInSubjects: fields.banditBurnInSubjects.optional(),
  banditBurnInHours: fields.banditBurnInHours.optional(),
}

export const createExperimentValidator = vine.create({
  ...fields,
  key: fields.key.optional(),
  description: fields.description.optional(),
  hypothesis: fields.hypothesis.optional(),
  tags: fields.tags.optional(),
  unit: fields.unit.optional(),
  assignmentMode: fields.assignmentMode.optional(),
  trafficAllocation: fields.trafficAllocation.optional(),
  targeting: fields.targeting.optional(),
  secondaryMetrics: fields.secondaryMetrics.optional(),
  guardrailMetrics: fields.guardrailMetrics.optional(),
  analysisMethod: fields.analysisMethod.optional(),
  significanceLevel: fields.significanceLevel.optional(),
  power: fields.power.optional(),
  minimumSampleSize: fields.minimumSampleSize.optional(),
  correction: fields.correction.optional(),
  correctionScope: fields.correctionScope.optional(),
  minimumDays: fields.minimumDays.optional(),
  sequentialTau2: fields.sequentialTau2.optional(),
  autoWinner: fields.autoWinner.optional(),
  startDate: fields.startDate.optional(),
  endDate: fields.endDate.optional(),
  kind: fields.kind.optional(),
  ...designFields,
  templateId: vine.number().withoutDecimals().positive().optional(),
  // A template brings its own primary metric.
  primaryMetric: metric().optional().requiredIfMissing('templateId'),
})

export const updateExperimentValidator = vine.create({
  name: fields.name.optional(),
  description: fields.description.optional(),
  hypothesis: fields.hypothesis.optional(),
  tags: fields.tags.optional(),
  unit: fields.unit.optional(),
  assignmentMode: fields.assignmentMode.optional(),
  trafficAllocation: fields.trafficAllocation.optional(),
  targeting: fields.targeting.optional(),
  variants: fields.variants.optional(),
  primaryMetric: fields.primaryMetric.optional(),
  secondaryMetrics: fields.secondaryMetrics.optional(),
  guardrailMetrics: fields.guardrailMetrics.optional(),
  analysisMethod: fields.analysisMethod.optional(),
  significanceLevel: fields.significanceLevel.optional(),
  power: fields.power.optional(),
  minimumSampleSize: fields.minimumSampleSize.optional(),
  correction: fields.correction.optional(),
  correctionScope: fields.correctionScope.optional(),
  minimumDays: fields.minimumDays.optional(),
  sequentialTau2: fields.sequentialTau2.optional(),
  autoWinner: fields.autoWinner.optional(),
  startDate: fields.startDate.optional(),
  endDate: fields.endDate.optional(),
  kind: fields.kind.optional(),
  ...designFields,
})

export const lifecycleValidator = vine.create({
  reason: vine.string().trim().maxLength(1000).optional(),
  winner: vine.string().trim().maxLength(64).optional(),
})

export const experimentFiltersValidator = vine.create({
  status: vine.enum(['draft', 'running', 'paused', 'completed'] as const).optional(),
  search: vine.string().trim().maxLength(100).optional(),
  sort: vine.enum(['updated', 'created', 'name', 'status'] as const).optional(),
  archived: vine.boolean().optional(),
})

/** An experiment template (the analysis defaults a new experiment starts from). */
export const templateValidator = vine.create({
  name: vine.string().trim().minLength(3).maxLength(120),
  description: vine.string().trim().maxLength(2000).nullable().optional(),
  primaryMetric: metric(),
  secondaryMetrics: vine.array(metric()).maxLength(10).optional(),
  guardrailMetrics: vine.array(metric()).maxLength(10).optional(),
  analysisMethod: fields.analysisMethod,
  correction: fields.correction,
  correctionScope: fields.correctionScope.optional(),
  minimumDays: fields.minimumDays.optional(),
  significanceLevel: fields.significanceLevel.optional(),
})

/** The calculator's mean metric (revenue, time on page): the effect in % or in the metric's unit. */
export const meanSampleSizeValidator = vine.create({
  baselineMean: vine.number().min(-1e12).max(1e12),
  sd: vine.number().positive().max(1e12),
  mde: vine.number().positive().max(1e12),
  mdeType: vine.enum(['relative', 'absolute'] as const).optional(),
  significanceLevel: vine.number().min(0.001).max(0.2).optional(),
  power: vine.number().min(0.5).max(0.99).optional(),
  variants: vine.number().withoutDecimals().min(2).max(10).optional(),
  dailyTraffic: vine.number().min(0).max(1_000_000_000).optional(),
})

/** The inline sample-size helper (percentages as people type them). */
export const sampleSizeValidator = vine.create({
  baselinePercent: vine.number().min(0.01).max(99.99),
  mdePercent: vine.number().min(0.01).max(1000),
  mdeType: vine.enum(['relative', 'absolute'] as const).optional(),
  significanceLevel: vine.number().min(0.001).max(0.2).optional(),
  power: vine.number().min(0.5).max(0.99).optional(),
  variants: vine.number().withoutDecimals().min(2).max(10).optional(),
  dailyTraffic: vine.number().min(0).max(1_000_000_000).optional(),
  trafficPercent: vine.number().min(0).max(100).optional(),
})
