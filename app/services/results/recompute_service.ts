import pg from 'pg'
import db from '@adonisjs/lucid/services/db'
import env from '#start/env'
import { quickQueryTimeouts } from '#config/database'
import Experiment from '#models/experiment'
import {
  foldExperiment,
  settleRebuiltTables,
  type MetricTotals,
} from '#services/results/aggregation'
import { analyzeResults, type MetricFigures, type ResultsPayload } from '#services/results/analysis'
import { percentileCappedTotals, quantileFigures } from '#services/results/subject_values'
import { CAP_KINDS, metricSource, type MetricDefinition } from '#evaluation/metrics'
import { updateBandit } from '#services/results/bandit_update'
import {
  changeExperimentStatus,
  getExperiment,
  multipleExposureCount,
  runExperimentSchedule,
  type ScheduleRun,
} from '#services/experiments'
import { raiseAlerts } from '#services/results/alerts'
import { SYSTEM_ACTOR } from '#services/accounts'
import { announce, experimentChannel, LIVE_CHANNELS } from '#services/live'
import { formatPercent } from '#services/platform'

/** Advisory-lock key of "a recompute is running" (any process: cron, web timer). */
const RECOMPUTE_LOCK = 7_240_312

export interface RecomputeOptions {
  full?: boolean
  dryRun?: boolean
  /** Who ran it, stored with the snapshot: "command", "timer", "api". */
  computedBy: string
}

export interface RecomputeReport {
  experimentId: number
  key: string
  status: 'ok' | 'failed'
  eventsFolded: number
  subjectsAdded: number
  durationMs: number
  recommendation?: string
  autoWinner?: string
  error?: string
}

/**
 * Folds new events into the statistics (each part of the subjects committed with its
 * watermarks; see foldExperiment), analyses every metric and writes a snapshot. A run killed
 * midway leaves the previous snapshot the latest and every part consistent; the next run
 * catches up. A dry run rolls the fold back and writes nothing.
 */
