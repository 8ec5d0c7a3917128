/**
 * Assignment of one subject to one experiment: targeting, then namespaces, then traffic
 * coverage, then the variant. Pure and synchronous; status rules (draft, paused, completed) belong to the caller,
 * which can use `servedVariantForStatus` for what a non-running experiment serves.
 */
import type {
  AssignmentMode,
  AssignmentUnit,
  ExperimentDefinition,
  SegmentMap,
  SubjectContext,
  VariantDefinition,
} from './types.js'
import {
  bucketRanges,
  chooseVariation,
  inNamespace,
  seededHasher,
  type BucketRange,
} from './bucketing.js'
import { compileRule } from './targeting.js'

export type AssignmentResult =
  | { outcome: 'no_unit' }
  | { outcome: 'not_targeted' }
  | { outcome: 'not_in_namespace' }
  | { outcome: 'excluded'; bucket: number }
  | {
      outcome: 'assigned'
      variant: VariantDefinition
      variantIndex: number
      bucket: number
      how: AssignmentMode
    }

const UNIT_ID_KEYS = {
  user: 'userId',
  team: 'teamId',
  visitor: 'visitorId',
  contact: 'contactId',
} as const satisfies Record<AssignmentUnit, keyof SubjectContext>

const present = (id: unknown) => id !== undefined && id !== null && id !== ''

/**
 * The id the unit hashes on, or null when the subject has none (missing or empty). A user
 * unit falls back to the session id (the Pitchey contract: "userId or sessionId"), as a
 * GrowthBook fallback attribute does, so signed-out visitors still get a stable variant.
 */
export function unitIdOf(unit: AssignmentUnit, subject: SubjectContext): string | null {
  const own = subject[UNIT_ID_KEYS[unit]]
  const id = !present(own) && unit === 'user' ? subject.sessionId : own
  if (!present(id)) return null
  // A number slipped in from untyped code must still hash by its digits, as GrowthBook does.
  return typeof id === 'string' ? id : String(id)
}

/** Everything about an experiment that does not depend on the subject, computed once. */
interface Plan {
  source: Pick<
    ExperimentDefinition,
    | 'key'
    | 'hashSeed'
    | 'hashVersion'
    | 'coverage'
    | 'variants'
    | 'targeting'
    | 'unit'
    | 'namespaces'
  >
  matches: ReturnType<typeof compileRule> | null
  bucketOf: (unitId: string) => number
  ranges: BucketRange[]
}

const plans = new WeakMap<ExperimentDefinition, Plan>()

/** The cached plan, rebuilt if a field it depends on was reassigned since. */
function planFor(experiment: ExperimentDefinition): Plan {
  const plan = plans.get(experiment)
  if (plan && isCurrent(plan, experiment)) return plan
  const fresh = buildPlan(experiment)
  plans.set(experiment, fresh)
  return fresh
}

function isCurrent({ source }: Plan, experiment: ExperimentDefinition): boolean {
  return (
    source.variants === experiment.variants &&
    source.coverage === experiment.coverage &&
    source.targeting === experiment.targeting &&
    source.hashSeed === experiment.hashSeed &&
    source.hashVersion === experiment.hashVersion &&
    source.key === experiment.key &&
    source.unit === experiment.unit &&
    source.namespaces === experiment.namespaces
  )
}

function buildPlan(experiment: ExperimentDefinition): Plan {
  const { key, hashSeed, hashVersion, coverage, variants, targeting, unit, namespaces } = experiment
  const bucketOf = seededHasher(hashSeed || key, hashVersion)
  if (!bucketOf) {
    throw new RangeError(`Experiment "${key}" has unsupported hash version ${hashVersion}`)
  }
  const weights = variants.map((variant) => variant.weight)
  return {
    source: { key, hashSeed, hashVersion, coverage, variants, targeting, unit, namespaces },
    matches: targeting ? compileRule(targeting) : null,
    bucketOf,
    ranges: bucketRanges(variants.length, coverage, weights),
  }
}

const NO_UNIT: AssignmentResult = Object.freeze({ outcome: 'no_unit' })
const NOT_TARGETED: AssignmentResult = Object.freeze({ outcome: 'not_targeted' })
const NOT_IN_NAMESPACE: AssignmentResult = Object.freeze({ outcome: 'not_in_namespace' })

/**
 * Where the subject lands in a running experiment. Deterministic mode hashes the unit id
 * (GrowthBook-compatible); random mode draws once from `randomSource`, and the caller stores
 * the result so the draw is never repeated. Both modes need the unit id, since the stored
 * assignment is keyed on it. Definitions are cached by object: replace a definition (or
 * reassign its fields) rather than mutating its variants in place.
 */
export function evaluateAssignment(
  experiment: ExperimentDefinition,
  subject: SubjectContext,
  segments?: SegmentMap,
  randomSource: () => number = Math.random
): AssignmentResult {
  const plan = planFor(experiment)
  if (plan.matches && !plan.matches(subject.attributes, segments)) return NOT_TARGETED
  const unitId = unitIdOf(experiment.unit, subject)
  if (unitId === null) return NO_UNIT
  // GrowthBook checks namespaces before coverage: outside a range, the subject is not eligible.
  for (const range of experiment.namespaces) {
    if (!inNamespace(unitId, range)) return NOT_IN_NAMESPACE
  }

  const how = experiment.assignment
  const bucket = how === 'random' ? randomSource() : plan.bucketOf(unitId)
  const variantIndex = chooseVariation(bucket, plan.ranges)
  if (variantIndex < 0) return { outcome: 'excluded', bucket }
  return {
    outcome: 'assigned',
    variant: experiment.variants[variantIndex],
    variantIndex,
    bucket,
    how,
  }
}

/** The control variant: the one flagged as control, else the first. */
export function controlVariant(experiment: ExperimentDefinition): VariantDefinition | null {
  return experiment.variants.find((variant) => variant.isControl) ?? experiment.variants[0] ?? null
}

/**
 * What a non-running experiment serves to everyone: paused → control; completed → the
 * winner if one was declared (and still exists), else control; draft → nothing (null).
 * Running experiments assign per subject, so this returns null for them too.
 */
export function servedVariantForStatus(experiment: ExperimentDefinition): VariantDefinition | null {
  switch (experiment.status) {
    case 'paused':
      return controlVariant(experiment)
    case 'completed': {
      const winner = experiment.winnerVariantKey
        ? experiment.variants.find((variant) => variant.key === experiment.winnerVariantKey)
        : undefined
      return winner ?? controlVariant(experiment)
    }
    case 'draft':
    case 'running':
      return null
  }
}
