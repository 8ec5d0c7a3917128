import db from '@adonisjs/lucid/services/db'
import { definitions, type Definitions } from '#services/experiments/definitions'
import { controlVariant, evaluateAssignment, servedVariantForStatus } from '#evaluation/evaluator'
import { subjectIdFor } from '#evaluation/subject'
import { announceThrottled, experimentChannel } from '#services/live'
import type { ExperimentDefinition, SubjectContext, VariantDefinition } from '#evaluation/types'

export type AssignmentReason =
  | 'assigned'
  | 'draft'
  | 'paused'
  | 'completed'
  | 'not_targeted'
  | 'not_in_namespace'
  | 'excluded'
  | 'no_unit'
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

/**
 * Which variant each experiment serves to a subject, storing first assignments.
 *
 * Status rules: draft → nothing; paused → control, nothing new stored; completed → the
 * winner (else control). Running: a subject its experiment's running holdout keeps out gets
 * the control, not enrolled; otherwise a stored assignment always wins; otherwise
 * targeting, then namespaces, then traffic coverage, then the variant, stored atomically
 * (INSERT … ON CONFLICT), so concurrent first requests agree on one row.
 */
export async function assign(subject: SubjectContext, experiments: ExperimentDefinition[]) {
  const all = await definitions()
  const { segments } = all
  const heldOut = await holdoutsKeepingOut(subject, experiments, all)
  const results = new Map<number, Assignment>()
  const candidates: Candidate[] = []

  for (const experiment of experiments) {
    const subjectId = subjectIdFor(subject, experiment)
    if (experiment.status !== 'running') {
      const variant = servedVariantForStatus(experiment)
      results.set(experiment.id, {
        experiment,
        variant,
        active: false,
        reason: experiment.status as AssignmentReason,
        subjectId,
      })
      continue
    }
    if (experiment.holdoutId !== null && heldOut.has(experiment.holdoutId)) {
      results.set(experiment.id, {
        experiment,
        variant: controlVariant(experiment),
        active: false,
        reason: 'holdout',
        subjectId,
      })
      continue
    }
    // Targeting first, then the unit id, coverage and variant (evaluateAssignment's order).
    const outcome = evaluateAssignment(experiment, subject, segments)
    if (subjectId === null) {
      const reason = outcome.outcome === 'not_targeted' ? 'not_targeted' : 'no_unit'
      results.set(experiment.id, { experiment, variant: null, active: false, reason, subjectId })
      continue
    }
    candidates.push({
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
    })
  }

  if (candidates.length) {
    const stored = await storeAssignments(candidates)
    for (const candidate of candidates) {
      const variantId = stored.get(candidate.experiment.id)
      const variant = candidate.experiment.variants.find((v) => v.id === variantId) ?? null
      results.set(candidate.experiment.id, {
        experiment: candidate.experiment,
        variant,
        active: variant !== null,
        reason: variant ? 'assigned' : candidate.reason,
        subjectId: candidate.subjectId,
      })
    }
  }
  return experiments.map((experiment) => results.get(experiment.id)!)
}

/**
 * The ids of the running holdouts (of these running experiments) that hold the subject out.
 * The subject is assigned to each holdout like to any experiment (stored, so the holdout's
 * results compare its held-out control with everyone else); holdouts have no holdout
 * themselves, so this recursion is one level deep.
 */
async function holdoutsKeepingOut(
  subject: SubjectContext,
  experiments: ExperimentDefinition[],
  all: Definitions
) {
  const holdouts = new Map<number, ExperimentDefinition>()
  for (const experiment of experiments) {
    if (experiment.status !== 'running' || experiment.holdoutId === null) continue
    const holdout = all.experimentsById.get(experiment.holdoutId)
    if (holdout?.status === 'running') holdouts.set(holdout.id, holdout)
  }
  if (holdouts.size === 0) return new Set<number>()
  const placed = await assign(subject, [...holdouts.values()])
  return new Set(placed.filter((a) => a.variant?.isControl).map((a) => a.experiment.id))
}

/**
 * One round trip: insert the proposals that are new and read the assignments that already
 * existed. Returns experiment id → stored variant id.
 */
async function storeAssignments(candidates: Candidate[]) {
  const column = <T>(pick: (c: Candidate) => T) => candidates.map(pick)
  const { rows } = await db.rawQuery(
    `WITH candidate AS (
       SELECT * FROM unnest(:experimentIds::int[], :variantIds::int[], :subjectIds::text[], :buckets::float8[], :hows::text[])
         AS c(experiment_id, variant_id, subject_id, bucket, how)
     ), inserted AS (
       INSERT INTO experiment_assignments (experiment_id, variant_id, subject_id, bucket, how)
       SELECT experiment_id, variant_id, subject_id, bucket, how FROM candidate WHERE variant_id IS NOT NULL
       ON CONFLICT (experiment_id, subject_id) DO NOTHING
       RETURNING experiment_id, variant_id
     )
     SELECT experiment_id, variant_id, true AS new FROM inserted
     UNION ALL
     SELECT a.experiment_id, a.variant_id, false AS new
       FROM experiment_assignments a JOIN candidate c USING (experiment_id, subject_id)`,
    {
      experimentIds: column((c) => c.experiment.id),
      variantIds: column((c) => c.proposal?.variant.id ?? null),
      subjectIds: column((c) => c.subjectId),
      buckets: column((c) => c.proposal?.bucket ?? null),
      hows: column((c) => c.proposal?.how ?? null),
    }
  )
  const stored = new Map<number, number>()
  for (const row of rows) {
    stored.set(row.experiment_id, row.variant_id)
    // Open experiment pages show assignment counts; tell them, at most every few seconds.
    if (row.new) announceThrottled(experimentChannel(row.experiment_id), 'assignments')
  }

  // A concurrent request may have inserted between our snapshot and our insert: read it.
  const raced = candidates.filter((c) => c.proposal && !stored.has(c.experiment.id))
  if (raced.length) {
    const again = await db
      .from('experiment_assignments')
      .select('experiment_id', 'variant_id')
      .whereIn(
        ['experiment_id', 'subject_id'],
        raced.map((c) => [c.experiment.id, c.subjectId])
      )
    for (const row of again) stored.set(row.experiment_id, row.variant_id)
  }
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
