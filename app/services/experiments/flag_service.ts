import db from '@adonisjs/lucid/services/db'
import { errors as vineErrors } from '@vinejs/vine'
import FeatureFlag from '#models/feature_flag'
import Experiment from '#models/experiment'
import Segment from '#models/segment'
import { DomainError } from '#exceptions/domain_error'
import { recordAudit, diff } from '#services/experiments/audit'
import { configurationChanged, definitions } from '#services/experiments/definitions'
import { evaluateFlag, validateFlagValue, type FlagEvaluation } from '#evaluation/flag_rules'
import { validateRule } from '#evaluation/targeting'
import { assign } from '#services/experiments/assignment_service'
import { announce, LIVE_CHANNELS } from '#services/live'
import type { Actor } from '#services/accounts'
import type { FlagRule, FlagType, SubjectContext } from '#evaluation/types'

export interface FlagInput {
  key?: string
  name?: string
  description?: string | null
  type?: FlagType
  enabled?: boolean
  defaultValue?: unknown
  rules?: { targeting?: unknown; rollout: number; value?: unknown }[]
  unit?: 'user' | 'team' | 'visitor'
  experimentKey?: string | null
  experimentConfigKey?: string | null
}

type FieldMessage = { field: string; message: string; rule: string }

/** Values, rules and the linked experiment are checked before save, never at evaluation. */
async function checkFlag(type: FlagType, input: FlagInput) {
  const messages: FieldMessage[] = []
  if (input.defaultValue !== undefined) {
    const error = validateFlagValue(type, input.defaultValue)
    if (error) messages.push({ field: 'defaultValue', message: error, rule: 'type' })
  }
  if (input.rules) {
    const segments = await Segment.query().select('key')
    const segmentKeys = segments.map((s) => s.key)
    input.rules.forEach((rule, index) => {
      const valueError = validateFlagValue(type, rule.value)
      if (valueError)
        messages.push({ field: `rules.${index}.value`, message: valueError, rule: 'type' })
      if (rule.targeting !== undefined && rule.targeting !== null) {
        const result = validateRule(rule.targeting, segmentKeys)
        if (!result.valid) {
          for (const error of result.errors) {
            messages.push({
              field: `rules.${index}.targeting`,
              message: `${error.path ? `${error.path}: ` : ''}${error.message}`,
              rule: 'targeting',
            })
          }
        }
      }
    })
  }
  if (input.experimentKey) {
    const experiment = await Experiment.findBy('key', input.experimentKey)
    if (!experiment)
      messages.push({
        field: 'experimentKey',
        message: `No experiment "${input.experimentKey}"`,
        rule: 'exists',
      })
  }
  if (messages.length) throw new vineErrors.E_VALIDATION_ERROR(messages)
}

async function experimentIdFor(key: string | null | undefined) {
  if (key === undefined) return undefined
  if (key === null || key === '') return null
  const experiment = await Experiment.findByOrFail('key', key)
  return experiment.id
}

function snapshot(flag: FeatureFlag) {
  return {
    name: flag.name,
    description: flag.description,
    enabled: flag.enabled,
    defaultValue: flag.defaultValue,
    rules: flag.rules,
    unit: flag.unit,
    experimentId: flag.experimentId,
    experimentConfigKey: flag.experimentConfigKey,
  }
}

const normalizedRules = (rules: FlagInput['rules']): FlagRule[] | undefined =>
  rules?.map((rule) => ({
    targeting: (rule.targeting ?? null) as FlagRule['targeting'],
    rollout: rule.rollout,
    value: rule.value,
  }))

export async function listFlags() {
  return FeatureFlag.query().preload('experiment').orderBy('key')
}

export async function findFlagOrFail(idOrKey: string | number) {
  const flag = /^\d+$/.test(String(idOrKey))
    ? await FeatureFlag.query().where('id', Number(idOrKey)).preload('experiment').first()
    : await FeatureFlag.query().where('key', String(idOrKey)).preload('experiment').first()
  if (!flag) throw new DomainError(`No feature flag "${idOrKey}".`, 'flag_not_found', 404)
  return flag
}

