import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Saved inbox views: a name and the inbox's view, filters, search and sort.
 * An agent's own views, or shared with everyone (admins share).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('inbox_saved_views', (table) => {
      table.increments('id')
      table.integer('owner_id').notNullable().references('id').inTable('users').onDelete('CASCADE')
      table.string('name', 60).notNullable()
      table.jsonb('filters').notNullable()
      table.boolean('shared').notNullable().defaultTo(false)
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.index(['owner_id'])
    })
  }

  async down() {
    this.schema.dropTable('inbox_saved_views')
  }
}
