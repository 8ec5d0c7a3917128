import pg from 'pg'
import env from '#start/env'

/** Any constant: the advisory-lock key of "a test run is using the test database". */
const TEST_RUN_LOCK = 7_240_311

/** Names the lock's connection, so simulated outages (tests/helpers/outage.ts) spare it. */
export const TEST_RUN_LOCK_APPLICATION = 'beacon-test-run-lock'

/**
 * Test runs migrate the test database up at the start and roll it back at the end, so two
 * runs at once (two terminals, an editor's runner) would pull tables from under each other.
 * Each run holds a PostgreSQL advisory lock on its own connection; a second run waits.
 * Returns the cleanup that releases it (Japa runs it at teardown).
 */
export async function lockTestDatabase() {
  const client = new pg.Client({
    connectionString: env.get('DATABASE_URL'),
    application_name: TEST_RUN_LOCK_APPLICATION,
  })
  // Without a listener, a dropped connection would crash the run; the lock just ends with it.
  client.on('error', () => {})
  await client.connect()
  const { rows } = await client.query('SELECT pg_try_advisory_lock($1) AS ok', [TEST_RUN_LOCK])
  if (!rows[0].ok) {
    console.log('Another test run is using the test database; waiting for it to finish…')
    await client.query('SELECT pg_advisory_lock($1)', [TEST_RUN_LOCK])
  }
  return async () => {
    await client.query('SELECT pg_advisory_unlock($1)', [TEST_RUN_LOCK]).catch(() => {})
    await client.end().catch(() => {})
  }
}
