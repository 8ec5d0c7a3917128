import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Synonyms of the knowledge base: groups of words and phrases that mean the same to the
 * people searching ("log in", "sign in", "login"). Admins keep the list; search,
 * suggestions and the agents' article picker read it.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('faq_synonyms', (table) => {
      table.increments('id')
      // Normalized: lower case, words separated by one space, at least two per group.
      table.specificType('terms', 'text[]').notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
    })
  }

  async down() {
    this.schema.dropTable('faq_synonyms')
  }
}
