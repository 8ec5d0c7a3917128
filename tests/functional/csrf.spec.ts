import { test } from '@japa/runner'
import { UserFactory } from '#database/factories/user_factory'
import { resetDatabase } from '#tests/helpers/database'
import User from '#models/user'

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
