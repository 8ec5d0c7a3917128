import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import env from '#start/env'
import { BATCH_CONNECTION, BATCH_IDLE_TIMEOUT_MS } from '#config/database'

test.group('Database limits', () => {
  test('requests are limited; long work on the batch pool is not', async ({ assert }) => {
    const limitOf = async (connection: string) => {
      const { rows } = await db.connection(connection).rawQuery('SHOW statement_timeout')
      return rows[0].statement_timeout
    }
    assert.equal(await limitOf('postgres'), `${env.get('DATABASE_STATEMENT_TIMEOUT')! / 1000}s`)
    assert.equal(await limitOf(BATCH_CONNECTION), '0')
  })

  test('the batch pool keeps its connections from one results-timer round to the next', async ({
    assert,
  }) => {
    // A fold on a new connection pays again for mapping every page it touches (see config).
    const pool = app.config.get<{ idleTimeoutMillis: number }>(
      `database.connections.${BATCH_CONNECTION}.pool`
    )
    assert.equal(pool.idleTimeoutMillis, BATCH_IDLE_TIMEOUT_MS)
    const interval = env.get('RESULTS_RECOMPUTE_INTERVAL') ?? 60
    assert.isAbove(pool.idleTimeoutMillis, 1000 * interval)
    // The other pools close idle connections as before.
    const requests = app.config.get<{ idleTimeoutMillis: number }>(
      'database.connections.postgres.pool'
    )
    assert.equal(requests.idleTimeoutMillis, 30_000)
  })

  test('a connection the client gave up on is not handed to the next query', async ({ assert }) => {
    // The request pool's own settings, on one connection, with a short client timeout.
    const pool = app.config.get<object>('database.connections.postgres.pool')
    const connection = { connectionString: env.get('DATABASE_URL')!, query_timeout: 100 }
    db.manager.add('given_up_probe', { client: 'pg', connection, pool: { ...pool, max: 1 } })
    const probe = db.connection('given_up_probe')
    try {
      const slow = await probe.rawQuery('SELECT pg_sleep(1)').catch((error: Error) => error)
      assert.equal((slow as Error).message, 'SELECT pg_sleep(1) - Query read timeout')
      // Behind the abandoned statement this would wait for it and time out too.
      const { rows } = await probe.rawQuery('SELECT 1 AS ok')
      assert.equal(rows[0].ok, 1)
    } finally {
      await db.manager.close('given_up_probe', true)
    }
  })
})
