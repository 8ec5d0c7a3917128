import db from '@adonisjs/lucid/services/db'
import type Experiment from '#models/experiment'

const HOUR = 3_600_000

/**
 * Settled data for results tests: per variant key, subjects exposed two hours ago and
 * converters with one event (received an hour ago, so every recompute folds them).
 */
export async function seedResults(
  experiment: Experiment,
  perVariant: Record<
    string,
    { subjects: number; converters: number; event?: string; value?: number }
  >
) {
  const now = Date.now()
  for (const variant of experiment.variants) {
    const plan = perVariant[variant.key]
    if (!plan) continue
    const ids = Array.from({ length: plan.subjects }, (_, i) => `${variant.key}-${i}`)
    await db.rawQuery(
      `INSERT INTO experiment_assignments (experiment_id, variant_id, subject_id, how, assigned_at, first_exposed_at)
       SELECT ?, ?, s, 'deterministic', ?, ? FROM unnest(?::text[]) AS s`,
      [experiment.id, variant.id, new Date(now - 3 * HOUR), new Date(now - 2 * HOUR), ids]
    )
    await db.rawQuery(
      `INSERT INTO experiment_events (experiment_id, variant_id, subject_id, event_name, value, occurred_at, received_at)
       SELECT ?, ?, s, ?, ?, ?, ? FROM unnest(?::text[]) AS s`,
      [
        experiment.id,
        variant.id,
        plan.event ?? experiment.primaryMetric.event,
        plan.value ?? null,
        new Date(now - 90 * 60_000),
        new Date(now - HOUR),
        ids.slice(0, plan.converters),
      ]
    )
  }
}
