import { randomBytes } from 'node:crypto'
import { helpCenterFrozenMessage, helpCenterMessages } from '#services/experiments/help_center'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { errors as vineErrors } from '@vinejs/vine'
import Experiment from '#models/experiment'
import ExperimentVariant from '#models/experiment_variant'
import Segment from '#models/segment'
import { DomainError } from '#exceptions/domain_error'
import { validateRule } from '#evaluation/targeting'
import { recordAudit, diff } from '#services/experiments/audit'
import { configurationChanged } from '#services/experiments/definitions'
import { announce, experimentChannel, LIVE_CHANNELS } from '#services/live'
import { actorUserId, type Actor } from '#services/accounts'
import { recordId } from '#services/platform'
import { resolveMetrics, type MetricInput } from '#services/experiments/metric_library'
import {
  canApply,
  describeRefusal,
  statusAfter,
  type LifecycleAction,
} from '#services/experiments/lifecycle'
import type {
  ExperimentKind,
  ExperimentStatus,
  NamespaceRange,
  TargetingRule,
} from '#evaluation/types'
import {
  holdoutMessages,
  holdoutShapeMessages,
  namespaceMessages,
} from '#services/experiments/design_rules'
import { templateDefaults } from '#services/experiments/templates'

export interface VariantInput {
  key: string
  name: string
  weight: number
  isControl?: boolean
  config?: Record<string, unknown>
  description?: string | null
}

/** Validated experiment fields (see app/validators/experiment.ts); all optional on update. */
export interface ExperimentInput {
  key?: string
  name?: string
  description?: string | null
  hypothesis?: string | null
  tags?: string[]
  unit?: 'user' | 'team' | 'visitor' | 'contact'
  assignmentMode?: 'deterministic' | 'random'
  trafficAllocation?: number
  targeting?: unknown
  variants?: VariantInput[]
  primaryMetric?: MetricInput
  secondaryMetrics?: MetricInput[]
  guardrailMetrics?: MetricInput[]
  analysisMethod?: 'frequentist' | 'sequential' | 'bayesian'
  significanceLevel?: number
  power?: number
  minimumSampleSize?: number
  correction?: 'holm' | 'bh' | 'none'
  /** The family the correction spans: one metric's variants, or all primary and secondary metrics. */
  correctionScope?: 'metric' | 'experiment'
  /** Days an experiment runs before its results give verdicts and send alerts. */
  minimumDays?: number
  sequentialTau2?: number
  autoWinner?: boolean
  /** The planned window (Pitchey's startDate/endDate); started/ended times are separate. */
  startDate?: Date | null
  endDate?: Date | null
  kind?: ExperimentKind
  holdoutId?: number | null
  namespaces?: NamespaceRange[]
  scheduledStartAt?: Date | null
  scheduledStopAt?: Date | null
  bandit?: boolean
  banditBurnInSubjects?: number
  banditBurnInHours?: number
  /** Create only: fields the input leaves out come from this template. */
  templateId?: number
}

export interface ExperimentFilters {
  status?: ExperimentStatus
  search?: string
  sort?: 'updated' | 'created' | 'name' | 'status'
  /** Archived experiments are left out unless asked for (then only they are listed). */
  archived?: boolean
}

/** Fields that decide who gets which variant: frozen once an experiment has started. */
const FIELD_NAMES = {
  variants: 'variants',
  unit: 'unit',
  assignmentMode: 'assignment mode',
  kind: 'kind',
  bandit: 'bandit mode',
} satisfies Record<(typeof ASSIGNMENT_FIELDS)[number], string>

const ASSIGNMENT_FIELDS = ['variants', 'unit', 'assignmentMode', 'kind', 'bandit'] as const

type FieldMessage = { field: string; message: string; rule: string }

const fail = (messages: FieldMessage[]) => {
  throw new vineErrors.E_VALIDATION_ERROR(messages)
}

/* ---------- Reading ---------- */

/**
 * Experiments for the list (with `$extras.total_assignments`, Cal.com's "total
 * assignments": one index-only count per experiment on the page).
 */
