import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * IMAP mailboxes the email channel fetches from. The password is kept encrypted with the
 * app key (never shown again). `uid_validity` and `last_uid` are where a fetch resumes
 * after a restart; `last_error` is what the mailbox's settings page shows when the server
 * is down or refuses the login (cleared by the next fetch that works).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('support_mailboxes', (table) => {
      table.increments('id')
      table.string('name', 80).notNullable().unique()
      table.string('host', 253).notNullable()
      table.integer('port').notNullable()
      table.boolean('tls').notNullable().defaultTo(true)
      table.string('username', 254).notNullable()
      table.text('password_encrypted').notNullable()
      table.string('folder', 200).notNullable().defaultTo('INBOX')
      // 'move' to move_to (created when missing), or 'flag' (\Seen and the $BeaconFetched keyword)
      table.string('after_fetch', 4).notNullable().defaultTo('move')
      table.string('move_to', 200).notNullable().defaultTo('Processed')
      table.boolean('enabled').notNullable().defaultTo(true)
      table.bigInteger('uid_validity').nullable()
      table.bigInteger('last_uid').notNullable().defaultTo(0)
      table.integer('fetched_count').notNullable().defaultTo(0)
      table.text('last_error').nullable()
      table.timestamp('last_error_at', { useTz: true }).nullable()
      table.timestamp('last_fetched_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
    })
    this.schema.raw(`
      ALTER TABLE support_mailboxes ADD CONSTRAINT support_mailboxes_after_fetch_check
        CHECK (after_fetch IN ('move', 'flag'))
    `)
  }

  async down() {
    this.schema.dropTable('support_mailboxes')
  }
}
