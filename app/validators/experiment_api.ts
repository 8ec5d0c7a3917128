import vine from '@vinejs/vine'

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

export const trackBatchValidator = vine.create({
  events: vine.array(vine.any()).minLength(1).maxLength(1000),
})

export const featureFlagValidator = vine.create({
  flagKey: vine.string().trim().minLength(1).maxLength(100),
  defaultValue: vine.any().optional(),
  userContext: userContext().optional(),
})
