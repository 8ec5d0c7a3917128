import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The knowledge base: categories, FAQs with a weighted full-text vector (question above
 * answer) and a trigram index for typo-tolerant fallback, visitor votes, and the log of
 * public searches behind the content-gap report.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw('CREATE EXTENSION IF NOT EXISTS pg_trgm')

    this.schema.createTable('faq_categories', (table) => {
      table.increments('id')
      table.string('name', 60).notNullable()
      table.string('slug', 60).notNullable().unique()
      table.string('description', 300).nullable()
      table.integer('position').notNullable().defaultTo(0)
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
    })

    this.schema.createTable('faqs', (table) => {
      table.increments('id')
      table
        .integer('category_id')
        .notNullable()
        .references('id')
        .inTable('faq_categories')
        .onDelete('RESTRICT')
      table.string('question', 250).notNullable()
      // Markdown as written; the sanitized HTML and plain text are derived on save.
      table.text('answer').notNullable()
      table.text('answer_html').notNullable()
      table.text('answer_text').notNullable()
      table.boolean('published').notNullable().defaultTo(false)
      table.timestamp('published_at', { useTz: true }).nullable()
      table.integer('position').notNullable().defaultTo(0)
      table.integer('views').notNullable().defaultTo(0)
      // Articles like this one, worked out when it is saved or first read (null: not yet).
      table.specificType('related_ids', 'integer[]').nullable()
      table.integer('helpful_count').notNullable().defaultTo(0)
      table.integer('not_helpful_count').notNullable().defaultTo(0)
      table.integer('created_by').nullable().references('id').inTable('users').onDelete('SET NULL')
      table.integer('updated_by').nullable().references('id').inTable('users').onDelete('SET NULL')
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.index(['category_id', 'published', 'position'])
      table.index(['published', 'views'])
    })
    this.schema.raw(`
      ALTER TABLE faqs ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', question), 'A') ||
        setweight(to_tsvector('english', answer_text), 'B')
      ) STORED
    `)
    this.schema.raw('CREATE INDEX faqs_search_vector_idx ON faqs USING gin (search_vector)')
    this.schema.raw('CREATE INDEX faqs_question_trgm_idx ON faqs USING gin (question gin_trgm_ops)')

    this.schema.createTable('faq_votes', (table) => {
      table.integer('faq_id').notNullable().references('id').inTable('faqs').onDelete('CASCADE')
      table.string('visitor_id', 64).notNullable()
      table.boolean('helpful').notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.primary(['faq_id', 'visitor_id'])
    })

    this.schema.createTable('faq_searches', (table) => {
      table.bigIncrements('id')
      table.string('query', 200).notNullable()
      table.integer('result_count').notNullable()
      table
        .integer('category_id')
        .nullable()
        .references('id')
        .inTable('faq_categories')
        .onDelete('SET NULL')
      table.string('visitor_id', 64).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.index(['created_at'])
      table.index(['visitor_id', 'updated_at'])
    })
  }

  async down() {
    this.schema.dropTable('faq_searches')
    this.schema.dropTable('faq_votes')
    this.schema.dropTable('faqs')
    this.schema.dropTable('faq_categories')
  }
}
