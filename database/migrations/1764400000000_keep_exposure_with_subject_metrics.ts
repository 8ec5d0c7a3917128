import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * An incremental fold reads each changed per-subject row once: the row carries its subject's
 * exposure time (to drop events from before it), and is then updated where it lies. Pages
 * keep 30 % free so those updates stay on their page (HOT) instead of adding index entries.
 */
export default class extends BaseSchema {
  async up() {
    // The new column has no value for rows folded before it: start over, so the next
    // recompute rebuilds every experiment's statistics from its events.
    this.schema.raw(
      `TRUNCATE experiment_aggregation_state, experiment_exposed_subjects, experiment_subject_metrics,
                experiment_metric_totals, experiment_daily_counts`
    )
    this.schema.alterTable('experiment_subject_metrics', (table) => {
      table.timestamp('exposed_at', { useTz: true }).notNullable()
    })
    this.schema.raw('ALTER TABLE experiment_subject_metrics SET (fillfactor = 70)')
  }

  async down() {
    this.schema.raw('ALTER TABLE experiment_subject_metrics RESET (fillfactor)')
    this.schema.alterTable('experiment_subject_metrics', (table) => {
      table.dropColumn('exposed_at')
    })
  }
}
