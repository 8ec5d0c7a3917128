import { BaseSchema } from '@adonisjs/lucid/schema'

/** The normalised form of a logged query: trimmed, lower case, single spaces. */
const NORMALISED = `lower(regexp_replace(btrim(query), '\\s+', ' ', 'g'))`

/**
 * Anonymous help-center searches (no visitor cookie) added a row each: a scripted burst
 * grew faq_searches by a row per request. They become one row per normalised query, day
 * (UTC) and outcome (with or without results), counting its searches; the reports sum the
 * counts, so their numbers stay the same. A visitor's searches keep their own row (the
 * report counts distinct visitors). Existing anonymous rows are folded the same way.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('faq_searches', (table) => {
      table.integer('searches').notNullable().defaultTo(1)
      table.date('search_day').nullable()
    })
    this.schema.raw(
      `CREATE UNIQUE INDEX faq_searches_anonymous_day
         ON faq_searches (search_day, query, (result_count = 0)) WHERE visitor_id IS NULL`
    )
    this.defer(async (db) => {
      await db.rawQuery(
        `WITH old AS (
           DELETE FROM faq_searches WHERE visitor_id IS NULL
           RETURNING query, result_count, category_id, created_at, updated_at
         )
         INSERT INTO faq_searches
           (query, result_count, category_id, visitor_id, searches, search_day, created_at, updated_at)
         SELECT ${NORMALISED}, (array_agg(result_count ORDER BY updated_at DESC))[1],
                (array_agg(category_id ORDER BY updated_at DESC))[1], NULL, count(*),
                (updated_at AT TIME ZONE 'UTC')::date, min(created_at), max(updated_at)
           FROM old
          GROUP BY (updated_at AT TIME ZONE 'UTC')::date, ${NORMALISED}, result_count = 0`
      )
    })
  }

  async down() {
    this.defer(async (db) => {
      await db.rawQuery(
        `INSERT INTO faq_searches (query, result_count, category_id, visitor_id, created_at, updated_at)
         SELECT query, result_count, category_id, NULL, updated_at, updated_at
           FROM faq_searches, generate_series(2, searches)
          WHERE visitor_id IS NULL`
      )
    })
    this.schema.raw('DROP INDEX faq_searches_anonymous_day')
    this.schema.alterTable('faq_searches', (table) => {
      table.dropColumn('search_day')
      table.dropColumn('searches')
    })
  }
}
