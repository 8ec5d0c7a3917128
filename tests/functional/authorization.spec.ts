import { test } from '@japa/runner'
import { UserFactory } from '#database/factories/user_factory'
import { resetDatabase } from '#tests/helpers/database'

const ADMIN_PAGES = [
  '/admin/users',
  '/admin/users/new',
  '/admin/tokens',
  '/experiments',
  '/dashboard/k-factor',
]
const STAFF_PAGES = ['/tickets', '/knowledge']

test.group('Who may open which page', (group) => {
  group.each.setup(resetDatabase)

  test('anonymous visitors are redirected to the login page from {$self}')
    .with([...ADMIN_PAGES, ...STAFF_PAGES])
    .run(async ({ client }, path) => {
      const response = await client.get(path).redirects(0)
      response.assertStatus(302)
      response.assertHeader('location', '/login')
    })

  test('an agent is refused admin page {$self} with a 403 page')
    .with(ADMIN_PAGES)
    .run(async ({ client }, path) => {
      const agent = await UserFactory.create()
      const response = await client.get(path).loginAs(agent)
      response.assertStatus(403)
      response.assertTextIncludes('Not allowed')
    })

  test('an admin opens {$self}')
    .with([...ADMIN_PAGES, ...STAFF_PAGES])
    .run(async ({ client }, path) => {
      const admin = await UserFactory.apply('admin').create()
      const response = await client.get(path).loginAs(admin)
      response.assertStatus(200)
    })

  test('an agent works in {$self}')
    .with(STAFF_PAGES)
    .run(async ({ client }, path) => {
      const agent = await UserFactory.create()
      const response = await client.get(path).loginAs(agent)
      response.assertStatus(200)
      // Its entry in the navigation is the current page.
      response.assertTextIncludes('aria-current="page"')
    })

  test('the navigation shows an agent only what an agent may use', async ({ client, assert }) => {
    const agent = await UserFactory.create()
    const response = await client.get('/').loginAs(agent)
    response.assertStatus(200)
    const nav = response.text().split('<nav class="nav"')[1].split('</nav>')[0]
    assert.include(nav, 'Inbox')
    assert.include(nav, 'Knowledge base')
    assert.notInclude(nav, 'Experiments')
    assert.notInclude(nav, 'Admin')
  })

  test('an agent cannot change roles through the form endpoint', async ({ client }) => {
    const agent = await UserFactory.create()
    const response = await client
      .put(`/admin/users/${agent.id}/role`)
      .form({ role: 'admin' })
      .loginAs(agent)
      .withCsrfToken()
    response.assertStatus(403)
    await agent.refresh()
    if (agent.role !== 'agent') throw new Error('role changed by an agent')
  })

  test('an htmx request without a session is redirected whole, not swapped', async ({ client }) => {
    const response = await client
      .get('/admin/users/table')
      .header('HX-Request', 'true')
      .redirects(0)
    response.assertStatus(401)
    response.assertHeader('hx-redirect', '/login')
    response.assertTextIncludes('')
  })

  test('unknown pages get the 404 page', async ({ client }) => {
    const response = await client.get('/no/such/page')
    response.assertStatus(404)
    response.assertTextIncludes('Page not found')
  })
})
