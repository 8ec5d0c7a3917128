import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The Pitchey document's planned start and end dates of an experiment (what was agreed,
 * shown beside the actual started_at/ended_at), and a description per variant.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('experiments', (table) => {
      table.timestamp('start_date', { useTz: true }).nullable()
      table.timestamp('end_date', { useTz: true }).nullable()
    })
    this.schema.alterTable('experiment_variants', (table) => {
      table.text('description').nullable()
    })
  }

  async down() {
    this.schema.alterTable('experiments', (table) => {
      table.dropColumn('start_date')
      table.dropColumn('end_date')
    })
    this.schema.alterTable('experiment_variants', (table) => {
      table.dropColumn('description')
    })
  }
}
