import { test } from '@japa/runner'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import env from '#start/env'
import { UserFactory } from '#database/factories/user_factory'
import { resetDatabase } from '#tests/helpers/database'
import { waitForBroadcast } from '#tests/helpers/live'
import { createUser } from '#services/accounts/user_service'

const run = promisify(execFile)

test.group('Live updates', (group) => {
  group.each.setup(resetDatabase)

  test('a NOTIFY from another process is rebroadcast on Transmit', async ({ assert }) => {
    // A separate OS process, like an ace command or a worker on another machine.
    const script = `
      const pg = require('pg')
      const client = new pg.Client({ connectionString: process.env.TARGET })
      client.connect()
        .then(() => client.query("SELECT pg_notify('app_live', $1)", [JSON.stringify({ channel: 'admin/users', reason: 'from-another-process' })]))
        .then(() => client.end())
        .catch((e) => { console.error(e); process.exit(1) })`
    const seen = await waitForBroadcast('admin/users', 10_000, () =>
      run(process.execPath, ['-e', script], {
        env: { ...process.env, TARGET: env.get('DATABASE_URL') },
      })
    )
    assert.deepEqual(seen.payload, { reason: 'from-another-process' })
  })

  test('payloads that are not ours are ignored', async ({ assert }) => {
    const { liveRelay } = await import('#services/live')
    const relay = liveRelay({ sharedTransport: false, isLeader: () => true })
    const { default: transmit } = await import('@adonisjs/transmit/services/main')
    const seen: unknown[] = []
    const stop = transmit.on('broadcast', (event) => seen.push(event))
    relay('not json')
    relay(JSON.stringify({ channel: 'bad channel with spaces' }))
    relay(JSON.stringify({ reason: 'no channel' }))
    relay(undefined)
    stop()
    assert.lengthOf(seen, 0)
  })

  test('creating a user tells open user lists to refresh', async ({ assert }) => {
    let created = false
    const seen = await waitForBroadcast('admin/users', 10_000, async () => {
      if (created) return
      created = true
      await createUser({
        fullName: 'Live Lee',
        email: 'lee@example.com',
        role: 'agent',
        password: 'a-long-password',
      })
    })
    assert.equal(seen.payload.reason, 'created')
  })

  test('subscribing to a live channel needs a session', async ({ client, assert }) => {
    const anonymous = await client
      .post('/__transmit/subscribe')
      .json({ uid: 'some-uid', channel: 'admin/users' })
      .withCsrfToken()
      .redirects(0)
    assert.oneOf(anonymous.status(), [302, 401])

    const admin = await UserFactory.apply('admin').create()
    const withoutStream = await client
      .post('/__transmit/subscribe')
      .json({ uid: 'no-open-stream', channel: 'admin/users' })
      .loginAs(admin)
      .withCsrfToken()
      .redirects(0)
    withoutStream.assertStatus(400) // subscriptions attach to an open event stream
  })
})
