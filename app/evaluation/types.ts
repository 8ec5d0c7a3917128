/**
 * Plain shapes of the experimentation domain, shared by the pure evaluation code
 * (bucketing, targeting, flag rules) and the database-backed services.
 */

export type ExperimentStatus = 'draft' | 'running' | 'paused' | 'completed'
/** `contact`: a campaign's experiment (app/services/campaigns), hashed on the contact id. */
export type AssignmentUnit = 'user' | 'team' | 'visitor' | 'contact'
export type AssignmentMode = 'deterministic' | 'random'

/* ---------- Targeting rule language (stored as JSON, validated before save) ---------- */

export type ConditionOperator =
  'eq' | 'neq' | 'in' | 'nin' | 'contains' | 'gt' | 'gte' | 'lt' | 'lte' | 'exists' | 'regex'

/** One test on a subject attribute; `attribute` may be a dotted path ("plan.tier"). */
export interface Condition {
  attribute: string
  op: ConditionOperator
  /** Absent only for `exists`, where it may be true (default) or false. */
  value?: unknown
}

/** A rule: all of / any of / not, a condition, or a reference to a named segment. */
export type TargetingRule =
  | { all: TargetingRule[] }
  | { any: TargetingRule[] }
  | { not: TargetingRule }
  | { segment: string }
  | Condition

/** Named, reusable rules (e.g. "creators": userType in [creator]). */
export type SegmentMap = Record<string, TargetingRule>

/* ---------- Subjects ---------- */

/** Who is being evaluated. The experiment's unit decides which id is hashed. */
export interface SubjectContext {
  userId?: string | null
  teamId?: string | null
  visitorId?: string | null
  contactId?: string | null
  /** The client's session id: a user-unit experiment hashes it when there is no userId. */
  sessionId?: string | null
  /** Attributes targeting rules read (userType, country, plan, ...). */
  attributes: Record<string, unknown>
}

/* ---------- Experiments ---------- */

export interface VariantDefinition {
  id: number
  key: string
  name: string
  /** Share of the covered traffic, 0..1; the weights of an experiment sum to 1. */
  weight: number
  isControl: boolean
  config: Record<string, unknown>
}

export type ExperimentKind = 'experiment' | 'holdout'

/**
 * A range of a namespace an experiment takes (GrowthBook namespaces): subjects whose
 * namespace hash falls in [start, end) are eligible, so experiments with disjoint ranges
 * of one namespace never share a subject.
 */
export interface NamespaceRange {
  namespace: string
  start: number
  end: number
}

/** What assignment needs of an experiment (cached in-process). */
export interface ExperimentDefinition {
  id: number
  key: string
  name: string
  status: ExperimentStatus
  unit: AssignmentUnit
  assignment: AssignmentMode
  /** Traffic allocation (GrowthBook "coverage"), 0..1. */
  coverage: number
  hashSeed: string
  /** GrowthBook hash version: 1 or 2. */
  hashVersion: 1 | 2
  targeting: TargetingRule | null
  /** The subject must fall in every range; empty = no namespace. */
  namespaces: NamespaceRange[]
  kind: ExperimentKind
  /** The holdout whose held-out subjects (its control) this experiment leaves out. */
  holdoutId: number | null
  variants: VariantDefinition[]
  winnerVariantKey: string | null
}

/* ---------- Feature flags ---------- */

export type FlagType = 'boolean' | 'string' | 'number' | 'json'

export interface FlagRule {
  /** Optional targeting; absent means everyone. */
  targeting?: TargetingRule | null
  /** Percentage rollout 0..100 of the subjects that match (sticky hashing). */
  rollout: number
  value: unknown
}

export interface FlagDefinition {
  id: number
  key: string
  type: FlagType
  enabled: boolean
  defaultValue: unknown
  /** Evaluated in order; the first rule that matches and rolls the subject in wins. */
  rules: FlagRule[]
  /** When set, the value comes from the subject's variant config of this experiment. */
  experimentKey: string | null
  /** The key inside the variant config to read (defaults to the flag key). */
  experimentConfigKey: string | null
  /** Hash unit for rollouts. */
  unit: AssignmentUnit
}
