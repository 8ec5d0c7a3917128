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

/**
 * Settled per-subject values for metric-kind tests: per variant key, subjects exposed two
 * hours ago, each with a `pre` event three days before exposure (the CUPED covariate) and
 * `post` events of `event` after it (value per event; none when the list is empty), and
 * optionally `orders` events (a ratio's denominator).
 */
export async function seedSubjectValues(
  experiment: Experiment,
  perVariant: Record<string, { pre: number; post: number[]; orders?: number }[]>,
  event = 'purchase'
) {
  const now = Date.now()
  const exposedAt = new Date(now - 2 * HOUR)
  const rows: unknown[][] = []
  for (const variant of experiment.variants) {
    const subjects = perVariant[variant.key] ?? []
    await db.rawQuery(
      `INSERT INTO experiment_assignments (experiment_id, variant_id, subject_id, how, assigned_at, first_exposed_at)
       SELECT ?, ?, s, 'deterministic', ?, ? FROM unnest(?::text[]) AS s`,
      [
        experiment.id,
        variant.id,
        new Date(now - 3 * HOUR),
        exposedAt,
        subjects.map((_, i) => `${variant.key}-${i}`),
      ]
    )
    subjects.forEach(({ pre, post, orders }, i) => {
      const subject = `${variant.key}-${i}`
      const row = (name: string, value: number | null, at: number) =>
        rows.push([variant.id, subject, name, value, new Date(at)])
      if (pre) row(event, pre, exposedAt.getTime() - 3 * 24 * HOUR)
      post.forEach((value, k) => row(event, value, exposedAt.getTime() + (k + 1) * 60_000))
      for (let k = 0; k < (orders ?? 0); k++)
        row('order', null, exposedAt.getTime() + (k + 1) * 60_000)
    })
  }
  const column = (index: number) => rows.map((row) => row[index])
  await db.rawQuery(
    `INSERT INTO experiment_events (experiment_id, variant_id, subject_id, event_name, value, occurred_at, received_at)
     SELECT ?, v, s, n, x, o, ? FROM unnest(?::int[], ?::text[], ?::text[], ?::float8[], ?::timestamptz[]) AS t (v, s, n, x, o)`,
    [experiment.id, new Date(now - HOUR), column(0), column(1), column(2), column(3), column(4)]
  )
}
