import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import env from '#start/env'
import { quickQueryTimeouts } from '#config/database'
import { Leadership } from '#services/platform'

/** Two elections on the test database, as two instances would run them. */
async function candidates(...ids: string[]) {
  const logger = await app.container.make('logger')
  const connection = { connectionString: env.get('DATABASE_URL')!, ...quickQueryTimeouts }
  return ids.map((id) => {
    const running = { count: 0 }
    const candidate = new Leadership(connection, logger, { instanceId: id })
    candidate.whileLeading(() => {
      running.count++
      return () => void running.count--
    })
    return { candidate, running }
  })
}

async function until(done: () => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs
  while (!done()) {
    if (Date.now() > deadline) return false
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return true
}

test.group('Leadership (one instance runs the timers)', () => {
  test('one of two candidates leads; the other takes over within 10 s when its connection drops', async ({
    assert,
    cleanup,
  }) => {
    const [first, second] = await candidates('first', 'second')
    cleanup(async () => {
      await Promise.all([first.candidate.stop(), second.candidate.stop()])
    })
    await first.candidate.start()
    await second.candidate.start()
    assert.isTrue(first.candidate.isLeader)
    assert.isFalse(second.candidate.isLeader)
    assert.deepEqual([first.running.count, second.running.count], [1, 0])

    // The leader's session ends on the server (a lost network, a restarted pooler).
    const droppedAt = Date.now()
    await db.rawQuery(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name LIKE ?`,
      ['% first']
    )
    assert.isTrue(await until(() => second.candidate.isLeader, 10_000))
    assert.isBelow(Date.now() - droppedAt, 10_000)
    // The old leader noticed too: its tasks stopped, and it stays a follower.
    assert.isTrue(await until(() => !first.candidate.isLeader, 5_000))
    assert.deepEqual([first.running.count, second.running.count], [0, 1])
  }).timeout(30_000)

  test('a leader that stops hands over at the next try of a follower', async ({
    assert,
    cleanup,
  }) => {
    const [first, second] = await candidates('first', 'second')
    cleanup(async () => {
      await Promise.all([first.candidate.stop(), second.candidate.stop()])
    })
    await first.candidate.start()
    await second.candidate.start()
    await first.candidate.stop()
    assert.equal(first.running.count, 0)
    assert.isTrue(await until(() => second.candidate.isLeader, 10_000))
    assert.equal(second.running.count, 1)
  }).timeout(30_000)
})
