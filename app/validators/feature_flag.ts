import vine from '@vinejs/vine'

const rule = () =>
  vine.object({
    targeting: vine.any().nullable().optional(),
    rollout: vine.number().min(0).max(100),
    value: vine.any(),
  })

const fields = {
  key: vine
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9_.-]{1,99}$/i),
  name: vine.string().trim().minLength(2).maxLength(160),
  description: vine.string().trim().maxLength(2000).nullable().optional(),
  type: vine.enum(['boolean', 'string', 'number', 'json'] as const),
  enabled: vine.boolean().optional(),
  defaultValue: vine.any(),
  rules: vine.array(rule()).maxLength(50).optional(),
  unit: vine.enum(['user', 'team', 'visitor'] as const).optional(),
  experimentKey: vine.string().trim().maxLength(64).nullable().optional(),
  experimentConfigKey: vine.string().trim().maxLength(100).nullable().optional(),
}

/** Canonical flag fields (the form is mapped to these by app/validators/feature_flag_input.ts). */
export const createFlagValidator = vine.create(fields)

export const updateFlagValidator = vine.create({
  name: fields.name.optional(),
  description: fields.description,
  enabled: fields.enabled,
  defaultValue: vine.any().optional(),
  rules: fields.rules,
  unit: fields.unit,
  experimentKey: fields.experimentKey,
  experimentConfigKey: fields.experimentConfigKey,
})
