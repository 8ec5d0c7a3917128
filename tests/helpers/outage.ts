import pg from 'pg'
import env from '#start/env'
import { TEST_RUN_LOCK_APPLICATION } from '#tests/helpers/test_run_lock'

/**
 * A real database outage for tests: the test database stops accepting connections and
 * every open connection to it is terminated, as when PostgreSQL restarts. Needs a
 * role allowed to ALTER DATABASE (the embedded cluster's superuser is).
 */
export async function withDatabaseOutage<T>(during: () => Promise<T>): Promise<T> {
  const url = new URL(env.get('DATABASE_URL')!)
  const database = decodeURIComponent(url.pathname.slice(1))
  url.pathname = '/postgres'
  const admin = new pg.Client({ connectionString: url.toString() })
  await admin.connect()
  const ident = `"${database.replace(/"/g, '""')}"`
  try {
    await admin.query(`ALTER DATABASE ${ident} WITH ALLOW_CONNECTIONS false`)
    // Spare the test run's own lock connection (tests/helpers/test_run_lock.ts).
    await admin.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name <> $2',
      [database, TEST_RUN_LOCK_APPLICATION]
    )
    return await during()
  } finally {
    await admin.query(`ALTER DATABASE ${ident} WITH ALLOW_CONNECTIONS true`)
    await admin.end()
  }
}
