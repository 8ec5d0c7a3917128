import db from '@adonisjs/lucid/services/db'
import { definitions, findDefinition, type Definitions } from '#services/experiments/definitions'
import { subjectIdFor, subjectFromContext } from '#evaluation/subject'
import { announceThrottled, experimentChannel } from '#services/live'
import { MicroBatch } from '#services/platform'
import { insertEventsOnce } from '#services/experiments/event_rows'
import type { ExperimentDefinition } from '#evaluation/types'

export type EventRejection =
  | 'invalid'
  | 'unknown_experiment'
  | 'experiment_not_running'
  | 'unknown_variant'
  | 'no_subject'
  | 'not_assigned'
  | 'variant_mismatch'
  | 'occurred_in_future'

/** One event as the tracking API accepts it (validated by app/validators/experiment_api.ts). */
export interface TrackedEvent {
  experimentId: string | number
  variantId?: string | number
  eventType: string
  userContext: Record<string, unknown>
  eventData?: {
    eventName?: string
    eventValue?: number
    properties?: Record<string, unknown>
    url?: string
    elementId?: string
  }
  idempotencyKey?: string
  occurredAt?: Date
}

/** An event of a batch, or what was wrong with its fields. */
export type EventInput = { event: TrackedEvent } | { invalid: { field: string; message: string }[] }

export type EventResult =
  | { index: number; status: 'accepted' | 'duplicate' }
  | {
      index: number
      status: 'rejected'
      reason: EventRejection
      message: string
      fields?: { field: string; message: string }[]
    }

const MESSAGES: Record<EventRejection, string> = {
  invalid: 'The event has invalid fields.',
  unknown_experiment: 'No such experiment.',
  experiment_not_running: 'The experiment is not running; events are only recorded while it runs.',
  unknown_variant: 'No such variant in this experiment.',
  no_subject:
    "The userContext lacks the id of the experiment's unit (userId, teamId, visitorId or contactId).",
  not_assigned: 'This subject is not assigned to the experiment: request an assignment first.',
  variant_mismatch: 'The subject is assigned to another variant of this experiment.',
  occurred_in_future: 'occurredAt is in the future.',
}

/** How far a client clock may run ahead before an event counts as "in the future". */
export const CLOCK_SKEW_MS = 5 * 60_000

interface Prepared {
  index: number
  experiment: ExperimentDefinition
  variantId: number
  subjectId: string
  eventName: string
  value: number | null
  properties: Record<string, unknown> | null
  idempotencyKey: string | null
  occurredAt: Date
  /** A copy for the experiment's holdout: kept only if the subject is in the holdout. */
  mirror?: true
}

const reject = (
  index: number,
  reason: EventRejection,
  fields?: { field: string; message: string }[]
): EventResult => ({
  index,
  status: 'rejected',
  reason,
  message: MESSAGES[reason],
  ...(fields ? { fields } : {}),
})

/**
 * Records events (the single and the batch endpoint share this). Each event is checked
 * on its own: one bad event never sinks the rest. The events of concurrent small requests
 * are checked and written together (one read of their assignments, one insert, one commit);
 * an idempotency key already seen for the experiment, or earlier in the same write, makes
 * a retry a "duplicate" (stored once). When this resolves, the accepted events are
 * committed; results are numbered as `inputs`.
 */
export function trackEvents(inputs: EventInput[]): Promise<EventResult[]> {
  // A large batch is a statement of its own: merged, concurrent batches would be written by
  // one database connection instead of several (bench:track measured 35–49 % of COPY merged,
  // 52–54 % apart).
  return inputs.length > MERGED_UP_TO ? trackTogether(inputs) : tracking.add(inputs)
}

/** The largest request whose events are merged with those of concurrent requests. */
const MERGED_UP_TO = 50

const tracking = new MicroBatch<EventInput[], EventResult[]>(
  async (requests) => {
    const results = await trackTogether(requests.flat())
    let offset = 0
    return requests.map((inputs) => {
      const start = offset
      offset += inputs.length
      return results
        .slice(start, offset)
        .map((result) => ({ ...result, index: result.index - start }))
    })
  },
  // Requests, not events: a batch request holds up to 1,000 events.
  { maxItems: 200, maxInFlight: 4 }
)

