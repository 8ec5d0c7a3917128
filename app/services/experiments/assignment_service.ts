import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { BATCH_CONNECTION } from '#config/database'
import { definitions, type Definitions } from '#services/experiments/definitions'
import { controlVariant, evaluateAssignment, servedVariantForStatus } from '#evaluation/evaluator'
import { subjectIdFor } from '#evaluation/subject'
import { announceThrottled, experimentChannel } from '#services/live'
import { MicroBatch } from '#services/platform'
import type {
  ExperimentDefinition,
  SegmentMap,
  SubjectContext,
  VariantDefinition,
} from '#evaluation/types'

export type AssignmentReason =
  | 'assigned'
  | 'draft'
  | 'paused'
  | 'completed'
  | 'not_targeted'
  | 'not_in_namespace'
  | 'excluded'
  | 'no_unit'
  | 'not_assigned'
  | 'holdout'

export interface Assignment {
  experiment: ExperimentDefinition
  /** What the subject sees; null = not in the experiment (show the default experience). */
  variant: VariantDefinition | null
  /** True only for a running experiment the subject is enrolled in (events count). */
  active: boolean
  reason: AssignmentReason
  /** The unit id stored with the assignment (user, team or visitor id). */
  subjectId: string | null
}

interface Candidate {
  experiment: ExperimentDefinition
  subjectId: string
  /** Null when the subject is not eligible now: only a stored assignment can place them. */
  proposal: {
    variant: VariantDefinition
    bucket: number | null
    how: 'deterministic' | 'random'
  } | null
  reason: AssignmentReason
}

/** Where a (subject, experiment) pair's stored variant id is kept in a lookup map. */
const pairKey = (experimentId: number, subjectId: string) => `${experimentId}\u0000${subjectId}`

/** Which variant each experiment serves to a subject, storing first assignments. */
export async function assign(subject: SubjectContext, experiments: ExperimentDefinition[]) {
  const [assignments] = await assignEach([subject], experiments, 'store')
  return assignments
}

/**
 * Which variant each experiment serves to each subject (one list per subject, in order).
 *
 * Status rules: draft → nothing; paused → control, nothing new stored; completed → the
 * winner (else control). Running: a subject its experiment's running holdout keeps out gets
 * the control, not enrolled; otherwise a stored assignment always wins; otherwise
 * targeting, then namespaces, then traffic coverage, then the variant. With `store`, first assignments are stored
 * atomically in one round trip for every subject (INSERT … ON CONFLICT), so concurrent
 * first requests agree on one row. With `look_up`, nothing is written: a running
 * experiment answers the stored assignment or `not_assigned` (a random draw must never be
 * shown before it is kept, and a deterministic one could differ from what a later change
 * of weights stores). `bulk` (tens of thousands of subjects at once, e.g. a campaign's
 * recipients) stores them in one statement on the batch connection, outside the request
 * micro-batch and its statement timeout.
 */
export async function assignEach(
  subjects: SubjectContext[],
  experiments: ExperimentDefinition[],
  mode: 'store' | 'look_up',
  options: { bulk?: boolean } = {}
): Promise<Assignment[][]> {
  const all = await definitions()
  const heldOut = await holdoutsKeepingOut(subjects, experiments, all, mode, options)
  const answers: (Assignment | Candidate)[][] = subjects.map((subject, i) =>
    experiments.map((experiment) => settle(experiment, subject, all.segments, heldOut[i]))
  )
  const candidates = answers.flat().filter((a): a is Candidate => !('active' in a))
  const stored =
    candidates.length === 0
      ? new Map<string, number>()
      : mode === 'look_up'
        ? await readAssignments(candidates)
        : options.bulk
          ? await storeAssignments(candidates, db.connection(BATCH_CONNECTION))
          : await storing.add(candidates)
  return answers.map((row) =>
    row.map((answer) => {
      if ('active' in answer) return answer
      const variantId = stored.get(pairKey(answer.experiment.id, answer.subjectId))
      const variant = answer.experiment.variants.find((v) => v.id === variantId) ?? null
      const unstored = answer.proposal && mode === 'look_up' ? 'not_assigned' : answer.reason
      return {
        experiment: answer.experiment,
        variant,
        active: variant !== null,
        reason: variant ? 'assigned' : unstored,
        subjectId: answer.subjectId,
      }
    })
  )
}

