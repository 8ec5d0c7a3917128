import { test } from '@japa/runner'
import type { ApiResponse } from '@japa/api-client'
import { resetDatabase } from '#tests/helpers/database'
import { apiToken } from '#tests/helpers/api'
import { defaultCategories } from '#tests/helpers/knowledge'
import { fromClient, statusesOf } from '#tests/helpers/client_address'

/** A refusal says when to come back. */
function assertRetryLater(response: ApiResponse, assert: { isAbove: Function }) {
  response.assertStatus(429)
  assert.isAbove(Number(response.header('retry-after')), 0)
}

test.group('Rate limits per client address', (group) => {
  group.each.setup(async () => {
    await resetDatabase()
    await defaultCategories()
  })

  test('help search and suggestions share 120 requests a minute per address', async ({
    client,
    assert,
  }) => {
    const statuses = await statusesOf(120, () =>
      fromClient(client.get('/help/suggestions').qs({ q: 'pa' }), '203.0.113.5')
    )
    assert.notInclude(statuses, 429)

    const blocked = await fromClient(client.get('/help/search').qs({ q: 'invoice' }), '203.0.113.5')
    assertRetryLater(blocked, assert)
    const page = await fromClient(client.get('/help').qs({ q: 'invoice' }), '203.0.113.5')
    assertRetryLater(page, assert)

    const neighbour = await fromClient(
      client.get('/help/search').qs({ q: 'invoice' }),
      '203.0.113.6'
    )
    neighbour.assertStatus(200)
  })

  test('invite links: 30 a minute per address', async ({ client, assert }) => {
    const statuses = await statusesOf(30, () =>
      fromClient(client.get('/r/no-such-token').redirects(0), '198.51.100.7')
    )
    assert.deepEqual([...new Set(statuses)], [404])
    assertRetryLater(
      await fromClient(client.get('/r/no-such-token').redirects(0), '198.51.100.7'),
      assert
    )
    const other = await fromClient(client.get('/r/no-such-token').redirects(0), '198.51.100.8')
    other.assertStatus(404)
  })

  test('the public FAQ API: 120 a minute per address without a token', async ({
    client,
    assert,
  }) => {
    const statuses = await statusesOf(120, () =>
      fromClient(client.get('/api/faqs/suggestions').qs({ q: 'pa' }), '192.0.2.9')
    )
    assert.deepEqual([...new Set(statuses)], [200])

    const blocked = await fromClient(client.get('/api/faqs'), '192.0.2.9')
    assertRetryLater(blocked, assert)
    blocked.assertBodyContains({ error: { code: 'rate_limited' } })

    const { token } = await apiToken(['support'])
    const withToken = await fromClient(client.get('/api/faqs').bearerToken(token), '192.0.2.9')
    withToken.assertStatus(200)
  })
})
