import env from '#start/env'
import { defineConfig } from '@adonisjs/lucid'

/**
 * One PostgreSQL connection. DATABASE_URL is always set by the time this file loads:
 * either by the operator, or by start/env.ts pointing it at the embedded cluster.
 */
const dbConfig = defineConfig({
  connection: 'postgres',
  prettyPrintDebugQueries: true,
  connections: {
    postgres: {
      client: 'pg',
      connection: env.get('DATABASE_URL')!,
      pool: { min: 0, max: env.get('DATABASE_POOL_MAX') ?? 10 },
      migrations: {
        naturalSort: true,
        paths: ['database/migrations'],
      },
      seeders: {
        paths: ['database/seeders'],
      },
      schemaGeneration: {
        enabled: true,
        rulesPaths: ['./database/schema_rules.js'],
      },
      debug: false,
    },
  },
})

export default dbConfig
