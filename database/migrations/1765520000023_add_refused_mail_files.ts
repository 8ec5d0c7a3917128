import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The files an inbound mail carried that were not kept (type not allowed, too big, too
 * many), each as "name: reason", on the message the mail became, or on the ticket for the
 * mail that opened it: the agent sees what the customer sent but the desk refused.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('ticket_messages', (table) => {
      table.specificType('refused_files', 'text[]').notNullable().defaultTo('{}')
    })
    this.schema.alterTable('tickets', (table) => {
      table.specificType('refused_files', 'text[]').notNullable().defaultTo('{}')
    })
  }

  async down() {
    this.schema.alterTable('ticket_messages', (table) => table.dropColumn('refused_files'))
    this.schema.alterTable('tickets', (table) => table.dropColumn('refused_files'))
  }
}
