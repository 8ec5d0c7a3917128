/**
 * Feature flag evaluation: disabled → experiment-linked value → rules in order → default.
 * Reasons follow OpenFeature loosely (DISABLED, SPLIT, TARGETING_MATCH, DEFAULT).
 */
import type {
  FlagDefinition,
  FlagType,
  SegmentMap,
  SubjectContext,
  VariantDefinition,
} from './types.js'
import { seededHasher } from './bucketing.js'
import { unitIdOf } from './evaluator.js'
import { evaluateRule } from './targeting.js'

export type FlagReason = 'disabled' | 'rule_match' | 'experiment' | 'default' | 'no_match'

export interface FlagEvaluation {
  value: unknown
  /**
   * disabled: the flag is off, default value. experiment: from the subject's variant config.
   * rule_match: rule `ruleIndex` matched and rolled the subject in. no_match: the flag has
   * rules but none applied, default value. default: the flag has no rules, default value.
   */
  reason: FlagReason
  ruleIndex?: number
  /** Key of the variant the value came from, when known (see `experimentVariant`). */
  variant?: string
}

export interface FlagEvaluationOptions {
  segments?: SegmentMap
  /** The config of the subject's variant in an experiment, or null when it has none. */
  experimentVariantConfig?: (experimentKey: string) => Record<string, unknown> | null
  /**
   * Same, returning the variant itself so the result can name it; takes precedence over
   * `experimentVariantConfig` when both are given.
   */
  experimentVariant?: (experimentKey: string) => Pick<VariantDefinition, 'key' | 'config'> | null
}

/** One sticky hasher per rule, seeded `${flag.key}:${ruleIndex}`, cached per rule list. */
const ruleHashers = new WeakMap<
  FlagDefinition['rules'],
  { key: string; hashers: ((id: string) => number)[] }
>()

function hashersFor(flag: FlagDefinition): ((id: string) => number)[] {
  const cached = ruleHashers.get(flag.rules)
  if (cached && cached.key === flag.key && cached.hashers.length === flag.rules.length) {
    return cached.hashers
  }
  const hashers = flag.rules.map((_, index) => seededHasher(`${flag.key}:${index}`, 2)!)
  ruleHashers.set(flag.rules, { key: flag.key, hashers })
  return hashers
}

/** Percentage rollout; a subject without a unit id can only be rolled in at 100%. */
function rolledIn(rollout: number, unitId: string | null, bucketOf: (id: string) => number) {
  if (rollout >= 100) return true
  if (rollout <= 0 || unitId === null) return false
  return bucketOf(unitId) < rollout / 100
}

function experimentValue(
  flag: FlagDefinition,
  options: FlagEvaluationOptions
): FlagEvaluation | null {
  if (!flag.experimentKey) return null
  let config: Record<string, unknown> | null | undefined
  let variant: string | undefined
  if (options.experimentVariant) {
    const found = options.experimentVariant(flag.experimentKey)
    config = found?.config
    variant = found?.key
  } else {
    config = options.experimentVariantConfig?.(flag.experimentKey)
  }
  // An empty config key (e.g. from a cleared form field) means "use the flag key" too.
  const configKey = flag.experimentConfigKey || flag.key
  if (!config || !Object.hasOwn(config, configKey)) return null
  const value = config[configKey]
  return variant === undefined
    ? { value, reason: 'experiment' }
    : { value, reason: 'experiment', variant }
}

export function evaluateFlag(
  flag: FlagDefinition,
  subject: SubjectContext,
  options: FlagEvaluationOptions = {}
): FlagEvaluation {
  if (!flag.enabled) return { value: flag.defaultValue, reason: 'disabled' }

  const fromExperiment = experimentValue(flag, options)
  if (fromExperiment) return fromExperiment

  if (flag.rules.length === 0) return { value: flag.defaultValue, reason: 'default' }
  const unitId = unitIdOf(flag.unit, subject)
  const hashers = hashersFor(flag)
  for (let index = 0; index < flag.rules.length; index++) {
    const rule = flag.rules[index]
    if (!evaluateRule(rule.targeting ?? null, subject.attributes, options.segments)) continue
    if (!rolledIn(rule.rollout, unitId, hashers[index])) continue
    return { value: rule.value, reason: 'rule_match', ruleIndex: index }
  }
  return { value: flag.defaultValue, reason: 'no_match' }
}

/** Why `value` cannot be stored for a flag of `type`, or null when it can. */
export function validateFlagValue(type: FlagType, value: unknown): string | null {
  switch (type) {
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be true or false'
    case 'string':
      return typeof value === 'string' ? null : 'must be a string'
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'must be a finite number'
    case 'json':
      return isJsonValue(value, new Set())
        ? null
        : 'must be a JSON value (object, array, string, finite number, true, false or null)'
    default:
      return `unknown flag type ${JSON.stringify(type)}`
  }
}

/** True when `value` survives JSON.stringify/parse unchanged (no undefined, Dates, cycles...). */
function isJsonValue(value: unknown, ancestors: Set<object>): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true
  if (typeof value === 'number') return Number.isFinite(value)
  if (typeof value !== 'object' || ancestors.has(value)) return false
  const isArray = Array.isArray(value)
  const prototype = Object.getPrototypeOf(value)
  if (!isArray && prototype !== Object.prototype && prototype !== null) return false
  ancestors.add(value)
  const children = isArray ? value : Object.values(value)
  const ok = children.every((child) => isJsonValue(child, ancestors))
  ancestors.delete(value)
  return ok
}