export async function recomputeExperiment(
  experiment: Experiment,
  options: RecomputeOptions
): Promise<RecomputeReport> {
  const started = performance.now()
  const base = { experimentId: experiment.id, key: experiment.key }
  try {
    const metrics = [
      experiment.primaryMetric,
      ...experiment.secondaryMetrics,
      ...experiment.guardrailMetrics,
    ]
    const folded = await foldExperiment(experiment.id, {
      full: !!options.full,
      commit: !options.dryRun,
      sources: metrics.map(metricSource),
      dailySource: metricSource(experiment.primaryMetric).key,
    })
    const figures = await metricFigures(experiment.id, metrics, folded.totals.byMetric)
    const payload = analyzeResults(
      experiment,
      folded.totals.exposed,
      (metric) => figures.get(metric)!,
      folded.daily,
      await multipleExposureCount(experiment.id)
    )
    if (!options.dryRun) {
      await db.transaction(async (trx) => {
        await trx.table('experiment_results').insert({
          experiment_id: experiment.id,
          computed_at: new Date(),
          computed_by: options.computedBy,
          full: !!options.full,
          duration_ms: Math.round(performance.now() - started),
          events_folded: folded.eventsFolded,
          event_watermark: folded.eventWatermark,
          payload: JSON.stringify(payload),
          error: null,
        })
        await raiseAlerts(trx, experiment, payload)
        // Delivered on commit: open dashboards re-fetch their partials.
        await announce(experimentChannel(experiment.id), 'results', trx)
        await announce(LIVE_CHANNELS.experiments, 'results', trx)
      })
    }
    if (!options.dryRun)
      await updateBandit(experiment, folded.totals.exposed, folded.totals.byMetric)
    const autoWinner = options.dryRun ? undefined : await maybeDeclareWinner(experiment, payload)
    return {
      ...base,
      status: 'ok',
      eventsFolded: folded.eventsFolded,
      subjectsAdded: folded.subjectsAdded,
      durationMs: Math.round(performance.now() - started),
      recommendation: payload.recommendation,
      autoWinner,
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    const durationMs = Math.round(performance.now() - started)
    if (!options.dryRun) await recordFailure(experiment.id, options, durationMs, message)
    return {
      ...base,
      status: 'failed',
      eventsFolded: 0,
      subjectsAdded: 0,
      durationMs,
      error: message,
    }
  }
}

/** Each metric's figures: its source's totals, or what only the per-subject rows give. */
async function metricFigures(
  experimentId: number,
  metrics: MetricDefinition[],
  totals: Map<string, MetricTotals[]>
) {
  const figures = new Map<MetricDefinition, MetricFigures>()
  for (const metric of metrics) {
    const source = metricSource(metric)
    if (metric.kind === 'quantile') {
      const quantiles = await quantileFigures(experimentId, source, metric.quantile ?? 0.5)
      figures.set(metric, { totals: [], quantiles })
    } else if (metric.cap?.type === 'percentile' && CAP_KINDS.includes(metric.kind)) {
      figures.set(metric, await percentileCappedTotals(experimentId, source, metric.cap.value))
    } else {
      figures.set(metric, { totals: totals.get(source.key) ?? [] })
    }
  }
  return figures
}

/** The page shows the failure; the previous good snapshot stays the one read for results. */
async function recordFailure(
  experimentId: number,
  options: RecomputeOptions,
  durationMs: number,
  message: string
) {
  try {
    await db.transaction(async (trx) => {
      // The parts' state: the lowest watermark is where all of them have folded to.
      const state = await trx
        .from('experiment_aggregation_state')
        .where('experiment_id', experimentId)
        .min('event_watermark as event_watermark')
        .first()
      await trx.table('experiment_results').insert({
        experiment_id: experimentId,
        computed_at: new Date(),
        computed_by: options.computedBy,
        full: !!options.full,
        duration_ms: durationMs,
        events_folded: 0,
        event_watermark: state?.event_watermark ?? 0,
        payload: null,
        error: message.slice(0, 2000),
      })
      await announce(experimentChannel(experimentId), 'results_failed', trx)
    })
  } catch {
    // The database itself is failing: the caller reports the original error.
  }
}

/**
 * Automatic winner (opt-in per experiment): the primary metric is significant, the
 * minimum sample is reached, no sample-ratio mismatch and no guardrail harm. Completing
 * serves the winner to everyone; the audit entry carries the numbers.
 */
async function maybeDeclareWinner(experiment: Experiment, payload: ResultsPayload) {
  if (!experiment.autoWinner || experiment.status !== 'running' || !payload.winner) return undefined
  const primary = payload.metrics[0].analysis
  const comparison = primary.variants.find((v) => v.key === payload.winner!.key)?.comparison
  const reason =
    `Automatic: ${payload.recommendation} ` +
    `(p = ${comparison?.adjustedPValue ?? comparison?.pValue ?? 'n/a'}, ` +
    `relative lift ${formatPercent(comparison?.relativeLift ?? null)}, ` +
    `${primary.sampleSize.totalN} subjects, SRM p = ${primary.srm.pValue ?? 'n/a'})`
  const fresh = await getExperiment(experiment.id)
  await changeExperimentStatus(fresh, 'complete', SYSTEM_ACTOR, {
    winner: payload.winner.key,
    reason,
    decision: 'automatic',
  })
  return payload.winner.key
}

export interface RecomputeRun {
  /** False when another process holds the lock (nothing was done). */
  acquired: boolean
  reports: RecomputeReport[]
  /** After a full run: time spent settling the rebuilt tables (see settleRebuiltTables). */
  settleMs?: number
  /** Scheduled starts and stops done first (not in a dry run). */
  schedule?: ScheduleRun
}

/** Which experiments a run covers: the named ones, every non-draft (all), or the running ones. */
export async function experimentsToRecompute(keys: string[], all: boolean) {
  const query = Experiment.query().preload('variants').orderBy('id')
  if (keys.length) query.whereIn('key', keys)
  else if (all) query.whereNot('status', 'draft')
  else query.where('status', 'running')
  return query
}

/**
 * Runs recomputes under a PostgreSQL advisory lock, so a cron run and the web timer (or
 * two cron runs) never overlap; scheduled starts and stops run first, under the same lock.
 * `onEach` reports progress per experiment.
 */
export async function recomputeMany(
  experiments: Experiment[],
  options: RecomputeOptions,
  onEach: (report: RecomputeReport) => void = () => {}
): Promise<RecomputeRun> {
  const lock = new pg.Client({ connectionString: env.get('DATABASE_URL'), ...quickQueryTimeouts })
  lock.on('error', () => {})
  await lock.connect()
  try {
    const { rows } = await lock.query('SELECT pg_try_advisory_lock($1) AS ok', [RECOMPUTE_LOCK])
    if (!rows[0].ok) return { acquired: false, reports: [] }
    // Under the same lock, so that two processes never start or stop one experiment twice.
    const schedule = options.dryRun ? undefined : await runExperimentSchedule()
    const reports: RecomputeReport[] = []
    for (const experiment of experiments) {
      const report = await recomputeExperiment(experiment, options)
      reports.push(report)
      onEach(report)
    }
    // Once for the whole run: each VACUUM reads the tables' indexes whole.
    let settleMs: number | undefined
    if (options.full && !options.dryRun && reports.some((report) => report.status === 'ok')) {
      const started = performance.now()
      await settleRebuiltTables()
      settleMs = Math.round(performance.now() - started)
    }
    await lock.query('SELECT pg_advisory_unlock($1)', [RECOMPUTE_LOCK])
    return { acquired: true, reports, settleMs, schedule }
  } finally {
    await lock.end().catch(() => {})
  }
}
