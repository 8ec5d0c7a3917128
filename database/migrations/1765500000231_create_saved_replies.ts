import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Saved replies and macros: a Markdown body with placeholders, and what the macro also
 * sets when the reply is sent (status, priority, assignee, tags to add). An agent's own
 * (`owner_id`), or shared with the team (`owner_id` null; admins manage those).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('saved_replies', (table) => {
      table.increments('id')
      table.integer('owner_id').nullable().references('id').inTable('users').onDelete('CASCADE')
      table.string('title', 80).notNullable()
      table.text('body').notNullable()
      table.string('set_status', 20).nullable()
      table.string('set_priority', 20).nullable()
      // 'me' (the agent sending it), 'none' (unassign) or an agent's id.
      table.string('set_assignee', 20).nullable()
      table.jsonb('add_tags').notNullable().defaultTo('[]')
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.index(['owner_id'])
    })
  }

  async down() {
    this.schema.dropTable('saved_replies')
  }
}
