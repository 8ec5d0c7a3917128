import { errors as vineErrors } from '@vinejs/vine'
import type { FlagType } from '#evaluation/types'

type Raw = Record<string, any>

/**
 * The flag form sends every value as text; this reads it as the flag's type
 * (boolean "true"/"false", a number, a string, or JSON), reporting bad text per field.
 */
export function parseFlagValue(
  type: FlagType,
  text: unknown,
  field: string,
  errors: { field: string; message: string; rule: string }[]
) {
  const raw = typeof text === 'string' ? text.trim() : text
  if (type === 'string') return raw ?? ''
  if (type === 'boolean') {
    if (raw === 'true' || raw === true) return true
    if (raw === 'false' || raw === false || raw === undefined || raw === null || raw === '')
      return false
    errors.push({ field, message: 'Use true or false', rule: 'boolean' })
    return undefined
  }
  if (type === 'number') {
    const value = Number(raw)
    if (raw === '' || raw === null || raw === undefined || !Number.isFinite(value)) {
      errors.push({ field, message: 'Enter a number', rule: 'number' })
      return undefined
    }
    return value
  }
  try {
    return JSON.parse(String(raw ?? 'null'))
  } catch {
    errors.push({ field, message: 'This must be valid JSON', rule: 'json' })
    return undefined
  }
}

/** The flag form (resources/views/pages/experiments/flags/_form.edge) → canonical fields. */
export function flagFromForm(body: Raw, existingType?: FlagType): Raw {
  const errors: { field: string; message: string; rule: string }[] = []
  const type = (existingType ?? body.type) as FlagType
  const known = ['boolean', 'string', 'number', 'json'].includes(type)
  const rules = Array.isArray(body.rules)
    ? body.rules.map((rule: Raw, index: number) => {
        let targeting = null
        if (rule.targeting && String(rule.targeting).trim()) {
          try {
            targeting = JSON.parse(rule.targeting)
          } catch {
            errors.push({
              field: `rules.${index}.targeting`,
              message: 'This must be valid JSON',
              rule: 'json',
            })
          }
        }
        return {
          targeting,
          rollout: rule.rollout === undefined || rule.rollout === '' ? 100 : Number(rule.rollout),
          value: known
            ? parseFlagValue(type, rule.value, `rules.${index}.value`, errors)
            : rule.value,
        }
      })
    : []
  const canonical = {
    key: body.key,
    name: body.name,
    description: body.description ?? null,
    type: body.type,
    enabled: body.enabled === 'on' || body.enabled === 'true',
    defaultValue: known
      ? parseFlagValue(type, body.defaultValue, 'defaultValue', errors)
      : body.defaultValue,
    rules,
    unit: body.unit,
    experimentKey: body.experimentKey || null,
    experimentConfigKey: body.experimentConfigKey || null,
  }
  if (errors.length) throw new vineErrors.E_VALIDATION_ERROR(errors)
  return canonical
}
