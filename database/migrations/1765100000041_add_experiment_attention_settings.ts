import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Experiment settings of results' health and alerts: the minimum age before a verdict or an
 * alert (GrowthBook #4786: alerts that fire on the first hour's noise), and the family the
 * multiple-testing correction runs over (per metric across variants, or every comparison of
 * the primary and secondary metrics together).
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
  }

  async down() {
    this.schema.alterTable('experiments', (table) => {
      table.dropColumn('correction_scope')
      table.dropColumn('minimum_days')
    })
  }
}