async function trackTogether(inputs: EventInput[]): Promise<EventResult[]> {
  const all = await definitions()
  const results: EventResult[] = new Array(inputs.length)
  const prepared: Prepared[] = []
  const now = Date.now()

  for (const [index, input] of inputs.entries()) {
    if ('invalid' in input) {
      results[index] = reject(index, 'invalid', input.invalid)
      continue
    }
    const { event } = input
    const experiment = findDefinition(all, event.experimentId)
    if (!experiment) {
      results[index] = reject(index, 'unknown_experiment')
      continue
    }
    if (experiment.status !== 'running') {
      results[index] = reject(index, 'experiment_not_running')
      continue
    }
    let variantId = 0
    if (event.variantId !== undefined) {
      const variant = experiment.variants.find(
        (v) => v.key === String(event.variantId) || v.id === Number(event.variantId)
      )
      if (!variant) {
        results[index] = reject(index, 'unknown_variant')
        continue
      }
      variantId = variant.id
    }
    const subjectId = subjectIdFor(subjectFromContext(event.userContext), experiment)
    if (!subjectId) {
      results[index] = reject(index, 'no_subject')
      continue
    }
    const occurredAt = event.occurredAt ?? new Date(now)
    if (occurredAt.getTime() > now + CLOCK_SKEW_MS) {
      results[index] = reject(index, 'occurred_in_future')
      continue
    }
    const data = event.eventData ?? {}
    const properties = {
      ...(data.properties ?? {}),
      ...(data.eventName ? { eventName: data.eventName } : {}),
      ...(data.url ? { url: data.url } : {}),
      ...(data.elementId ? { elementId: data.elementId } : {}),
    }
    prepared.push({
      index,
      experiment,
      variantId,
      subjectId,
      eventName: event.eventType,
      value: data.eventValue ?? null,
      properties: Object.keys(properties).length ? properties : null,
      idempotencyKey: event.idempotencyKey ?? null,
      occurredAt,
    })
  }

  const accepted = await checkAssignments([...prepared, ...holdoutCopies(prepared, all)], results)
  await insertEvents(accepted, results)
  return results
}

/**
 * An event of an experiment in a running holdout is also an event of the holdout, whose
 * results compare the held-out subjects (who never enter the experiment) with the rest.
 */
function holdoutCopies(prepared: Prepared[], all: Definitions): Prepared[] {
  return prepared.flatMap((event) => {
    const holdoutId = event.experiment.holdoutId
    const holdout = holdoutId === null ? undefined : all.experimentsById.get(holdoutId)
    if (holdout?.status !== 'running') return []
    return [{ ...event, experiment: holdout, variantId: 0, mirror: true as const }]
  })
}

/**
 * Keeps the events whose subject is assigned (to the variant they name, if any). A holdout
 * copy is dropped silently when the subject is not in the holdout.
 */
async function checkAssignments(prepared: Prepared[], results: EventResult[]) {
  if (prepared.length === 0) return []
  const { rows } = await db.rawQuery(
    `SELECT a.experiment_id, a.subject_id, a.variant_id
       FROM experiment_assignments a
       JOIN unnest(?::int[], ?::text[]) AS e(experiment_id, subject_id) USING (experiment_id, subject_id)`,
    [prepared.map((p) => p.experiment.id), prepared.map((p) => p.subjectId)]
  )
  const assigned = new Map<string, number>()
  for (const row of rows)
    assigned.set(`${row.experiment_id}\u0000${row.subject_id}`, row.variant_id)

  const kept: Prepared[] = []
  const conflicts: Prepared[] = []
  for (const event of prepared) {
    const variantId = assigned.get(`${event.experiment.id}\u0000${event.subjectId}`)
    if (variantId === undefined) {
      if (!event.mirror) results[event.index] = reject(event.index, 'not_assigned')
    } else if (event.variantId && event.variantId !== variantId) {
      results[event.index] = reject(event.index, 'variant_mismatch')
      conflicts.push(event)
    } else kept.push({ ...event, variantId })
  }
  await recordConflicts(conflicts)
  return kept
}