export async function listExperiments(filters: ExperimentFilters = {}) {
  const query = Experiment.query()
    .preload('variants')
    .select('experiments.*')
    .select(
      db.raw(
        '(SELECT count(*) FROM experiment_assignments a WHERE a.experiment_id = experiments.id)::int AS total_assignments'
      )
    )
  if (filters.archived) query.whereNotNull('archived_at')
  else query.whereNull('archived_at')
  if (filters.status) query.where('status', filters.status)
  if (filters.search) {
    const term = `%${filters.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    query.where((q) =>
      q
        .whereILike('name', term)
        .orWhereILike('description', term)
        .orWhereILike('key', term)
        .orWhereRaw('EXISTS (SELECT 1 FROM unnest(tags) AS tag WHERE tag ILIKE ?)', [term])
    )
  }
  const sort = filters.sort ?? 'updated'
  if (sort === 'name') query.orderBy('name', 'asc')
  else if (sort === 'created') query.orderBy('created_at', 'desc')
  else if (sort === 'status')
    query.orderByRaw("array_position(ARRAY['running','paused','draft','completed'], status)")
  else query.orderByRaw('coalesce(updated_at, created_at) DESC')
  return query.orderBy('id', 'desc')
}

export async function statusCounts() {
  const rows = await db
    .from('experiments')
    .select('status', db.raw('archived_at IS NOT NULL AS archived'))
    .count('* as total')
    .groupBy('status', 'archived')
  const counts = { total: 0, draft: 0, running: 0, paused: 0, completed: 0, archived: 0 }
  for (const row of rows) {
    if (row.archived) {
      counts.archived += Number(row.total)
      continue
    }
    counts[row.status as ExperimentStatus] = Number(row.total)
    counts.total += Number(row.total)
  }
  return counts
}

/** Every experiment's id, key, name and status, by name (forms that link to one). */
export function experimentChoices() {
  return Experiment.query().select('id', 'key', 'name', 'status').orderBy('name')
}

/** Holdouts experiments may name (the form's choices), by name. */
export function listHoldouts() {
  return Experiment.query().where('kind', 'holdout').whereNull('archived_at').orderBy('name')
}

/** The named targeting rules experiments and flags may refer to, by key. */
export function listSegments() {
  return Segment.query().orderBy('key')
}

/** By numeric id or key (the API accepts both). */
export async function findExperiment(idOrKey: string | number) {
  const query = Experiment.query().preload('variants').preload('winnerVariant').preload('holdout')
  const id = recordId(idOrKey)
  if (id !== null) query.where('id', id)
  else query.where('key', String(idOrKey))
  return query.first()
}

export async function findExperimentOrFail(idOrKey: string | number) {
  const experiment = await findExperiment(idOrKey)
  if (!experiment) throw new DomainError(`No experiment "${idOrKey}".`, 'experiment_not_found', 404)
  return experiment
}

/** Subjects assigned and exposed per variant. */
export async function assignmentCounts(experimentId: number) {
  const rows = await db
    .from('experiment_assignments')
    .where('experiment_id', experimentId)
    .select('variant_id')
    .count('* as assigned')
    .select(db.raw('count(first_exposed_at) as exposed'))
    .groupBy('variant_id')
  return new Map(
    rows.map((row) => [
      row.variant_id as number,
      { assigned: Number(row.assigned), exposed: Number(row.exposed) },
    ])
  )
}

/* ---------- Writing ---------- */

function slugify(name: string) {
  const slug = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .replace(/[\s_-]+/g, '-')
    .slice(0, 48)
  return slug.length >= 2 ? slug : `experiment-${randomBytes(3).toString('hex')}`
}

/** The input with its metrics as stored: library picks copied, inline ones normalized. */
async function withResolvedMetrics(input: ExperimentInput) {
  return {
    ...input,
    primaryMetric:
      input.primaryMetric && (await resolveMetrics('primaryMetric', input.primaryMetric)),
    secondaryMetrics:
      input.secondaryMetrics && (await resolveMetrics('secondaryMetrics', input.secondaryMetrics)),
    guardrailMetrics:
      input.guardrailMetrics && (await resolveMetrics('guardrailMetrics', input.guardrailMetrics)),
  }
}

/** Cross-field rules, reported against the fields a person can fix. */
async function checkDefinition(input: ExperimentInput, current: Experiment | null = null) {
  const messages: FieldMessage[] = await designMessages(input, current)
  messages.push(...helpCenterMessages(current?.key ?? input.key, input.variants))
  if (input.variants) {
    const total = input.variants.reduce((sum, v) => sum + v.weight, 0)
    if (Math.abs(total - 1) > 0.0005) {
      messages.push({
        field: 'variants',
        message: `Variant weights must add up to 100 % (they add up to ${(total * 100).toFixed(1)} %)`,
        rule: 'weights',
      })
    }
    const controls = input.variants.filter((v) => v.isControl).length
    if (controls > 1)
      messages.push({
        field: 'variants',
        message: 'Only one variant can be the control',
        rule: 'control',
      })
    const seen = new Set<string>()
    input.variants.forEach((v, index) => {
      const key = v.key.toLowerCase()
      if (seen.has(key)) {
        messages.push({
          field: `variants.${index}.key`,
          message: `The key "${v.key}" is used twice`,
          rule: 'distinct',
        })
      }
      seen.add(key)
    })
  }
  if (input.startDate && input.endDate && input.endDate <= input.startDate) {
    messages.push({
      field: 'endDate',
      message: 'The end date must be after the start date',
      rule: 'after',
    })
  }
  if (input.targeting !== undefined && input.targeting !== null) {
    const segments = await Segment.query().select('key')
    const result = validateRule(
      input.targeting,
      segments.map((s) => s.key)
    )
    if (!result.valid) {
      for (const error of result.errors) {
        messages.push({
          field: 'targeting',
          message: `${error.path ? `${error.path}: ` : ''}${error.message}`,
          rule: 'targeting',
        })
      }
    }
  }
  if (messages.length) fail(messages)
}

/** The experiment as audited: plain values, variants included. */
function snapshot(experiment: Experiment, variants: ExperimentVariant[]) {
  return {
    name: experiment.name,
    description: experiment.description,
    hypothesis: experiment.hypothesis,
    tags: experiment.tags,
    status: experiment.status,
    unit: experiment.unit,
    assignmentMode: experiment.assignmentMode,
    trafficAllocation: experiment.trafficAllocation,
    targeting: experiment.targeting,
    primaryMetric: experiment.primaryMetric,
    secondaryMetrics: experiment.secondaryMetrics,
    guardrailMetrics: experiment.guardrailMetrics,
    analysisMethod: experiment.analysisMethod,
    significanceLevel: experiment.significanceLevel,
    power: experiment.power,
    minimumSampleSize: experiment.minimumSampleSize,
    correction: experiment.correction,
    correctionScope: experiment.correctionScope,
    minimumDays: experiment.minimumDays,
    sequentialTau2: experiment.sequentialTau2,
    autoWinner: experiment.autoWinner,
    startDate: experiment.startDate?.toISO() ?? null,
    endDate: experiment.endDate?.toISO() ?? null,
    kind: experiment.kind,
    holdoutId: experiment.holdoutId,
    namespaces: experiment.namespaces,
    scheduledStartAt: experiment.scheduledStartAt?.toISO() ?? null,
    scheduledStopAt: experiment.scheduledStopAt?.toISO() ?? null,
    bandit: experiment.bandit,
    banditBurnInSubjects: experiment.banditBurnInSubjects,
    banditBurnInHours: experiment.banditBurnInHours,
    variants: variants.map((v) => ({
      key: v.key,
      name: v.name,
      description: v.description,
      weight: v.weight,
      isControl: v.isControl,
      config: v.config,
    })),
  }
}

function applyFields(
  experiment: Experiment,
  input: Awaited<ReturnType<typeof withResolvedMetrics>>
) {
  if (input.name !== undefined) experiment.name = input.name
  if (input.description !== undefined) experiment.description = input.description || null
  if (input.hypothesis !== undefined) experiment.hypothesis = input.hypothesis || null
  if (input.tags !== undefined) experiment.tags = [...new Set(input.tags)]
  if (input.unit !== undefined) experiment.unit = input.unit
  if (input.assignmentMode !== undefined) experiment.assignmentMode = input.assignmentMode
  if (input.trafficAllocation !== undefined) experiment.trafficAllocation = input.trafficAllocation
  if (input.targeting !== undefined)
    experiment.targeting = (input.targeting as TargetingRule | null) ?? null
  if (input.primaryMetric !== undefined) experiment.primaryMetric = input.primaryMetric
  if (input.secondaryMetrics !== undefined) experiment.secondaryMetrics = input.secondaryMetrics
  if (input.guardrailMetrics !== undefined) experiment.guardrailMetrics = input.guardrailMetrics
  if (input.analysisMethod !== undefined) experiment.analysisMethod = input.analysisMethod
  if (input.significanceLevel !== undefined) experiment.significanceLevel = input.significanceLevel
  if (input.power !== undefined) experiment.power = input.power
  if (input.minimumSampleSize !== undefined) experiment.minimumSampleSize = input.minimumSampleSize
  if (input.correction !== undefined) experiment.correction = input.correction
  if (input.correctionScope !== undefined) experiment.correctionScope = input.correctionScope
  if (input.minimumDays !== undefined) experiment.minimumDays = input.minimumDays
  if (input.sequentialTau2 !== undefined) experiment.sequentialTau2 = input.sequentialTau2
  if (input.autoWinner !== undefined) experiment.autoWinner = input.autoWinner
  if (input.startDate !== undefined) experiment.startDate = dateTime(input.startDate)
  if (input.endDate !== undefined) experiment.endDate = dateTime(input.endDate)
  if (input.kind !== undefined) experiment.kind = input.kind
  if (input.holdoutId !== undefined) experiment.holdoutId = input.holdoutId
  if (input.namespaces !== undefined) experiment.namespaces = input.namespaces
  if (input.scheduledStartAt !== undefined)
    experiment.scheduledStartAt = dateTime(input.scheduledStartAt)
  if (input.scheduledStopAt !== undefined)
    experiment.scheduledStopAt = dateTime(input.scheduledStopAt)
  if (input.bandit !== undefined) experiment.bandit = input.bandit
  if (input.banditBurnInSubjects !== undefined)
    experiment.banditBurnInSubjects = input.banditBurnInSubjects
  if (input.banditBurnInHours !== undefined) experiment.banditBurnInHours = input.banditBurnInHours
}

/** Holdout, namespace and schedule rules (design_rules.ts), against the merged design. */
async function designMessages(input: ExperimentInput, current: Experiment | null) {
  const kind = input.kind ?? current?.kind ?? 'experiment'
  const unit = input.unit ?? current?.unit ?? 'user'
  const selfId = current?.id ?? null
  const messages: FieldMessage[] = []
  if (kind === 'holdout')
    messages.push(
      ...holdoutShapeMessages(
        (input.variants ?? current?.variants)?.length,
        input.bandit ?? current?.bandit ?? false
      )
    )
  const holdoutId = input.holdoutId === undefined ? current?.holdoutId : input.holdoutId
  if (holdoutId) messages.push(...(await holdoutMessages(holdoutId, { selfId, kind, unit })))
  if (input.namespaces) messages.push(...(await namespaceMessages(input.namespaces, selfId)))
  const start =
    input.scheduledStartAt === undefined
      ? current?.scheduledStartAt?.toJSDate()
      : input.scheduledStartAt
  const stop =
    input.scheduledStopAt === undefined
      ? current?.scheduledStopAt?.toJSDate()
      : input.scheduledStopAt
  if (start && stop && stop <= start)
    messages.push({
      field: 'scheduledStopAt',
      message: 'The scheduled stop must come after the scheduled start',
      rule: 'after',
    })
  return messages
}

/** Archived experiments are read-only: their results stay as they were. */
export function refuseIfArchived(experiment: Experiment) {
  if (experiment.archivedAt)
    throw new DomainError('This experiment is archived: it is read-only.', 'archived', 409)
}

const dateTime = (date: Date | null) => (date ? DateTime.fromJSDate(date) : null)

async function replaceVariants(
  trx: TransactionClientContract,
  experiment: Experiment,
  variants: VariantInput[]
) {
  const anyControl = variants.some((v) => v.isControl)
  await ExperimentVariant.query({ client: trx }).where('experiment_id', experiment.id).delete()
  return ExperimentVariant.createMany(
    variants.map((v, index) => ({
      experimentId: experiment.id,
      key: v.key,
      name: v.name,
      weight: v.weight,
      isControl: anyControl ? !!v.isControl : index === 0,
      config: v.config ?? {},
      description: v.description || null,
      position: index,
    })),
    { client: trx }
  )
}

async function afterChange(trx: TransactionClientContract, experiment: Experiment, reason: string) {
  await configurationChanged(trx)
  await announce(LIVE_CHANNELS.experiments, reason, trx)
  await announce(experimentChannel(experiment.id), reason, trx)
}

export async function createExperiment(
  given: ExperimentInput & { name: string; variants: VariantInput[] },
  actor: Actor
) {
  const input = given.templateId
    ? { ...(await templateDefaults(given.templateId)), ...given }
    : given
  await checkDefinition(input)
  const fields = await withResolvedMetrics(input)
  const key = input.key ?? slugify(input.name)
  if (await Experiment.findBy('key', key)) {
    fail([
      {
        field: 'key',
        message: `The key "${key}" is already used by another experiment`,
        rule: 'unique',
      },
    ])
  }
  return db.transaction(async (trx) => {
    const experiment = new Experiment().useTransaction(trx)
    experiment.merge({
      key,
      status: 'draft',
      hashSeed: key,
      hashVersion: 2,
      createdBy: actorUserId(actor),
      tags: [],
      secondaryMetrics: [],
      guardrailMetrics: [],
      targeting: null,
      kind: 'experiment',
      namespaces: [],
      bandit: false,
      banditBurnInSubjects: 100,
      banditBurnInHours: 0,
    })
    applyFields(experiment, fields)
    await experiment.save()
    const variants = await replaceVariants(trx, experiment, input.variants)
    await recordAudit(trx, {
      entityType: 'experiment',
      entityId: experiment.id,
      action: 'created',
      actor,
      after: snapshot(experiment, variants),
    })
    await afterChange(trx, experiment, 'created')
    return experiment
  })
}

export async function updateExperiment(
  experiment: Experiment,
  input: ExperimentInput,
  actor: Actor
) {
  refuseIfArchived(experiment)
  await checkDefinition(input, experiment)
  const fields = await withResolvedMetrics(input)
  if (experiment.status !== 'draft') {
    const current = snapshot(experiment, experiment.variants)
    const frozen = ASSIGNMENT_FIELDS.filter((field) => {
      if (input[field] === undefined) return false
      if (field === 'variants') {
        const proposed = input.variants!.map((v, i) => ({
          key: v.key,
          name: v.name,
          description: v.description || null,
          weight: v.weight,
          isControl: input.variants!.some((x) => x.isControl) ? !!v.isControl : i === 0,
          config: v.config ?? {},
        }))
        return JSON.stringify(proposed) !== JSON.stringify(current.variants)
      }
      return input[field] !== current[field]
    })
    if (frozen.length) {
      fail(
        frozen.map((field) => ({
          field,
          message:
            helpCenterFrozenMessage(experiment.key, field, experiment.status) ??
            `This ${experiment.status} experiment already assigned subjects: changing its ${FIELD_NAMES[field]} ` +
              'would move people between variants. Create a new experiment instead.',
          rule: 'frozen',
        }))
      )
    }
  }
  return db.transaction(async (trx) => {
    experiment.useTransaction(trx)
    const before = snapshot(experiment, experiment.variants)
    applyFields(experiment, fields)
    await experiment.save()
    const variants =
      input.variants && experiment.status === 'draft'
        ? await replaceVariants(trx, experiment, input.variants)
        : experiment.variants
    const changes = diff(before, snapshot(experiment, variants))
    if (Object.keys(changes.after).length) {
      await recordAudit(trx, {
        entityType: 'experiment',
        entityId: experiment.id,
        action: 'updated',
        actor,
        ...changes,
      })
    }
    await afterChange(trx, experiment, 'updated')
    return experiment
  })
}

/* ---------- Lifecycle (see lifecycle.ts) ---------- */

export async function changeStatus(
  experiment: Experiment,
  action: LifecycleAction,
  actor: Actor,
  options: {
    reason?: string | null
    winner?: string | null
    decision?: 'manual' | 'automatic'
  } = {}
) {
  refuseIfArchived(experiment)
  if (!canApply(action, experiment.status)) {
    throw new DomainError(describeRefusal(experiment.status, action), 'invalid_transition', 409)
  }
  if (action === 'pause' && !options.reason) {
    fail([{ field: 'reason', message: 'Say why the experiment is paused', rule: 'required' }])
  }
  if (action === 'start' && experiment.variants.length < 2) {
    throw new DomainError('An experiment needs at least two variants to start.', 'not_startable')
  }
  let winner: ExperimentVariant | undefined
  if (action === 'complete' && options.winner) {
    winner = experiment.variants.find(
      (v) => v.key === options.winner || String(v.id) === options.winner
    )
    if (!winner)
      fail([
        {
          field: 'winner',
          message: `No variant "${options.winner}" in this experiment`,
          rule: 'exists',
        },
      ])
    if (!options.reason)
      fail([{ field: 'reason', message: 'Say why this variant wins', rule: 'required' }])
  }

  return db.transaction(async (trx) => {
    experiment.useTransaction(trx)
    const before = { status: experiment.status }
    experiment.status = statusAfter(action)
    if (action === 'start') {
      experiment.startedAt = DateTime.now()
      // Started by hand or by the scheduler: the schedule has done its part.
      experiment.scheduledStartAt = null
    }
    if (action === 'complete') {
      experiment.endedAt = DateTime.now()
      experiment.scheduledStopAt = null
      if (winner) {
        experiment.winnerVariantId = winner.id
        experiment.winnerDecision = options.decision ?? 'manual'
        experiment.winnerReason = options.reason ?? null
        experiment.winnerDecidedBy = actorUserId(actor)
      }
    }
    await experiment.save()
    await recordAudit(trx, {
      entityType: 'experiment',
      entityId: experiment.id,
      action,
      actor,
      reason: options.reason ?? null,
      before,
      after: { status: experiment.status, ...(winner ? { winner: winner.key } : {}) },
    })
    await afterChange(trx, experiment, action)
    return experiment
  })
}

/**
 * Deletes a draft and its variants (Cal.com's deleteExperiment). Only drafts: once started,
 * an experiment has assignments, events and results that someone may still need, so it is
 * completed instead. The audit log keeps the deletion and the experiment as it was.
 */
export async function deleteExperiment(experiment: Experiment, actor: Actor) {
  if (experiment.status !== 'draft') {
    throw new DomainError(
      `Only drafts can be deleted; this experiment is ${experiment.status}. Archive it instead.`,
      'not_deletable',
      409
    )
  }
  await db.transaction(async (trx) => {
    await recordAudit(trx, {
      entityType: 'experiment',
      entityId: experiment.id,
      action: 'deleted',
      actor,
      before: snapshot(experiment, experiment.variants),
    })
    await Experiment.query({ client: trx }).where('id', experiment.id).delete()
    await afterChange(trx, experiment, 'deleted')
  })
}
