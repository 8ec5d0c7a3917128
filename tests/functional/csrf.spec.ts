import { test } from '@japa/runner'
import { UserFactory } from '#database/factories/user_factory'
import { resetDatabase } from '#tests/helpers/database'
import User from '#models/user'
import { appRoutes, fillPattern, runsSessionStack } from '#tests/helpers/routes'

test.group('CSRF protection', (group) => {
  group.each.setup(resetDatabase)

  test('a form post without the token is refused and changes nothing', async ({
    client,
    assert,
  }) => {
    const admin = await UserFactory.apply('admin').create()
    const response = await client
      .post('/admin/users')
      .form({ fullName: 'Mallory', email: 'mallory@example.com', role: 'admin' })
      .loginAs(admin)
      .redirects(0)
    response.assertStatus(302) // Shield flashes and sends the browser back
    assert.isNull(await User.findBy('email', 'mallory@example.com'))
  })

  test('the same form post with the token goes through', async ({ client, assert }) => {
    const admin = await UserFactory.apply('admin').create()
    const response = await client
      .post('/admin/users')
      .form({ fullName: 'Mallory', email: 'mallory@example.com', role: 'agent' })
      .loginAs(admin)
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(302)
    response.assertHeader('location', '/admin/users')
    assert.isNotNull(await User.findBy('email', 'mallory@example.com'))
  })

  test('an htmx request with a stale token reloads the page instead of swapping it', async ({
    client,
    assert,
  }) => {
    const admin = await UserFactory.apply('admin').create()
    const agent = await UserFactory.create()
    const response = await client
      .post(`/admin/users/${agent.id}/deactivate`)
      .header('HX-Request', 'true')
      .header('x-csrf-token', 'stale-token')
      .loginAs(admin)
      .redirects(0)
    response.assertStatus(403)
    response.assertHeader('hx-refresh', 'true')
    assert.equal(response.text(), '')
    await agent.refresh()
    assert.isTrue(agent.isActive)
  })

  test('the JSON API is exempt: it authenticates with bearer tokens, not cookies', async ({
    client,
  }) => {
    const response = await client.get('/api/me').header('accept', 'application/json')
    response.assertStatus(401)
    response.assertBodyContains({ error: { code: 'unauthenticated' } })
  })
})

test.group('CSRF protection on every state-changing page route', (group) => {
  group.setup(resetDatabase)
  group.teardown(resetDatabase)

  /** Mail providers POST RFC 8058 one-click unsubscribes without a session or token. */
  const EXEMPT = new Set(['POST /preferences/:token/unsubscribe'])

  test('a write without the token is refused before its handler runs', async ({
    client,
    assert,
  }) => {
    const admin = await UserFactory.apply('admin').create()
    const writes = appRoutes().filter(
      (route) =>
        runsSessionStack(route) &&
        !['GET', 'OPTIONS'].includes(route.method) &&
        !EXEMPT.has(`${route.method} ${route.pattern}`)
    )
    assert.isAbove(writes.length, 40)
    const unguarded: string[] = []
    for (const route of writes) {
      const action = route.pattern.startsWith('/knowledge') ? 'publish' : 'start'
      const url = fillPattern(route.pattern, (name) => (name === 'action' ? action : '1'))
      const response = await client
        .request(url, route.method)
        .header('HX-Request', 'true')
        .form({ fullName: 'Mallory' })
        .loginAs(admin)
        .redirects(0)
      // The stale-page answer of a refused CSRF token (app/exceptions/handler.ts).
      if (response.status() !== 403 || response.header('hx-refresh') !== 'true') {
        unguarded.push(`${route.method} ${route.pattern} → ${response.status()}`)
      }
    }
    console.log(`  csrf: ${writes.length} state-changing page routes checked`)
    assert.deepEqual(unguarded, [], unguarded.join('\n'))
  })
})
