import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The email channel, inbound side. `inbound_emails` remembers every Message-ID taken in
 * (its unique key is what stops a repeat from becoming a second message) and which ticket
 * and message it became; `inbound_quarantine` keeps the raw message that could not be
 * processed, with the reason, until an admin retries or deletes it. Tickets may follow a
 * closed one (a reply to a closed ticket starts a new ticket linked to it), and messages
 * record that they came by email so that quoted history is folded on display. An HTML mail
 * keeps its sanitised HTML beside the text.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('inbound_emails', (table) => {
      table.increments('id')
      table.string('message_id', 998).notNullable().unique()
      table.string('outcome', 12).notNullable()
      table.integer('ticket_id').nullable().references('id').inTable('tickets').onDelete('CASCADE')
      table
        .integer('ticket_message_id')
        .nullable()
        .references('id')
        .inTable('ticket_messages')
        .onDelete('SET NULL')
      table.string('sender', 254).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.index(['ticket_id'])
    })
    this.schema.raw(`
      ALTER TABLE inbound_emails ADD CONSTRAINT inbound_emails_outcome_check
        CHECK (outcome IN ('created', 'threaded', 'ignored'))
    `)

    this.schema.createTable('inbound_quarantine', (table) => {
      table.increments('id')
      table.binary('raw').notNullable()
      table.integer('size').notNullable()
      table.text('reason').notNullable()
      table.string('origin', 8).notNullable()
      table.integer('mailbox_id').nullable()
      table.string('message_id', 998).nullable()
      table.string('sender', 254).nullable()
      table.string('subject', 300).nullable()
      table.integer('attempts').notNullable().defaultTo(1)
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
    })

    this.schema.alterTable('tickets', (table) => {
      // The sanitised HTML of a ticket opened by an HTML mail (its text is the description).
      table.text('description_html').nullable()
      table
        .integer('follows_ticket_id')
        .nullable()
        .references('id')
        .inTable('tickets')
        .onDelete('SET NULL')
    })
    this.schema.alterTable('ticket_messages', (table) => {
      table.boolean('via_email').notNullable().defaultTo(false)
      table.text('html_body').nullable()
    })
  }

  async down() {
    this.schema.alterTable('ticket_messages', (table) => {
      table.dropColumn('via_email')
      table.dropColumn('html_body')
    })
    this.schema.alterTable('tickets', (table) => {
      table.dropColumn('follows_ticket_id')
      table.dropColumn('description_html')
    })
    this.schema.dropTable('inbound_quarantine')
    this.schema.dropTable('inbound_emails')
  }
}
