import db from '@adonisjs/lucid/services/db'
import Experiment from '#models/experiment'
import ExperimentVariant from '#models/experiment_variant'
import { recordAudit } from '#services/experiments/audit'
import { configurationChanged } from '#services/experiments/definitions'
import { announce, experimentChannel } from '#services/live'
import type { Actor } from '#services/accounts'

/** Weights are stored to this precision; smaller moves are not a change worth an audit entry. */
const PRECISION = 1e-4

/**
 * Sets a running bandit's traffic weights (computed by the results domain from
 * `banditWeights` at a recompute). Only subjects not yet assigned follow the new weights:
 * a stored assignment always wins, so nobody moves between arms. Every change is audited
 * with the evidence it rests on.
 */
export async function applyBanditWeights(
  experimentId: number,
  weights: Record<string, number>,
  evidence: Record<string, unknown>,
  actor: Actor
) {
  const experiment = await Experiment.query()
    .where('id', experimentId)
    .preload('variants')
    .firstOrFail()
  if (!experiment.bandit || experiment.status !== 'running' || experiment.archivedAt) return false
  const rounded = (w: number) => Math.round(w / PRECISION) * PRECISION
  const changed = experiment.variants.filter(
    (v) => weights[v.key] !== undefined && Math.abs(rounded(weights[v.key]) - v.weight) >= PRECISION
  )
  if (changed.length === 0) return false
  await db.transaction(async (trx) => {
    const before: Record<string, number> = {}
    const after: Record<string, number> = {}
    for (const variant of experiment.variants) {
      before[variant.key] = variant.weight
      after[variant.key] =
        weights[variant.key] === undefined ? variant.weight : rounded(weights[variant.key])
      await ExperimentVariant.query({ client: trx })
        .where('id', variant.id)
        .update({ weight: after[variant.key] })
    }
    await recordAudit(trx, {
      entityType: 'experiment',
      entityId: experiment.id,
      action: 'bandit_weights',
      actor,
      reason: 'Bandit weights updated at a recompute',
      before: { weights: before },
      after: { weights: after, ...evidence },
    })
    await configurationChanged(trx)
    await announce(experimentChannel(experiment.id), 'bandit_weights', trx)
  })
  return true
}
