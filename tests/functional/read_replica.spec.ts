import { test } from '@japa/runner'
import type pg from 'pg'
import { AppProcess, freePort } from '#tests/helpers/app_process'
import { StreamingPair, streamingReplicaUnavailable } from '#tests/helpers/streaming_replica'

const UNAVAILABLE = streamingReplicaUnavailable()
const DATABASE = 'beacon'

async function until(done: () => Promise<boolean>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error('Timed out waiting')
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

interface ReplicaReport {
  used: boolean
  lagSeconds: number | null
}

async function replicaReport(port: number): Promise<ReplicaReport> {
  const response = await fetch(`http://127.0.0.1:${port}/health/ready`)
  const report = (await response.json()) as {
    checks: { name: string; meta?: { replicas: ReplicaReport[] } }[]
  }
  const check = report.checks.find((c) => c.name === 'Read replicas within REPLICA_MAX_LAG')
  return check!.meta!.replicas[0]
}

/** What the help center's article list counted (a search read, served by a replica). */
async function listedArticles(port: number) {
  const response = await fetch(`http://127.0.0.1:${port}/api/faqs`)
  return Number(response.headers.get('x-total-count'))
}

async function publishArticle(primary: pg.Client, question: string) {
  const { rows } = await primary.query(
    `INSERT INTO faqs (category_id, question, answer, answer_html, answer_text, published, published_at, created_at, updated_at)
     SELECT id, $1, 'Answer.', '<p>Answer.</p>', 'Answer.', true, now(), now(), now() FROM faq_categories LIMIT 1
     RETURNING id`,
    [question]
  )
  return rows[0].id as number
}

/**
 * A real PostgreSQL primary and streaming replica (Debian's PostgreSQL 15, pg_basebackup -R)
 * and two production-mode instances reading from it: one tolerating an hour of lag, one a
 * second (docs/scaling.md#read-replica). The replica's WAL replay is paused to make it lag.
 */
test.group('Read replica / a streaming replica', (group) => {
  let pair: StreamingPair
  let primary: pg.Client
  let replica: pg.Client
  let tolerant: { port: number; server: AppProcess }
  let strict: { port: number; server: AppProcess }

  let stopped = false

  /** Stops what setup started, also when setup failed halfway (once). */
  async function stopAll() {
    if (stopped) return
    stopped = true
    await Promise.all([tolerant?.server.kill(), strict?.server.kill()])
    await Promise.all([primary?.end(), replica?.end()])
    await pair?.stop()
  }

  group.setup(async () => {
    if (UNAVAILABLE) return
    pair = await StreamingPair.start(DATABASE)
    try {
      await startInstances()
    } catch (error) {
      await stopAll()
      throw error
    }
  })
  group.teardown(stopAll)

  async function startInstances() {
    const variables = {
      DATABASE_URL: pair.url(pair.primaryPort, DATABASE),
      DATABASE_REPLICA_URLS: pair.url(pair.replicaPort, DATABASE),
    }
    const migrated = await AppProcess.command(['migration:run', '--force'], variables)
    if (migrated.code !== 0) throw new Error(`migration failed:\n${migrated.output}`)
    const start = async (maxLag: string) => {
      const port = await freePort()
      return {
        port,
        server: await AppProcess.server(port, { ...variables, REPLICA_MAX_LAG: maxLag }),
      }
    }
    tolerant = await start('3600')
    strict = await start('1')
    primary = pair.client(pair.primaryPort, DATABASE)
    replica = pair.client(pair.replicaPort, DATABASE)
    await primary.connect()
    await replica.connect()
  }

  test('search reads the replica and sees only what it replayed; a lagging replica is skipped', async ({
    assert,
  }) => {
    const report = await replicaReport(tolerant.port)
    assert.isTrue(report.used)
    assert.isNumber(report.lagSeconds)

    await primary.query(
      `INSERT INTO faq_categories (name, slug, created_at, updated_at) VALUES ('General', 'general', now(), now())`
    )
    await publishArticle(primary, 'How do I reset my password?')
    await until(async () => (await listedArticles(tolerant.port)) === 1)

    await replica.query('SELECT pg_wal_replay_pause()')
    const fresh = await publishArticle(primary, 'How do I close my account?')

    // Within an hour's tolerance the replica still serves the list, without the new article…
    assert.equal(await listedArticles(tolerant.port), 1)
    const { rows: seen } = await replica.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = $1 AND pid <> pg_backend_pid() AND query LIKE '%FROM faqs f%'`,
      [DATABASE]
    )
    assert.isAbove(seen[0].n, 0, 'the list query ran on the replica')
    // …while reading the article itself (a read of what was just written) asks the primary.
    const show = await fetch(`http://127.0.0.1:${tolerant.port}/api/faqs/${fresh}`)
    assert.equal(show.status, 200)

    // Past one second behind, the strict instance skips the replica and reads the primary.
    await until(async () => {
      const skipped = await replicaReport(strict.port)
      return !skipped.used
    })
    const skipped = await replicaReport(strict.port)
    assert.isAbove(skipped.lagSeconds!, 1)
    assert.equal(await listedArticles(strict.port), 2)

    // Replay resumed: the replica catches up and serves both instances again.
    await replica.query('SELECT pg_wal_replay_resume()')
    await until(async () => (await listedArticles(tolerant.port)) === 2)
    await until(async () => {
      const caughtUp = await replicaReport(strict.port)
      return caughtUp.used
    })
  })
    .skip(!!UNAVAILABLE, UNAVAILABLE ?? '')
    .timeout(90_000)
})