/** The answer that needs no stored row, or the candidate whose row decides. */
function settle(
  experiment: ExperimentDefinition,
  subject: SubjectContext,
  segments: SegmentMap,
  heldOut: Set<number>
): Assignment | Candidate {
  const subjectId = subjectIdFor(subject, experiment)
  if (experiment.status !== 'running') {
    return {
      experiment,
      variant: servedVariantForStatus(experiment),
      active: false,
      reason: experiment.status as AssignmentReason,
      subjectId,
    }
  }
  if (experiment.holdoutId !== null && heldOut.has(experiment.holdoutId)) {
    const variant = controlVariant(experiment)
    return { experiment, variant, active: false, reason: 'holdout', subjectId }
  }
  // Targeting first, then the unit id, coverage and variant (evaluateAssignment's order).
  const outcome = evaluateAssignment(experiment, subject, segments)
  if (subjectId === null) {
    const reason = outcome.outcome === 'not_targeted' ? 'not_targeted' : 'no_unit'
    return { experiment, variant: null, active: false, reason, subjectId }
  }
  return {
    experiment,
    subjectId,
    proposal:
      outcome.outcome === 'assigned'
        ? {
            variant: outcome.variant,
            bucket: outcome.how === 'random' ? null : outcome.bucket,
            how: outcome.how,
          }
        : null,
    reason: outcome.outcome === 'assigned' ? 'assigned' : (outcome.outcome as AssignmentReason),
  }
}

/**
 * Per subject, the ids of the running holdouts (of these running experiments) that hold it
 * out. Subjects are placed in each holdout like in any experiment (stored in `store` mode,
 * so the holdout's results compare its held-out control with everyone else); holdouts
 * have no holdout themselves, so this recursion is one level deep.
 */
async function holdoutsKeepingOut(
  subjects: SubjectContext[],
  experiments: ExperimentDefinition[],
  all: Definitions,
  mode: 'store' | 'look_up',
  options: { bulk?: boolean }
): Promise<Set<number>[]> {
  const holdouts = new Map<number, ExperimentDefinition>()
  for (const experiment of experiments) {
    if (experiment.status !== 'running' || experiment.holdoutId === null) continue
    const holdout = all.experimentsById.get(experiment.holdoutId)
    if (holdout?.status === 'running') holdouts.set(holdout.id, holdout)
  }
  if (holdouts.size === 0) return subjects.map(() => new Set<number>())
  const placed = await assignEach(subjects, [...holdouts.values()], mode, options)
  return placed.map(
    (row) => new Set(row.filter((a) => a.variant?.isControl).map((a) => a.experiment.id))
  )
}

/**
 * The candidates of concurrent requests are stored together, in one statement (and one
 * commit); each request resolves when the statement that holds its rows has committed.
 */
const storing = new MicroBatch<Candidate[], Map<string, number>>(
  async (requests) => {
    const stored = await storeAssignments(requests.flat())
    return requests.map(() => stored)
  },
  { maxItems: 500, maxInFlight: 4 }
)

/**
 * One round trip: insert the proposals that are new and read the assignments that already
 * existed. Returns pairKey(experiment, subject) → stored variant id. The same pair twice
 * (two requests for one new subject) inserts once: both read the row that won.
 */
