import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Idempotency keys of ticket creation (support domain). A client that retries after a
 * timeout sends the same key and gets the first answer back instead of a second ticket.
 * The row is inserted first, in the ticket's own transaction, so a concurrent retry waits
 * on the primary key and then replays. `scope` is whose key it is (an API token's owner,
 * or the browser session of the public form); `fingerprint` is a hash of the request.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('ticket_idempotency_keys', (table) => {
      table.string('scope', 80).notNullable()
      table.string('key', 255).notNullable()
      table.string('fingerprint', 64).notNullable()
      // Filled in the same transaction as the insert: no other transaction sees them null.
      table.integer('ticket_id').nullable().references('id').inTable('tickets').onDelete('CASCADE')
      table.smallint('response_status').nullable()
      table.jsonb('response_body').nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('expires_at', { useTz: true }).notNullable()
      table.primary(['scope', 'key'])
      table.index(['expires_at'])
    })
  }

  async down() {
    this.schema.dropTable('ticket_idempotency_keys')
  }
}
