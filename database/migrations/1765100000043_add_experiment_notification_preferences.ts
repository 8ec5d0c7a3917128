import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Admins' experiment notifications: alerts (on by default, off on request) and a digest of
 * the running experiments (off by default, daily or weekly on request); `read_at` marks the
 * notifications a person has seen in the app.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('notification_preferences', (table) => {
      table.boolean('experiment_alerts').notNullable().defaultTo(true)
      table.string('experiment_digest', 10).notNullable().defaultTo('none')
    })
    this.schema.raw(`
      ALTER TABLE notification_preferences
        ADD CONSTRAINT notification_preferences_experiment_digest_check
          CHECK (experiment_digest IN ('none', 'daily', 'weekly'))
    `)
    this.schema.alterTable('notifications', (table) => {
      table.timestamp('read_at', { useTz: true }).nullable()
    })
  }

  async down() {
    this.schema.alterTable('notifications', (table) => {
      table.dropColumn('read_at')
    })
    this.schema.alterTable('notification_preferences', (table) => {
      table.dropColumn('experiment_digest')
      table.dropColumn('experiment_alerts')
    })
  }
}
