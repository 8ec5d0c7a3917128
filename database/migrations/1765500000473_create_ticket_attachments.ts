import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Files on a ticket: sent with the opening request (no message) or with a message (a
 * reply, a note, a customer's answer, an email and its inline images). The file itself
 * lives on the drive under a random key; the row says what it is.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('ticket_attachments', (table) => {
      table.increments('id')
      table
        .integer('ticket_id')
        .notNullable()
        .references('id')
        .inTable('tickets')
        .onDelete('CASCADE')
      table
        .integer('message_id')
        .nullable()
        .references('id')
        .inTable('ticket_messages')
        .onDelete('CASCADE')
      table.string('filename', 255).notNullable()
      table.string('content_type', 255).notNullable()
      table.integer('size').notNullable()
      table.string('storage_key', 255).notNullable().unique()
      table.boolean('inline').notNullable().defaultTo(false)
      table.string('content_id', 255).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.index(['ticket_id'])
      table.index(['message_id'])
    })
  }

  async down() {
    this.schema.dropTable('ticket_attachments')
  }
}