/**
 * A refused event that names another variant than the subject's means the subject saw (or
 * the client believes it saw) two variants: the results' "multiple exposures" health check
 * counts these subjects, once each.
 */
async function recordConflicts(events: Prepared[]) {
  if (events.length === 0) return
  await db.rawQuery(
    `INSERT INTO experiment_variant_conflicts (experiment_id, subject_id, variant_id, first_seen_at)
     SELECT *, now() FROM unnest(?::int[], ?::text[], ?::int[])
     ON CONFLICT (experiment_id, subject_id) DO NOTHING`,
    [
      events.map((e) => e.experiment.id),
      events.map((e) => e.subjectId),
      events.map((e) => e.variantId),
    ]
  )
}

/** Exposed subjects of an experiment who were also seen in another variant. */
export async function multipleExposureCount(experimentId: number): Promise<number> {
  const { rows } = await db.rawQuery(
    `SELECT count(*)::int AS n FROM experiment_variant_conflicts c
       JOIN experiment_assignments a USING (experiment_id, subject_id)
      WHERE c.experiment_id = ? AND a.first_exposed_at IS NOT NULL`,
    [experimentId]
  )
  return rows[0].n
}

async function insertEvents(events: Prepared[], results: EventResult[]) {
  // The same key twice in one batch: the later one is a duplicate of the first.
  const seen = new Set<string>()
  const unique: Prepared[] = []
  for (const event of events) {
    const key = event.idempotencyKey && `${event.experiment.id}\u0000${event.idempotencyKey}`
    if (key && seen.has(key)) {
      results[event.index] = { index: event.index, status: 'duplicate' }
      continue
    }
    if (key) seen.add(key)
    unique.push(event)
  }
  if (unique.length === 0) return

  const column = <T>(pick: (e: Prepared) => T) => unique.map(pick)
  const { rows } = await db.rawQuery(
    insertEventsOnce(
      `SELECT * FROM unnest(:experimentIds::int[], :variantIds::int[], :subjectIds::text[], :eventNames::text[], :values::float8[], :properties::jsonb[], :idempotencyKeys::text[], :occurredAts::timestamptz[])
         AS e(experiment_id, variant_id, subject_id, event_name, value, properties, idempotency_key, occurred_at)`,
      'experiment_id, idempotency_key'
    ),
    {
      experimentIds: column((e) => e.experiment.id),
      variantIds: column((e) => e.variantId),
      subjectIds: column((e) => e.subjectId),
      eventNames: column((e) => e.eventName),
      values: column((e) => e.value),
      properties: column((e) => (e.properties ? JSON.stringify(e.properties) : null)),
      idempotencyKeys: column((e) => e.idempotencyKey),
      occurredAts: column((e) => e.occurredAt.toISOString()),
    }
  )
  const inserted = new Set(
    rows
      .filter((r: { idempotency_key: string | null }) => r.idempotency_key)
      .map(
        (r: { experiment_id: number; idempotency_key: string }) =>
          `${r.experiment_id}\u0000${r.idempotency_key}`
      )
  )
  const experiments = new Set<number>()
  for (const event of unique) {
    const fresh =
      !event.idempotencyKey || inserted.has(`${event.experiment.id}\u0000${event.idempotencyKey}`)
    // A holdout copy answers only for a held-out subject, whose event the experiment refused.
    const answered = results[event.index]
    const heldOut = answered?.status === 'rejected' && answered.reason === 'not_assigned'
    if (event.mirror && answered && !heldOut) {
      if (fresh) experiments.add(event.experiment.id)
      continue
    }
    results[event.index] = { index: event.index, status: fresh ? 'accepted' : 'duplicate' }
    if (fresh) experiments.add(event.experiment.id)
  }
  for (const id of experiments) announceThrottled(experimentChannel(id), 'events')
}

export function summarize(results: EventResult[]) {
  const count = (status: EventResult['status']) => results.filter((r) => r.status === status).length
  return {
    accepted: count('accepted'),
    duplicates: count('duplicate'),
    rejected: count('rejected'),
  }
}
