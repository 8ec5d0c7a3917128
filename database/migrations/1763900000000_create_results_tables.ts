import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Sufficient statistics kept between recomputes (so a recompute folds in only what is
 * new), and the result snapshots that pages and the API read.
 */
export default class extends BaseSchema {
  async up() {
    // Subjects whose exposure has been folded in, with the variant and exposure time.
    this.schema.createTable('experiment_exposed_subjects', (table) => {
      table
        .integer('experiment_id')
        .notNullable()
        .references('id')
        .inTable('experiments')
        .onDelete('CASCADE')
      table.string('subject_id', 128).notNullable()
      table.integer('variant_id').notNullable()
      table.timestamp('exposed_at', { useTz: true }).notNullable()
      table.primary(['experiment_id', 'subject_id'])
    })

    // Per subject and event name: events after exposure, their value sum and first time.
    this.schema.createTable('experiment_subject_metrics', (table) => {
      table
        .integer('experiment_id')
        .notNullable()
        .references('id')
        .inTable('experiments')
        .onDelete('CASCADE')
      table.string('event_name', 100).notNullable()
      table.string('subject_id', 128).notNullable()
      table.integer('variant_id').notNullable()
      table.bigInteger('event_count').notNullable()
      table.double('value_sum').notNullable()
      table.timestamp('first_at', { useTz: true }).notNullable()
      table.primary(['experiment_id', 'event_name', 'subject_id'])
    })

    // How far each experiment's statistics have been folded.
    this.schema.createTable('experiment_aggregation_state', (table) => {
      table
        .integer('experiment_id')
        .primary()
        .references('id')
        .inTable('experiments')
        .onDelete('CASCADE')
      table.bigInteger('event_watermark').notNullable().defaultTo(0)
      table.timestamp('exposure_watermark', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
    })

    // One row per recompute: the analysis of every metric, daily series, and how it was made.
    this.schema.createTable('experiment_results', (table) => {
      table.bigIncrements('id')
      table
        .integer('experiment_id')
        .notNullable()
        .references('id')
        .inTable('experiments')
        .onDelete('CASCADE')
      table.timestamp('computed_at', { useTz: true }).notNullable()
      table.string('computed_by', 40).notNullable()
      table.boolean('full').notNullable().defaultTo(false)
      table.integer('duration_ms').notNullable()
      table.bigInteger('events_folded').notNullable().defaultTo(0)
      table.bigInteger('event_watermark').notNullable()
      table.jsonb('payload').nullable()
      // A failed recompute is recorded too, so the page can say so.
      table.text('error').nullable()
      table.index(['experiment_id', 'computed_at'])
    })

    this.schema.alterTable('experiment_events', (table) => {
      // A newly exposed subject's statistics are computed from its events.
      table.index(['experiment_id', 'subject_id'])
    })
    this.schema.alterTable('experiment_assignments', (table) => {
      // Each recompute reads the exposures since its watermark.
      table.index(['experiment_id', 'first_exposed_at'])
    })
  }

  async down() {
    this.schema.alterTable('experiment_assignments', (table) =>
      table.dropIndex(['experiment_id', 'first_exposed_at'])
    )
    this.schema.alterTable('experiment_events', (table) =>
      table.dropIndex(['experiment_id', 'subject_id'])
    )
    this.schema.dropTable('experiment_results')
    this.schema.dropTable('experiment_aggregation_state')
    this.schema.dropTable('experiment_subject_metrics')
    this.schema.dropTable('experiment_exposed_subjects')
  }
}
