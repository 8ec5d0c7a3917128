import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import { TEST_PASSWORD, UserFactory } from '#database/factories/user_factory'
import { resetDatabase } from '#tests/helpers/database'

test.group('Sign in and out', (group) => {
  group.each.setup(resetDatabase)

  test('the login page is a styled form', async ({ client }) => {
    const response = await client.get('/login')
    response.assertStatus(200)
    response.assertTextIncludes('<h1>Sign in</h1>')
    response.assertTextIncludes("name='_csrf'")
    response.assertTextIncludes('resources/js/app.js') // the Vite bundle (served by Vite in tests)
  })

  test('anonymous visitors are sent to the login page', async ({ client }) => {
    const response = await client.get('/').redirects(0)
    response.assertStatus(302)
    response.assertHeader('location', '/login')
  })

  test('the right password signs in, case-insensitively by email', async ({ client }) => {
    const user = await UserFactory.merge({ email: 'pat@example.com' }).create()
    const response = await client
      .post('/login')
      .form({ email: 'PAT@example.com', password: TEST_PASSWORD })
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(302)
    response.assertHeader('location', '/')
    response.assertSession('auth_web', user.id)
    await user.refresh()
    if (!user.lastLoginAt) throw new Error('last sign-in time not recorded')
  })

  test('a wrong password is refused with a clear message', async ({ client }) => {
    await UserFactory.merge({ email: 'pat@example.com' }).create()
    const response = await client
      .post('/login')
      .form({ email: 'pat@example.com', password: 'not-the-password' })
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(302)
    response.assertHeader('location', '/login')
    response.assertFlashMessage('error', 'Wrong email or password.')
    response.assertSessionMissing('auth_web')
  })

  test('missing fields get field-level messages', async ({ client }) => {
    const response = await client
      .post('/login')
      .form({ email: 'not-an-email', password: '' })
      .withCsrfToken()
      .header('referer', '/login')
      .redirects(0)
    response.assertStatus(302)
    response.assertFlashMessage('inputErrorsBag', {
      email: ['Enter a valid email address'],
      password: ['The password is required'],
    })
  })

  test('a deactivated account cannot sign in', async ({ client }) => {
    await UserFactory.merge({ email: 'gone@example.com', deactivatedAt: DateTime.now() }).create()
    const response = await client
      .post('/login')
      .form({ email: 'gone@example.com', password: TEST_PASSWORD })
      .withCsrfToken()
      .redirects(0)
    response.assertFlashMessage('error', 'This account is deactivated. Ask an admin.')
    response.assertSessionMissing('auth_web')
  })

  test('five failed attempts block further tries, even with the right password', async ({
    client,
  }) => {
    await UserFactory.merge({ email: 'target@example.com' }).create()
    for (let attempt = 0; attempt < 5; attempt++) {
      const response = await client
        .post('/login')
        .form({ email: 'target@example.com', password: `wrong-${attempt}` })
        .withCsrfToken()
        .redirects(0)
      response.assertFlashMessage('error', 'Wrong email or password.')
    }
    const blocked = await client
      .post('/login')
      .form({ email: 'target@example.com', password: TEST_PASSWORD })
      .withCsrfToken()
      .redirects(0)
    blocked.assertSessionMissing('auth_web')
    blocked.assertFlashMessage('error', 'Too many failed sign-ins. Try again in 15 minutes.')
  })

  test('signing out ends the session', async ({ client }) => {
    const user = await UserFactory.create()
    const response = await client.post('/logout').loginAs(user).withCsrfToken().redirects(0)
    response.assertStatus(302)
    response.assertHeader('location', '/login')
    response.assertSessionMissing('auth_web')
  })

  test('a deactivated user loses an open session on the next page', async ({ client }) => {
    const user = await UserFactory.merge({ deactivatedAt: DateTime.now() }).create()
    const response = await client.get('/tickets').loginAs(user).redirects(0)
    response.assertStatus(302)
    response.assertHeader('location', '/login')
  })
})
