import net from 'node:net'
import pg from 'pg'
import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import env from '#start/env'
import { isDatabaseUnavailable } from '#services/platform/database_errors'
import { startFreezableProxy } from '#tests/helpers/freezable_proxy'

const url = () => env.get('DATABASE_URL')!

/** The error `work` fails with (the test fails if it succeeds). */
async function failureOf(work: () => Promise<unknown>): Promise<Error> {
  try {
    await work()
  } catch (error) {
    return error as Error
  }
  throw new Error('expected a failure')
}

/** A connected client whose stray errors (a terminated backend) do not crash the run. */
async function client(config: pg.ClientConfig = {}) {
  const connection = new pg.Client({ connectionString: url(), ...config })
  connection.on('error', () => {})
  await connection.connect()
  return connection
}

async function terminate(pid: number) {
  const admin = await client()
  await admin.query('SELECT pg_terminate_backend($1)', [pid])
  await admin.end()
}

/** Another connection (Lucid pool) to the test database, with settings of its own. */
function probeConnection(name: string, pool: { max: number; acquireTimeoutMillis: number }) {
  db.manager.add(name, {
    client: 'pg',
    connection: { connectionString: url() },
    pool: { min: 0, ...pool },
  })
  return db.connection(name)
}

test.group('Database errors that mean "unavailable" (503), from a real PostgreSQL', () => {
  test('statement_timeout cancels a statement (57014)', async ({ assert }) => {
    const connection = await client({ statement_timeout: 50 })
    const error = await failureOf(() => connection.query('SELECT pg_sleep(1)'))
    await connection.end()
    assert.equal((error as Error & { code: string }).code, '57014')
    assert.isTrue(isDatabaseUnavailable(error))
  })

  test('the server does not answer within query_timeout', async ({ assert }) => {
    const connection = await client({ query_timeout: 50 })
    const error = await failureOf(() => connection.query('SELECT pg_sleep(0.3)'))
    await connection.end()
    assert.equal(error.message, 'Query read timeout')
    assert.isTrue(isDatabaseUnavailable(error))
  })

  test('a terminated backend (57P01), and its client afterwards', async ({ assert }) => {
    const connection = await client()
    const { rows } = await connection.query('SELECT pg_backend_pid() AS pid')
    const during = failureOf(() => connection.query('SELECT pg_sleep(5)'))
    await terminate(rows[0].pid)
    const killed = await during
    const after = await failureOf(() => connection.query('SELECT 1'))
    assert.equal((killed as Error & { code: string }).code, '57P01')
    assert.isTrue(isDatabaseUnavailable(killed))
    assert.match(after.message, /not queryable|Connection terminated/)
    assert.isTrue(isDatabaseUnavailable(after))
  })

  test('nothing listens (ECONNREFUSED)', async ({ assert }) => {
    const server = net.createServer()
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as net.AddressInfo
    await new Promise<void>((resolve) => server.close(() => resolve()))
    const error = await failureOf(() =>
      new pg.Client({ host: '127.0.0.1', port, connectionTimeoutMillis: 1000 }).connect()
    )
    assert.isTrue(isDatabaseUnavailable(error))
  })

  test('a stopped server does not complete the connection in time', async ({ assert }) => {
    const database = new URL(url())
    const proxy = await startFreezableProxy({ host: database.hostname, port: +database.port })
    proxy.freeze()
    const frozen = new pg.Client({
      connectionString: proxy.urlThrough(url()),
      connectionTimeoutMillis: 100,
    })
    const error = await failureOf(() => frozen.connect())
    await proxy.close()
    assert.isTrue(isDatabaseUnavailable(error))
  })

  test('the pool has no connection to give in time (KnexTimeoutError)', async ({ assert }) => {
    const probe = probeConnection('acquire_probe', { max: 1, acquireTimeoutMillis: 100 })
    const trx = await probe.transaction()
    try {
      const error = await failureOf(() => probe.rawQuery('SELECT 1'))
      assert.equal(error.name, 'KnexTimeoutError')
      assert.isTrue(isDatabaseUnavailable(error))
    } finally {
      await trx.rollback()
      await db.manager.close('acquire_probe', true)
    }
  })

  test('a transaction whose connection died, and a statement after it ended', async ({
    assert,
  }) => {
    const probe = probeConnection('transaction_probe', { max: 1, acquireTimeoutMillis: 1000 })
    let late: Promise<unknown> = Promise.resolve()
    try {
      const notify = await failureOf(() =>
        probe.transaction(async (trx) => {
          const { rows } = await trx.rawQuery('SELECT pg_backend_pid() AS pid')
          await terminate(rows[0].pid)
          // Work still under way in the transaction when it fails (as in Promise.all).
          late = new Promise((resolve) => setTimeout(resolve, 50)).then(() =>
            trx.rawQuery('SELECT 1')
          )
          await trx.rawQuery(`SELECT pg_notify('app_live', 'x')`)
        })
      )
      const after = await failureOf(() => late)
      assert.isTrue(isDatabaseUnavailable(notify), notify.message)
      assert.match(after.message, /Transaction query already complete/)
      assert.isTrue(isDatabaseUnavailable(after), after.message)
    } finally {
      await db.manager.close('transaction_probe', true)
    }
  })

  test('a bad query or a broken rule is not an outage', async ({ assert }) => {
    const syntax = await failureOf(() => db.rawQuery('SELEC 1'))
    const constraint = await failureOf(() => db.rawQuery('SELECT 1 / 0'))
    assert.isFalse(isDatabaseUnavailable(syntax))
    assert.isFalse(isDatabaseUnavailable(constraint))
    assert.isFalse(isDatabaseUnavailable(new Error('boom')))
  })
})
