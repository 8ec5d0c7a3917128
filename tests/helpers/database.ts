import db from '@adonisjs/lucid/services/db'
import limiter from '@adonisjs/limiter/services/main'
import { forgetCachedCredentials } from '#auth/cached_tokens_user_provider'
import { forgetDefinitions } from '#services/experiments/definitions'
import { forgetPublicResults } from '#services/knowledge/search_cache'
import { forgetGrowthSections } from '#services/growth/cache'
import { flushWriteBehind } from '#services/platform/write_behind'

/**
 * Empties every application table before a test (the schema stays migrated), and the
 * process caches that would otherwise remember rows of the previous test (ids restart).
 * Quieter and faster than testUtils.db().truncate(), which re-runs migrations each time.
 */
export async function resetDatabase() {
  forgetCachedCredentials()
  forgetDefinitions()
  forgetPublicResults()
  forgetGrowthSections()
  await limiter.clear(['memory'])
  // Bookkeeping of the previous test is written now, not into the next test's tables.
  await flushWriteBehind()
  const allTables = await db.connection().getAllTables(['public'])
  const tables = allTables.filter((name) => !name.startsWith('adonis_schema'))
  if (tables.length === 0) return
  await db.rawQuery(
    `TRUNCATE ${tables.map((name) => `"${name}"`).join(', ')} RESTART IDENTITY CASCADE`
  )
}
