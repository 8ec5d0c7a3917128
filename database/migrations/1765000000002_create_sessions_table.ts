import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Server-side sessions of @adonisjs/session's database store (SESSION_DRIVER=database):
 * the cookie holds only the id. user_id is the store's tag, set at sign-in, so a person's
 * sessions can be found and ended together; deleting the user ends them too.
 */
export default class extends BaseSchema {
  protected tableName = 'sessions'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.string('id', 64).primary()
      table.integer('user_id').nullable().references('users.id').onDelete('CASCADE').index()
      table.text('data').notNullable()
      // The store deletes expired rows now and then (gcProbability) by this column.
      table.timestamp('expires_at', { useTz: true }).notNullable().index()
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
