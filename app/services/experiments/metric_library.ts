import db from '@adonisjs/lucid/services/db'
import { errors as vineErrors } from '@vinejs/vine'
import Experiment from '#models/experiment'
import ExperimentMetric from '#models/experiment_metric'
import {
  CAP_KINDS,
  CUPED_KINDS,
  DEFAULT_RETENTION_DAY,
  type MetricDefinition,
} from '#evaluation/metrics'
import { configurationChanged } from '#services/experiments/definitions'
import { announce, LIVE_CHANNELS } from '#services/live'
import { diff, recordAudit } from '#services/experiments/audit'
import type { Actor } from '#services/accounts'

/** Validated fields of a library metric (app/validators/metric.ts). */
export type LibraryMetricInput = Omit<MetricDefinition, 'metricId'> & {
  key?: string
  name: string
  description?: string | null
}

/** An experiment's metric as validated: a library pick (metricId) or an inline definition. */
export type MetricInput = Partial<MetricDefinition> & { metricId?: number }

type FieldMessage = { field: string; message: string; rule: string }

/** The rules that tie a definition's options to its kind, as messages on `prefix` fields. */
export function checkMetric(metric: Partial<MetricDefinition>, prefix = ''): FieldMessage[] {
  const kind = metric.kind ?? 'conversion'
  const messages: FieldMessage[] = []
  const say = (field: string, message: string) =>
    messages.push({ field: `${prefix}${field}`, message, rule: 'metric' })
  if (metric.cupedDays !== undefined && !CUPED_KINDS.includes(kind))
    say('cupedDays', 'CUPED adjusts conversion, count and sum metrics only')
  if (metric.cap && !CAP_KINDS.includes(kind)) say('cap', 'Only count and sum metrics are capped')
  if (metric.cap?.type === 'percentile' && !(metric.cap.value > 0 && metric.cap.value < 1))
    say('cap.value', 'A percentile cap is between 0 and 100 %')
  if (metric.cap?.type === 'fixed' && !(metric.cap.value > 0))
    say('cap.value', 'A fixed cap must be above 0')
  if (kind === 'retention' && metric.windowHours !== undefined)
    say('windowHours', 'Retention counts one day after exposure: set the day, not a window')
  if (metric.retentionDay !== undefined && kind !== 'retention')
    say('retentionDay', 'Only retention metrics have a retention day')
  if (kind === 'ratio' && !metric.denominatorEvent)
    say('denominatorEvent', 'A ratio needs a denominator event')
  return messages
}

const fail = (messages: FieldMessage[]) => {
  if (messages.length) throw new vineErrors.E_VALIDATION_ERROR(messages)
}

/** The definition an experiment keeps: only the options its kind uses. */
function definitionOf(input: Partial<MetricDefinition>): Omit<MetricDefinition, 'metricId'> {
  const kind = input.kind ?? 'conversion'
  return {
    event: input.event as string,
    kind,
    ...(input.name ? { name: input.name } : {}),
    ...(input.higherIsBetter === false ? { higherIsBetter: false } : {}),
    ...(input.unit ? { unit: input.unit } : {}),
    ...(input.windowHours ? { windowHours: input.windowHours } : {}),
    ...(input.cap && CAP_KINDS.includes(kind) ? { cap: input.cap } : {}),
    ...(input.cupedDays && CUPED_KINDS.includes(kind) ? { cupedDays: input.cupedDays } : {}),
    ...(kind === 'ratio'
      ? {
          numerator: input.numerator ?? 'sum',
          denominatorEvent: input.denominatorEvent,
          denominator: input.denominator ?? 'count',
        }
      : {}),
    ...(kind === 'quantile' ? { quantile: input.quantile ?? 0.5 } : {}),
    ...(kind === 'retention' ? { retentionDay: input.retentionDay ?? DEFAULT_RETENTION_DAY } : {}),
  }
}

/** What an experiment keeps of a library metric: a copy of its definition, with its id. */
const pickedCopy = (metric: ExperimentMetric): MetricDefinition => ({
  ...definitionOf({ ...metric.definition, name: metric.name }),
  metricId: metric.id,
})

export async function listLibraryMetrics() {
  return ExperimentMetric.query().orderBy('name')
}

export async function getLibraryMetric(id: number | string) {
  return ExperimentMetric.findOrFail(id)
}

