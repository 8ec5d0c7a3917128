import vine from '@vinejs/vine'
import type { EventInput } from '#services/experiments'

/** `userContext` of the API: ids and attributes for targeting (free-form, bounded). */
const userContext = () =>
  vine.record(vine.any()).use(
    vine.createRule((value, _options, field) => {
      if (JSON.stringify(value).length > 8192) {
        field.report('The userContext is too large (8 KB at most)', 'maxSize', field)
      }
    })()
  )

/** A numeric id or a key: the API accepts either for experiments and variants. */
const idOrKey = () =>
  vine.union([
    vine.union.if((value) => typeof value === 'number', vine.number().withoutDecimals().positive()),
    vine.union.else(vine.string().trim().minLength(1).maxLength(64)),
  ])

export const assignmentsValidator = vine.create({
  userContext: userContext(),
  experimentIds: vine.array(idOrKey()).maxLength(100).optional(),
})

/** Many subjects at once (server-to-server), the same experiments for each. */
export const bulkAssignmentsValidator = vine.create({
  subjects: vine.array(userContext()).minLength(1).maxLength(1000),
  experimentIds: vine.array(idOrKey()).maxLength(100).optional(),
})

export const exposureValidator = vine.create({
  experimentId: idOrKey(),
  userContext: userContext(),
})

/** One tracked event (Pitchey shape plus idempotencyKey and occurredAt). */
export const trackEventValidator = vine.create({
  experimentId: idOrKey(),
  variantId: idOrKey().optional(),
  eventType: vine
    .string()
    .trim()
    .regex(/^[\w.:-]{1,100}$/),
  userContext: userContext(),
  eventData: vine
    .object({
      eventName: vine.string().trim().maxLength(200).optional(),
      eventValue: vine.number().optional(),
      properties: vine.record(vine.any()).optional(),
      url: vine.string().trim().maxLength(2000).optional(),
      elementId: vine.string().trim().maxLength(200).optional(),
    })
    .optional(),
  idempotencyKey: vine.string().trim().minLength(1).maxLength(128).optional(),
  occurredAt: vine.date({ formats: { utc: true } }).optional(),
})

/**
 * Each event on its own, so that one bad event of a batch never sinks the rest: the
 * event, or its field errors.
 */
export function checkTrackedEvents(events: unknown[]): Promise<EventInput[]> {
  return Promise.all(
    events.map(async (raw) => {
      const [error, event] = await trackEventValidator.tryValidate(raw)
      if (!error) return { event }
      const messages = error.messages as { field: string; message: string }[]
      return { invalid: messages.map(({ field, message }) => ({ field, message })) }
    })
  )
}

export const trackBatchValidator = vine.create({
  events: vine.array(vine.any()).minLength(1).maxLength(1000),
})

export const featureFlagValidator = vine.create({
  flagKey: vine.string().trim().minLength(1).maxLength(100),
  defaultValue: vine.any().optional(),
  userContext: userContext().optional(),
})

/**
 * The power-analysis query (fractions, as in the API's other fields): `mde` for the sample
 * size, `sampleSize` (per variant) for the minimum detectable effect, both for the power.
 */
export const powerAnalysisValidator = vine.create({
  metric: vine.enum(['proportion', 'mean'] as const).optional(),
  baseline: vine.number().min(-1e12).max(1e12),
  sd: vine.number().positive().optional(),
  mde: vine.number().positive().max(1_000_000_000).optional(),
  mdeType: vine.enum(['relative', 'absolute'] as const).optional(),
  sampleSize: vine.number().withoutDecimals().min(2).max(1_000_000_000).optional(),
  significanceLevel: vine.number().min(0.001).max(0.2).optional(),
  statisticalPower: vine.number().min(0.5).max(0.99).optional(),
  variants: vine.number().withoutDecimals().min(2).max(10).optional(),
  dailyTraffic: vine.number().min(0).max(1_000_000_000).optional(),
  trafficAllocation: vine.number().min(0).max(1).optional(),
})

/** Converting a flag: the experiment's primary metric (an event name), a placeholder otherwise. */
export const fromFlagValidator = vine.create({
  primaryMetric: vine
    .string()
    .trim()
    .regex(/^[\w.:-]{1,100}$/)
    .optional(),
})
