import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Metrics as a library: named definitions that experiments pick (and keep a copy of, with
 * the library id). The folded statistics gain what the new kinds need: per subject the
 * pre-exposure covariate (CUPED) and a ratio's denominator; per variant their sums, squares
 * and cross-products. A part's state remembers which metric sources it has folded, so that
 * a new or changed definition rebuilds that experiment's statistics on its next run.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('experiment_metrics', (table) => {
      table.increments('id')
      table.string('key', 64).notNullable().unique()
      table.string('name', 120).notNullable()
      table.text('description').nullable()
      table.jsonb('definition').notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
    })
    this.schema.raw(`ALTER TABLE experiment_subject_metrics
      ALTER COLUMN first_at DROP NOT NULL,
      ADD COLUMN pre_count integer NOT NULL DEFAULT 0,
      ADD COLUMN pre_value double precision NOT NULL DEFAULT 0,
      ADD COLUMN den_count integer NOT NULL DEFAULT 0,
      ADD COLUMN den_value double precision NOT NULL DEFAULT 0`)
    this.schema.raw(`ALTER TABLE experiment_metric_totals
      ADD COLUMN pre_sum double precision NOT NULL DEFAULT 0,
      ADD COLUMN pre_sq double precision NOT NULL DEFAULT 0,
      ADD COLUMN cross_sum double precision NOT NULL DEFAULT 0,
      ADD COLUMN den_sum double precision NOT NULL DEFAULT 0,
      ADD COLUMN den_sq double precision NOT NULL DEFAULT 0,
      ADD COLUMN num_den_sum double precision NOT NULL DEFAULT 0`)
    this.schema.raw(
      `ALTER TABLE experiment_aggregation_state ADD COLUMN sources text[] NOT NULL DEFAULT '{}'`
    )
  }

  async down() {
    this.schema.raw('ALTER TABLE experiment_aggregation_state DROP COLUMN sources')
    this.schema.raw(`ALTER TABLE experiment_metric_totals DROP COLUMN pre_sum, DROP COLUMN pre_sq,
      DROP COLUMN cross_sum, DROP COLUMN den_sum, DROP COLUMN den_sq, DROP COLUMN num_den_sum`)
    this.schema.raw(`DELETE FROM experiment_subject_metrics WHERE first_at IS NULL`)
    this.schema.raw(`ALTER TABLE experiment_subject_metrics ALTER COLUMN first_at SET NOT NULL,
      DROP COLUMN pre_count, DROP COLUMN pre_value, DROP COLUMN den_count, DROP COLUMN den_value`)
    this.schema.dropTable('experiment_metrics')
  }
}