async function storeAssignments(
  candidates: Candidate[],
  client: QueryClientContract = db.connection()
) {
  const column = <T>(pick: (c: Candidate) => T) => candidates.map(pick)
  const { rows } = await client.rawQuery(
    `WITH candidate AS (
       SELECT * FROM unnest(:experimentIds::int[], :variantIds::int[], :subjectIds::text[], :buckets::float8[], :hows::text[])
         AS c(experiment_id, variant_id, subject_id, bucket, how)
     ), inserted AS (
       INSERT INTO experiment_assignments (experiment_id, variant_id, subject_id, bucket, how)
       SELECT experiment_id, variant_id, subject_id, bucket, how FROM candidate WHERE variant_id IS NOT NULL
       ON CONFLICT (experiment_id, subject_id) DO NOTHING
       RETURNING experiment_id, variant_id, subject_id
     )
     SELECT experiment_id, variant_id, subject_id, true AS new FROM inserted
     UNION ALL
     SELECT a.experiment_id, a.variant_id, a.subject_id, false AS new
       FROM experiment_assignments a JOIN candidate c USING (experiment_id, subject_id)`,
    {
      experimentIds: column((c) => c.experiment.id),
      variantIds: column((c) => c.proposal?.variant.id ?? null),
      subjectIds: column((c) => c.subjectId),
      buckets: column((c) => c.proposal?.bucket ?? null),
      hows: column((c) => c.proposal?.how ?? null),
    } as Record<string, any>
  )
  const stored = new Map<string, number>()
  for (const row of rows) {
    stored.set(pairKey(row.experiment_id, row.subject_id), row.variant_id)
    // Open experiment pages show assignment counts; tell them, at most every few seconds.
    if (row.new) announceThrottled(experimentChannel(row.experiment_id), 'assignments')
  }

  // A concurrent request may have inserted between our snapshot and our insert: read it.
  const raced = candidates.filter(
    (c) => c.proposal && !stored.has(pairKey(c.experiment.id, c.subjectId))
  )
  for (const [key, variantId] of await readAssignments(raced, client)) stored.set(key, variantId)
  return stored
}

/** The stored assignments of these pairs, without writing anything (two array parameters, whatever their number). */
async function readAssignments(
  candidates: Candidate[],
  client: QueryClientContract = db.connection()
) {
  const stored = new Map<string, number>()
  if (candidates.length === 0) return stored
  const { rows } = await client.rawQuery(
    `SELECT a.experiment_id, a.variant_id, a.subject_id
       FROM experiment_assignments a
       JOIN unnest(?::int[], ?::text[]) AS c(experiment_id, subject_id) USING (experiment_id, subject_id)`,
    [candidates.map((c) => c.experiment.id), candidates.map((c) => c.subjectId)]
  )
  for (const row of rows) stored.set(pairKey(row.experiment_id, row.subject_id), row.variant_id)
  return stored
}

/**
 * Records that subjects actually saw their variant. Only the first exposure is kept;
 * unassigned subjects are ignored. Returns how many exposures were new.
 */
export async function recordExposures(exposures: { experimentId: number; subjectId: string }[]) {
  if (exposures.length === 0) return 0
  await exposeInHoldouts(exposures)
  const { rowCount } = await db.rawQuery(
    `UPDATE experiment_assignments a SET first_exposed_at = now()
       FROM unnest(?::int[], ?::text[]) AS e(experiment_id, subject_id)
      WHERE a.experiment_id = e.experiment_id AND a.subject_id = e.subject_id
        AND a.first_exposed_at IS NULL`,
    [exposures.map((e) => e.experimentId), exposures.map((e) => e.subjectId)]
  )
  return rowCount ?? 0
}

/**
 * Seeing an experiment (or its control, when held out) is seeing the holdout's side of it:
 * the holdout's exposure is recorded with the experiment's (same unit, same subject id).
 */
async function exposeInHoldouts(exposures: { experimentId: number; subjectId: string }[]) {
  const { experimentsById } = await definitions()
  const inHoldouts = exposures.flatMap(({ experimentId, subjectId }) => {
    const holdoutId = experimentsById.get(experimentId)?.holdoutId
    return holdoutId ? [{ experimentId: holdoutId, subjectId }] : []
  })
  if (inHoldouts.length) await recordExposures(inHoldouts)
}

/** The stored assignment of one subject, if any. */
export async function storedAssignment(experimentId: number, subjectId: string) {
  return db
    .from('experiment_assignments')
    .where({ experiment_id: experimentId, subject_id: subjectId })
    .first()
}
