import { BaseSchema } from '@adonisjs/lucid/schema'
import { QueueSchemaService } from '@adonisjs/queue'

/**
 * Email notifications: what each address wants, every notification as a row (the source
 * of truth for delivery; the queue only carries "deliver row N"), the in-app outbox that
 * the default mail transport writes to, and the queue's own tables.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('notification_preferences', (table) => {
      table.increments('id')
      // Stored lowercased: one row per address however it was typed.
      table.string('email', 254).notNullable().unique()
      table.boolean('email_enabled').notNullable().defaultTo(true)
      table.string('frequency', 10).notNullable().defaultTo('immediate')
      table.string('language', 5).notNullable().defaultTo('en')
      // Agents only: a mail for every new ticket.
      table.boolean('new_ticket_alerts').notNullable().defaultTo(false)
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
    })
    this.schema.raw(`
      ALTER TABLE notification_preferences
        ADD CONSTRAINT notification_preferences_frequency_check
          CHECK (frequency IN ('immediate', 'daily', 'weekly', 'none')),
        ADD CONSTRAINT notification_preferences_email_lowercase CHECK (email = lower(email))
    `)

    this.schema.createTable('notifications', (table) => {
      table.increments('id')
      table.string('recipient', 254).notNullable()
      table.string('audience', 10).notNullable()
      table.string('type', 24).notNullable()
      table.integer('ticket_id').nullable().references('id').inTable('tickets').onDelete('CASCADE')
      // What the templates need (numbers, titles, message excerpts), so the mail can be
      // rendered again at send time in the recipient's language of that moment.
      table.jsonb('data').notNullable().defaultTo('{}')
      table.string('subject', 300).notNullable()
      table.text('body').notNullable()
      table.string('status', 10).notNullable().defaultTo('pending')
      table.integer('attempts').notNullable().defaultTo(0)
      table.text('last_error').nullable()
      // Why a notification was not mailed (preferences, ticket reopened...).
      table.string('skip_reason', 200).nullable()
      table
        .integer('digest_id')
        .nullable()
        .references('id')
        .inTable('notifications')
        .onDelete('SET NULL')
      table.timestamp('send_after', { useTz: true }).notNullable()
      table.timestamp('sent_at', { useTz: true }).nullable()
      table.string('message_id', 300).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.index(['ticket_id', 'id'])
      table.index(['created_at'])
      table.index(['recipient', 'created_at'])
      table.index(['digest_id'])
    })
    this.schema.raw(`
      ALTER TABLE notifications
        ADD CONSTRAINT notifications_status_check
          CHECK (status IN ('pending', 'held', 'sent', 'failed', 'suppressed', 'digested')),
        ADD CONSTRAINT notifications_audience_check CHECK (audience IN ('customer', 'agent'))
    `)
    // The sweeper's work list and the digest's work list stay small whatever the history.
    this.schema.raw(`
      CREATE INDEX notifications_pending_idx ON notifications (send_after) WHERE status = 'pending'
    `)
    this.schema.raw(`
      CREATE INDEX notifications_held_idx ON notifications (recipient, id) WHERE status = 'held'
    `)

    this.schema.createTable('mail_outbox', (table) => {
      table.increments('id')
      table.string('message_id', 300).nullable()
      table.string('from_address', 400).notNullable()
      table.string('to_address', 400).notNullable()
      table.string('subject', 300).notNullable()
      table.text('html').nullable()
      table.text('text').nullable()
      table.jsonb('headers').notNullable().defaultTo('{}')
      // The message exactly as an SMTP server would have received it.
      table.text('raw').notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.index(['created_at'])
    })

    this.defer(async (db) => {
      const queueSchema = new QueueSchemaService(db.getWriteClient())
      await queueSchema.createJobsTable()
      await queueSchema.createSchedulesTable()
    })
  }

  async down() {
    this.defer(async (db) => {
      const queueSchema = new QueueSchemaService(db.getWriteClient())
      await queueSchema.dropSchedulesTable()
      await queueSchema.dropJobsTable()
    })
    this.schema.dropTable('mail_outbox')
    this.schema.dropTable('notifications')
    this.schema.dropTable('notification_preferences')
  }
}
