import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * A template carries the rest of the analysis an experiment repeats: over what the
 * multiple-testing correction runs and the minimum days before verdicts and alerts.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('experiment_templates', (table) => {
      table.enum('correction_scope', ['metric', 'experiment']).notNullable().defaultTo('metric')
      table.integer('minimum_days').notNullable().defaultTo(0)
    })
  }

  async down() {
    this.schema.alterTable('experiment_templates', (table) => {
      table.dropColumns('correction_scope', 'minimum_days')
    })
  }
}
