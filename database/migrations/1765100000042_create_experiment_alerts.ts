import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * What the results of an experiment last said about each alert condition (a significant
 * result, SRM, a harmed guardrail), so that an alert is raised once when the condition
 * appears, not again at every recompute while it holds, and again only after it went away.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('experiment_alerts', (table) => {
      table
        .integer('experiment_id')
        .notNullable()
        .references('id')
        .inTable('experiments')
        .onDelete('CASCADE')
      // e.g. "srm", "significant:signup:treatment", "guardrail:refund:treatment".
      table.string('condition', 240).notNullable()
      table.boolean('active').notNullable()
      table.text('message').notNullable()
      table.timestamp('raised_at', { useTz: true }).notNullable()
      table.timestamp('cleared_at', { useTz: true }).nullable()
      table.primary(['experiment_id', 'condition'])
    })
  }

  async down() {
    this.schema.dropTable('experiment_alerts')
  }
}
