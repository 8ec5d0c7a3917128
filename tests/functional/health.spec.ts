import { hostname } from 'node:os'
import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { resetDatabase } from '#tests/helpers/database'
import { apiToken } from '#tests/helpers/api'
import { withDatabaseOutage } from '#tests/helpers/outage'
import { waitForBroadcast } from '#tests/helpers/live'
import { CookieBrowser } from '#tests/helpers/cookie_browser'

test.group('Health and database outages', (group) => {
  group.each.setup(resetDatabase)

  test('liveness answers without touching dependencies', async ({ client }) => {
    const response = await client.get('/health/live')
    response.assertStatus(200)
    response.assertBody({ status: 'ok' })
  })

  test('every answer carries a request id: a new one each time, or the one sent', async ({
    client,
    assert,
  }) => {
    const ids = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const response = await client.get('/health/live')
        return response.header('x-request-id')
      })
    )
    assert.lengthOf(new Set(ids), 20)
    for (const id of ids) assert.match(id ?? '', /^[\w-]{12}-[0-9a-z]+$/)
    const sent = await client.get('/health/live').header('X-Request-Id', 'from-the-proxy-1')
    sent.assertHeader('x-request-id', 'from-the-proxy-1')
  })

  test('readiness checks the database and names the instance', async ({ client }) => {
    const response = await client.get('/health/ready')
    response.assertStatus(200)
    // The test process runs no election (web instances do: scale_out.spec.ts).
    response.assertBodyContains({
      isHealthy: true,
      instanceId: `${hostname()}:${process.pid}`,
      leader: false,
    })
  })

  test('with the database down: readiness 503, pages 503, API JSON 503; then recovery by itself', async ({
    client,
    assert,
  }) => {
    const { admin, token } = await apiToken(['track'])
    // Signed in before the outage: the session itself is kept in the database.
    const browser = new CookieBrowser()
    await browser.signIn(admin.email)

    await withDatabaseOutage(async () => {
      const ready = await client.get('/health/ready')
      ready.assertStatus(503)
      ready.assertBodyContains({ isHealthy: false })

      const page = await browser.get('/admin/users')
      assert.equal(page.status, 503)
      assert.include(page.text, 'Temporarily unavailable')

      const api = await client.get('/api/me').bearerToken(token)
      api.assertStatus(503)
      api.assertBodyContains({ error: { code: 'database_unavailable' } })
    })

    const ready = await client.get('/health/ready')
    ready.assertStatus(200)
    const page = await browser.get('/admin/users')
    assert.equal(page.status, 200, 'the session outlives the outage')

    // Live updates reconnect too (the listener backs off and retries).
    const seen = await waitForBroadcast('admin/users', 15_000, () =>
      db.rawQuery(`SELECT pg_notify('app_live', '{"channel":"admin/users","reason":"probe"}')`)
    )
    assert.equal(seen.payload.reason, 'probe')
  })
})
