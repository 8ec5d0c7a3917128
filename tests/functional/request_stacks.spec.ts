import { test } from '@japa/runner'
import Ticket from '#models/ticket'
import { UserFactory } from '#database/factories/user_factory'
import { resetDatabase } from '#tests/helpers/database'
import { apiToken } from '#tests/helpers/api'
import { runningExperiment } from '#tests/helpers/experiments'

/** Listed in CORS_ALLOWED_ORIGINS by .env.test. */
const SHOP = 'https://shop.example'

test.group('Request stacks / what each kind of route runs', (group) => {
  group.each.setup(resetDatabase)

  test('health checks set no cookie', async ({ client, assert }) => {
    for (const path of ['/health/live', '/health/ready']) {
      const response = await client.get(path)
      response.assertStatus(200)
      assert.isUndefined(response.header('set-cookie'), path)
    }
  })

  test('a JSON API call with a token sets no cookie', async ({ client, assert }) => {
    const { token } = await apiToken(['evaluate'])
    await runningExperiment()
    const response = await client
      .post('/api/experiments/assignments')
      .bearerToken(token)
      .json({ userContext: { userId: 7 } })
    response.assertStatus(200)
    assert.lengthOf(response.body().data, 1)
    assert.isUndefined(response.header('set-cookie'))
  })

  test('API errors answer JSON: 401 without a token, 422 for invalid input', async ({
    client,
    assert,
  }) => {
    const anonymous = await client
      .post('/api/experiments/assignments')
      .json({ userContext: { userId: 7 } })
    anonymous.assertStatus(401)
    anonymous.assertBodyContains({ error: { code: 'unauthenticated' } })
    assert.isUndefined(anonymous.header('set-cookie'))

    const { token } = await apiToken(['evaluate'])
    const invalid = await client
      .post('/api/experiments/assignments')
      .bearerToken(token)
      .json({ userContext: 'nope' })
    invalid.assertStatus(422)
    invalid.assertBodyContains({ error: { code: 'validation_failed' } })

    const unknown = await client.get('/api/no-such-endpoint')
    unknown.assertStatus(404)
    unknown.assertBodyContains({ error: { code: 'not_found' } })
  })

  test('a page gets its session, its CSRF token and the visitor cookie', async ({
    client,
    assert,
  }) => {
    const response = await client.get('/login')
    response.assertStatus(200)
    assert.exists(response.cookie('hx-session'))
    assert.match(response.cookie('bcn_vid')!.value, /^[0-9a-f-]{36}$/)
    assert.match(response.text(), /<meta name='csrf-token' content='[^']+'>/)
  })

  test('a form POST to a page without the CSRF token is still refused', async ({
    client,
    assert,
  }) => {
    const response = await client
      .post('/help/tickets')
      .form({
        title: 'Cannot export my board',
        description: 'The CSV export spins forever and never downloads anything.',
        priority: 'high',
        email: 'dana@example.com',
      })
      .redirects(0)
    response.assertStatus(302) // Shield flashes and sends the browser back
    assert.lengthOf(await Ticket.all(), 0)
  })

  test('subscribing to a live channel still needs the CSRF token', async ({ client }) => {
    const admin = await UserFactory.apply('admin').create()
    const response = await client
      .post('/__transmit/subscribe')
      .json({ uid: 'no-open-stream', channel: 'admin/users' })
      .loginAs(admin)
      .redirects(0)
    response.assertStatus(302) // refused by Shield, before Transmit answers 400
  })
})

test.group('Request stacks / CORS on the browser endpoints', (group) => {
  group.each.setup(resetDatabase)

  test('a preflight from an allowed origin is answered without a token', async ({
    client,
    assert,
  }) => {
    for (const path of ['/api/experiments/assignments', '/ofrep/v1/evaluate/flags/new-nav']) {
      const response = await client
        .options(path)
        .header('origin', SHOP)
        .header('access-control-request-method', 'POST')
        .header('access-control-request-headers', 'authorization,content-type')
      response.assertStatus(204)
      response.assertHeader('access-control-allow-origin', SHOP)
      response.assertHeader('access-control-allow-methods', 'POST,OPTIONS')
      response.assertHeader(
        'access-control-allow-headers',
        'authorization,content-type,if-none-match'
      )
      response.assertHeader('access-control-max-age', '600')
      assert.isUndefined(response.header('access-control-allow-credentials'), path)
      assert.isUndefined(response.header('set-cookie'), path)
    }
  })

  test('cross-origin calls and their errors carry the CORS headers', async ({ client }) => {
    const { token } = await apiToken(['evaluate'])
    const answered = await client
      .post('/api/experiments/assignments')
      .header('origin', SHOP)
      .bearerToken(token)
      .json({ userContext: { userId: 7 } })
    answered.assertStatus(200)
    answered.assertHeader('access-control-allow-origin', SHOP)
    answered.assertHeader('access-control-expose-headers', 'etag,retry-after')

    const refused = await client
      .post('/api/experiments/track')
      .header('origin', SHOP)
      .json({ event: 'signup' })
    refused.assertStatus(401)
    refused.assertHeader('access-control-allow-origin', SHOP)
  })

  test('other endpoints and other origins get no CORS headers', async ({ client, assert }) => {
    const { token } = await apiToken(['manage'])
    const manage = await client.get('/api/experiments').header('origin', SHOP).bearerToken(token)
    manage.assertStatus(200)
    assert.isUndefined(manage.header('access-control-allow-origin'))

    const stranger = await client
      .options('/api/experiments/assignments')
      .header('origin', 'https://evil.example')
      .header('access-control-request-method', 'POST')
    stranger.assertStatus(204)
    assert.isUndefined(stranger.header('access-control-allow-origin'))

    // Without an Origin it is no preflight: there is no OPTIONS endpoint, as before.
    const plain = await client.options('/api/experiments/assignments')
    plain.assertStatus(404)
    plain.assertBodyContains({ error: { code: 'not_found' } })
  })
})