export async function createFlag(
  input: FlagInput & { key: string; name: string; type: FlagType },
  actor: Actor
) {
  await checkFlag(input.type, input)
  if (await FeatureFlag.findBy('key', input.key)) {
    throw new vineErrors.E_VALIDATION_ERROR([
      { field: 'key', message: `The key "${input.key}" is already used`, rule: 'unique' },
    ])
  }
  return db.transaction(async (trx) => {
    const flag = await FeatureFlag.create(
      {
        key: input.key,
        name: input.name,
        description: input.description ?? null,
        type: input.type,
        enabled: input.enabled ?? false,
        defaultValue: input.defaultValue ?? null,
        rules: normalizedRules(input.rules) ?? [],
        unit: input.unit ?? 'user',
        experimentId: (await experimentIdFor(input.experimentKey)) ?? null,
        experimentConfigKey: input.experimentConfigKey || null,
      },
      { client: trx }
    )
    await recordAudit(trx, {
      entityType: 'flag',
      entityId: flag.id,
      action: 'created',
      actor,
      after: snapshot(flag),
    })
    await configurationChanged(trx)
    await announce(LIVE_CHANNELS.flags, 'created', trx)
    return flag
  })
}

export async function updateFlag(
  flag: FeatureFlag,
  input: FlagInput,
  actor: Actor,
  action = 'updated'
) {
  await checkFlag(flag.type, input)
  const experimentId = await experimentIdFor(input.experimentKey)
  return db.transaction(async (trx) => {
    flag.useTransaction(trx)
    const before = snapshot(flag)
    if (input.name !== undefined) flag.name = input.name
    if (input.description !== undefined) flag.description = input.description || null
    if (input.enabled !== undefined) flag.enabled = input.enabled
    if (input.defaultValue !== undefined) flag.defaultValue = input.defaultValue
    if (input.rules !== undefined) flag.rules = normalizedRules(input.rules)!
    if (input.unit !== undefined) flag.unit = input.unit
    if (experimentId !== undefined) flag.experimentId = experimentId
    if (input.experimentConfigKey !== undefined)
      flag.experimentConfigKey = input.experimentConfigKey || null
    await flag.save()
    const changes = diff(before, snapshot(flag))
    if (Object.keys(changes.after).length) {
      await recordAudit(trx, { entityType: 'flag', entityId: flag.id, action, actor, ...changes })
    }
    await configurationChanged(trx)
    await announce(LIVE_CHANNELS.flags, action, trx)
    return flag
  })
}

export async function deleteFlag(flag: FeatureFlag, actor: Actor) {
  await db.transaction(async (trx) => {
    await recordAudit(trx, {
      entityType: 'flag',
      entityId: flag.id,
      action: 'deleted',
      actor,
      before: snapshot(flag),
    })
    flag.useTransaction(trx)
    await flag.delete()
    await configurationChanged(trx)
    await announce(LIVE_CHANNELS.flags, 'deleted', trx)
  })
}

export interface FlagAnswer extends FlagEvaluation {
  key: string
  found: boolean
  type: FlagType | null
}

/**
 * Evaluates flags for a subject. Flags linked to an experiment assign the subject first
 * (storing the assignment like any other), so the value follows the variant.
 */
export async function evaluateFlags(
  keys: string[] | null,
  subject: SubjectContext
): Promise<FlagAnswer[]> {
  const all = await definitions()
  const flags =
    keys === null ? [...all.flagsByKey.values()] : keys.map((key) => all.flagsByKey.get(key))
  const linked = [
    ...new Set(flags.filter((f) => f?.enabled && f.experimentKey).map((f) => f!.experimentKey!)),
  ]
    .map((key) => all.experimentsByKey.get(key))
    .filter((e) => e !== undefined)
  const assignments = linked.length ? await assign(subject, linked) : []
  const variantFor = new Map(assignments.map((a) => [a.experiment.key, a.variant]))

  return flags.map((flag, index) => {
    if (!flag)
      return {
        key: keys![index],
        found: false,
        type: null,
        value: undefined,
        reason: 'default' as const,
      }
    const evaluation = evaluateFlag(flag, subject, {
      segments: all.segments,
      experimentVariant: (experimentKey) => variantFor.get(experimentKey) ?? null,
    })
    return { key: flag.key, found: true, type: flag.type, ...evaluation }
  })
}
