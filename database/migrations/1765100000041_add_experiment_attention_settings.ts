import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Experiment settings of results' health and alerts: the minimum age before a verdict or an
 * alert (GrowthBook #4786: alerts that fire on the first hour's noise), and the family the
 * multiple-testing correction runs over (per metric across variants, or every comparison of
 * the primary and secondary metrics together). And the subjects seen in another variant
 * than their own (an event sent for it, which tracking refuses), for the results' health.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('experiments', (table) => {
      table.integer('minimum_days').notNullable().defaultTo(0)
      table.string('correction_scope', 12).notNullable().defaultTo('metric')
    })
    this.schema.raw(`
      ALTER TABLE experiments
        ADD CONSTRAINT experiments_minimum_days_check CHECK (minimum_days BETWEEN 0 AND 365),
        ADD CONSTRAINT experiments_correction_scope_check
          CHECK (correction_scope IN ('metric', 'experiment'))
    `)
    this.schema.createTable('experiment_variant_conflicts', (table) => {
      table
        .integer('experiment_id')
        .notNullable()
        .references('id')
        .inTable('experiments')
        .onDelete('CASCADE')
      table.string('subject_id', 128).notNullable()
      // The variant the refused event named (not the subject's own).
      table.integer('variant_id').notNullable()
      table.timestamp('first_seen_at', { useTz: true }).notNullable()
      table.primary(['experiment_id', 'subject_id'])
    })
  }

  async down() {
    this.schema.dropTable('experiment_variant_conflicts')
    this.schema.alterTable('experiments', (table) => {
      table.dropColumn('correction_scope')
      table.dropColumn('minimum_days')
    })
  }
}
