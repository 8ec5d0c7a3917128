import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The daily lift chart of a CUPED conversion metric is adjusted like the results table: per
 * day and variant the daily counts keep Σx and Σx² of the covariate of the subjects exposed
 * that day, and Σxy of those whose first conversion fell that day (cumulated, they are the
 * metric totals up to that day). Statistics folded before this have none, so every part's
 * state forgets its sources: the next recompute of each experiment rebuilds them in full.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`ALTER TABLE experiment_daily_counts
      ADD COLUMN pre_sum double precision NOT NULL DEFAULT 0,
      ADD COLUMN pre_sq double precision NOT NULL DEFAULT 0,
      ADD COLUMN cross_sum double precision NOT NULL DEFAULT 0`)
    this.schema.raw(`UPDATE experiment_aggregation_state SET sources = '{}'`)
  }

  async down() {
    this.schema.raw(`ALTER TABLE experiment_daily_counts
      DROP COLUMN pre_sum, DROP COLUMN pre_sq, DROP COLUMN cross_sum`)
  }
}
