import vine from '@vinejs/vine'
import { AGGREGATES, METRIC_KINDS } from '#evaluation/metrics'

const eventName = () =>
  vine
    .string()
    .trim()
    .regex(/^[\w.:-]{1,100}$/)

/**
 * A metric definition's fields (the library's, and an experiment's inline ones).
 * Which kinds accept which options is checked by the experiments domain (checkMetric).
 */
export const metricDefinitionFields = {
  kind: vine.enum(METRIC_KINDS),
  higherIsBetter: vine.boolean().optional(),
  unit: vine.string().trim().maxLength(16).optional(),
  windowHours: vine.number().min(0.01).max(8760).optional(),
  cap: vine
    .object({ type: vine.enum(['fixed', 'percentile'] as const), value: vine.number().min(0) })
    .optional(),
  cupedDays: vine.number().withoutDecimals().min(1).max(365).optional(),
  numerator: vine.enum(AGGREGATES).optional(),
  denominatorEvent: eventName().optional().requiredWhen('kind', '=', 'ratio'),
  denominator: vine.enum(AGGREGATES).optional(),
  quantile: vine.number().min(0.01).max(0.99).optional().requiredWhen('kind', '=', 'quantile'),
  retentionDay: vine.number().withoutDecimals().min(1).max(365).optional(),
}

/** A library metric: its name and definition (and its key, when created). */
const libraryMetric = {
  name: vine.string().trim().minLength(2).maxLength(120),
  description: vine.string().trim().maxLength(2000).nullable(),
  event: eventName(),
  ...metricDefinitionFields,
}

/** The key defaults to the name and never changes. */
export const createMetricValidator = vine.create({
  ...libraryMetric,
  key: vine
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9_-]{1,63}$/)
    .optional(),
})
export const updateMetricValidator = vine.create(libraryMetric)

/** An experiment's metric: picked from the library (metricId), or defined inline. */
export const experimentMetric = () =>
  vine.object({
    metricId: vine.number().withoutDecimals().positive().optional(),
    event: eventName().optional().requiredIfMissing('metricId'),
    name: vine.string().trim().maxLength(100).optional(),
    ...metricDefinitionFields,
    kind: metricDefinitionFields.kind.optional(),
  })
