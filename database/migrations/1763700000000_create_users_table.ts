import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  protected tableName = 'users'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id').notNullable()
      table.string('full_name', 120).notNullable()
      // Stored lower-cased by the accounts service, so the unique index is case-insensitive.
      table.string('email', 254).notNullable().unique()
      // Null until an invited person sets their own password.
      table.string('password').nullable()
      table.enum('role', ['admin', 'agent']).notNullable()
      table.timestamp('deactivated_at', { useTz: true }).nullable()
      table.timestamp('last_login_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).nullable()
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