/**
 * Experiment metrics as stored: picks from the library replaced by a copy of the library
 * definition, inline ones normalized; an unknown pick or a bad option is a field error.
 */
export async function resolveMetrics<T extends MetricInput | MetricInput[]>(
  field: string,
  input: T
): Promise<T extends MetricInput[] ? MetricDefinition[] : MetricDefinition> {
  const list = Array.isArray(input) ? input : [input]
  const ids = list.flatMap((metric) => (metric.metricId ? [metric.metricId] : []))
  const library = new Map(
    (ids.length ? await ExperimentMetric.query().whereIn('id', ids) : []).map((m) => [m.id, m])
  )
  const messages: FieldMessage[] = []
  const resolved = list.map((metric, index) => {
    const prefix = Array.isArray(input) ? `${field}.${index}.` : `${field}.`
    if (metric.metricId === undefined) {
      messages.push(...checkMetric(metric, prefix))
      return definitionOf(metric)
    }
    const picked = library.get(metric.metricId)
    if (!picked)
      messages.push({
        field: `${prefix}metricId`,
        message: 'No such library metric',
        rule: 'exists',
      })
    return picked ? pickedCopy(picked) : (metric as MetricDefinition)
  })
  fail(messages)
  return (Array.isArray(input) ? resolved : resolved[0]) as any
}

export async function createLibraryMetric(input: LibraryMetricInput, actor: Actor) {
  fail(checkMetric(input))
  const key =
    input.key ??
    input.name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
  if (await ExperimentMetric.findBy('key', key))
    fail([
      {
        field: 'key',
        message: `The key "${key}" is already used by another metric`,
        rule: 'unique',
      },
    ])
  return db.transaction(async (trx) => {
    const metric = await ExperimentMetric.create(
      {
        key,
        name: input.name,
        description: input.description ?? null,
        definition: definitionOf({ ...input, name: undefined }),
      },
      { client: trx }
    )
    await recordAudit(trx, {
      entityType: 'metric',
      entityId: metric.id,
      action: 'created',
      actor,
      after: auditedFields(metric),
    })
    return metric
  })
}

/** What the audit log keeps of a library metric. */
const auditedFields = (metric: ExperimentMetric) => ({
  name: metric.name,
  description: metric.description,
  definition: metric.definition,
})

/**
 * Saves a library metric and the copies experiments keep of it, in one transaction: every
 * experiment that picked it measures the new definition from its next recompute (a changed
 * definition rebuilds that experiment's statistics, see the results fold).
 */
export async function updateLibraryMetric(
  metric: ExperimentMetric,
  input: LibraryMetricInput,
  actor: Actor
) {
  fail(checkMetric(input))
  return db.transaction(async (trx) => {
    const before = auditedFields(metric)
    metric.useTransaction(trx)
    metric.merge({
      name: input.name,
      description: input.description ?? null,
      definition: definitionOf({ ...input, name: undefined }),
    })
    await metric.save()
    const changes = diff(before, auditedFields(metric))
    await recordAudit(trx, {
      entityType: 'metric',
      entityId: metric.id,
      action: 'updated',
      actor,
      ...changes,
    })
    const copy = pickedCopy(metric)
    const refresh = (m: MetricDefinition) => (m.metricId === metric.id ? copy : m)
    const users = await Experiment.query({ client: trx }).whereRaw(
      `jsonb_path_exists(primary_metric || secondary_metrics || guardrail_metrics, '$[*] \\? (@.metricId == $id)', jsonb_build_object('id', ?::int))`,
      [metric.id]
    )
    for (const experiment of users) {
      experiment.primaryMetric = refresh(experiment.primaryMetric)
      experiment.secondaryMetrics = experiment.secondaryMetrics.map(refresh)
      experiment.guardrailMetrics = experiment.guardrailMetrics.map(refresh)
      await experiment.save()
      await recordAudit(trx, {
        entityType: 'experiment',
        entityId: experiment.id,
        action: 'metric_updated',
        actor,
        reason: `Library metric “${metric.name}” changed`,
        ...changes,
      })
    }
    if (users.length) {
      await configurationChanged(trx)
      await announce(LIVE_CHANNELS.experiments, 'updated', trx)
    }
    return { metric, experiments: users.length }
  })
}

/** The picker's choices in the experiment form. */
export async function metricChoices() {
  const metrics = await listLibraryMetrics()
  return metrics.map((m) => ({ id: m.id, name: m.name, kind: m.definition.kind }))
}
