import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The seed's `sms_notifications` preference: stored now, honoured once an SMS channel
 * exists (nothing sends SMS yet). Off by default.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('notification_preferences', (table) => {
      table.boolean('sms_enabled').notNullable().defaultTo(false)
    })
  }

  async down() {
    this.schema.alterTable('notification_preferences', (table) => {
      table.dropColumn('sms_enabled')
    })
  }
}
