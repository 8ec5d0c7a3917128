import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type Experiment from '#models/experiment'
import { ExperimentAlertsRaised, type ExperimentAlert } from '#events/experiment_events'
import { formatPercent, publicUrl } from '#services/platform'
import type { ResultsPayload } from '#services/results/analysis'

interface Condition extends ExperimentAlert {
  /** Stable name of the condition: the same while it holds from one recompute to the next. */
  condition: string
}

/** What in these results deserves an alert, whether or not it was there before. */
function conditionsOf(payload: ResultsPayload): Condition[] {
  const conditions: Condition[] = []
  const primary = payload.metrics[0].analysis
  if (primary.srm.detected)
    conditions.push({
      condition: 'srm',
      kind: 'srm',
      message: `Sample ratio mismatch: the split of subjects differs from the weights (p = ${primary.srm.pValue?.toExponential(2)}).`,
    })
  for (const { role, metric, analysis } of payload.metrics) {
    const name = metric.name || metric.event
    for (const v of analysis.variants) {
      const c = v.comparison
      if (!c?.significant) continue
      const lift =
        c.relativeLift === null
          ? ''
          : ` (${c.relativeLift > 0 ? '+' : ''}${formatPercent(c.relativeLift)})`
      if (role === 'guardrail') {
        if (c.direction === 'worse')
          conditions.push({
            condition: `guardrail:${metric.event}:${v.key}`,
            kind: 'guardrail',
            message: `Guardrail harmed: ${v.name} is significantly worse than control on ${name}${lift}.`,
          })
        continue
      }
      conditions.push({
        condition: `significant:${metric.event}:${v.key}:${c.direction}`,
        kind: 'significant',
        message: `${v.name} is significantly ${c.direction} than control on ${name}${lift}.`,
      })
    }
  }
  return conditions
}

/**
 * Raises each alert once per appearance: a condition alerts when it holds now and did not at
 * the last recompute; one that went away is cleared, so it alerts again if it comes back.
 * Nothing is judged before the minimum sample and age (GrowthBook #4786: early noise) or
 * while the experiment is not running. Runs in the snapshot's transaction, which publishes
 * the alerts (notifications listen) with it.
 */
export async function raiseAlerts(
  trx: TransactionClientContract,
  experiment: Experiment,
  payload: ResultsPayload
) {
  if (experiment.status !== 'running' || !payload.health.enoughData) return []
  const current = conditionsOf(payload)
  const rows: { condition: string; active: boolean }[] = await trx
    .from('experiment_alerts')
    .where('experiment_id', experiment.id)
    .forUpdate()
  const active = new Set(rows.filter((r) => r.active).map((r) => r.condition))
  const now = new Date()
  const raised = current.filter((c) => !active.has(c.condition))
  for (const alert of raised) {
    await trx
      .insertQuery()
      .table('experiment_alerts')
      .insert({
        experiment_id: experiment.id,
        condition: alert.condition,
        active: true,
        message: alert.message,
        raised_at: now,
        cleared_at: null,
      })
      .knexQuery.onConflict(['experiment_id', 'condition'])
      .merge()
  }
  const holding = new Set(current.map((c) => c.condition))
  const gone = [...active].filter((condition) => !holding.has(condition))
  if (gone.length)
    await trx
      .from('experiment_alerts')
      .where('experiment_id', experiment.id)
      .whereIn('condition', gone)
      .update({ active: false, cleared_at: now })
  if (raised.length)
    await ExperimentAlertsRaised.publish(
      {
        id: experiment.id,
        key: experiment.key,
        name: experiment.name,
        resultsUrl: publicUrl(`/experiments/results/${experiment.id}`),
      },
      raised.map(({ kind, message }) => ({ kind, message })),
      trx
    )
  return raised
}
