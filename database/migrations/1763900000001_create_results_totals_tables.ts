import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Per-variant totals and daily counts, maintained by the same deltas that update the
 * per-subject statistics, so reading results costs the size of the answer, not of the data.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('experiment_metric_totals', (table) => {
      table
        .integer('experiment_id')
        .notNullable()
        .references('id')
        .inTable('experiments')
        .onDelete('CASCADE')
      table.string('event_name', 100).notNullable()
      table.integer('variant_id').notNullable()
      table.bigInteger('converters').notNullable()
      table.double('count_sum').notNullable()
      table.double('count_sq').notNullable()
      table.double('value_sum').notNullable()
      table.double('value_sq').notNullable()
      table.primary(['experiment_id', 'event_name', 'variant_id'])
    })
    this.schema.createTable('experiment_daily_counts', (table) => {
      table
        .integer('experiment_id')
        .notNullable()
        .references('id')
        .inTable('experiments')
        .onDelete('CASCADE')
      // '' for exposures; otherwise the event name (subjects whose first such event fell that day).
      table.string('event_name', 100).notNullable()
      table.date('day').notNullable()
      table.integer('variant_id').notNullable()
      table.bigInteger('n').notNullable()
      table.primary(['experiment_id', 'event_name', 'day', 'variant_id'])
    })
    // Statistics folded before these tables existed have no totals: start over, so the
    // next recompute rebuilds everything from the events.
    this.schema.raw(
      'TRUNCATE experiment_aggregation_state, experiment_exposed_subjects, experiment_subject_metrics'
    )
  }

  async down() {
    this.schema.dropTable('experiment_daily_counts')
    this.schema.dropTable('experiment_metric_totals')
  }
}
