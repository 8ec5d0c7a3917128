import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import User from '#models/user'
import { TEST_PASSWORD, UserFactory } from '#database/factories/user_factory'
import { resetDatabase } from '#tests/helpers/database'
import { smtpForTest } from '#tests/helpers/smtp'

/** Text as it appears in an HTML attribute or body (`&` escaped). */
const html = (text: string) => text.replaceAll('&', '&amp;')

test.group('Admin / users', (group) => {
  group.each.setup(resetDatabase)

  test('the list shows every user with role and status', async ({ client }) => {
    const admin = await UserFactory.apply('admin').merge({ fullName: 'Ada Admin' }).create()
    await UserFactory.merge({ fullName: 'Sam <script>alert(1)</script>' }).create()
    await UserFactory.merge({ fullName: 'Old Timer', deactivatedAt: DateTime.now() }).create()
    const response = await client.get('/admin/users').loginAs(admin)
    response.assertStatus(200)
    response.assertTextIncludes('Ada Admin')
    response.assertTextIncludes('Sam &lt;script&gt;alert(1)&lt;/script&gt;')
    response.assertTextIncludes('Deactivated')
  })

  test('the table partial filters by search, role and status', async ({ client, assert }) => {
    const admin = await UserFactory.apply('admin').merge({ fullName: 'Ada Admin' }).create()
    await UserFactory.merge({ fullName: 'Sam Agent', email: 'sam@example.com' }).create()
    await UserFactory.merge({ fullName: 'Invited Ivy', password: null }).create()
    const bySearch = await client.get('/admin/users/table').qs({ search: 'SAM@' }).loginAs(admin)
    assert.include(bySearch.text(), 'Sam Agent')
    assert.notInclude(bySearch.text(), 'Ada Admin')
    assert.notInclude(bySearch.text(), '<html') // a fragment, not a page

    const byRole = await client.get('/admin/users/table').qs({ role: 'admin' }).loginAs(admin)
    assert.include(byRole.text(), 'Ada Admin')
    assert.notInclude(byRole.text(), 'Sam Agent')

    const invited = await client.get('/admin/users/table').qs({ status: 'invited' }).loginAs(admin)
    assert.include(invited.text(), 'Invited Ivy')
    assert.notInclude(invited.text(), 'Sam Agent')

    const none = await client
      .get('/admin/users/table')
      .qs({ search: 'nobody-like-this' })
      .loginAs(admin)
    assert.include(none.text(), 'No users match')
  })

  test('creating a user with a password lets them sign in', async ({ client, assert }) => {
    const admin = await UserFactory.apply('admin').create()
    const response = await client
      .post('/admin/users')
      .form({
        fullName: 'New Agent',
        email: 'New.Agent@Example.com',
        role: 'agent',
        password: 'a-good-password',
      })
      .loginAs(admin)
      .withCsrfToken()
      .redirects(0)
    response.assertFlashMessage('success', 'New Agent can now sign in as agent.')
    const user = await User.findByOrFail('email', 'new.agent@example.com')
    assert.equal(user.role, 'agent')
    assert.notEqual(user.password, 'a-good-password') // hashed
  })

  test('invalid input is refused with field messages', async ({ client }) => {
    const admin = await UserFactory.apply('admin').create()
    await UserFactory.merge({ email: 'taken@example.com' }).create()
    const response = await client
      .post('/admin/users')
      .form({ fullName: 'X', email: 'TAKEN@example.com', role: 'owner', password: 'short' })
      .loginAs(admin)
      .withCsrfToken()
      .header('referer', '/admin/users/new')
      .redirects(0)
    response.assertHeader('location', '/admin/users/new')
    response.assertFlashMessage('inputErrorsBag', {
      fullName: ['The full name must have at least 2 characters'],
      email: ['This email is already taken'],
      role: ['The role must be one of: admin,agent'],
      password: ['The password must have at least 10 characters'],
    })
  })

  test('an invitation link lets the person set a password once', async ({ client, assert }) => {
    const admin = await UserFactory.apply('admin').create()
    const created = await client
      .post('/admin/users')
      .form({ fullName: 'Ivy Invitee', email: 'ivy@example.com', role: 'agent' })
      .loginAs(admin)
      .withCsrfToken()
      .redirects(0)
    const invitation = created.flashMessages().invitation as { url: string }
    assert.match(invitation.url, /^http:\/\/localhost:\d+\/invitations\/\d+\?signature=/)
    const path = new URL(invitation.url).pathname + new URL(invitation.url).search

    const page = await client.get(path)
    page.assertStatus(200)
    page.assertTextIncludes('Welcome, Ivy Invitee')

    const mismatch = await client
      .post(path)
      .form({ password: 'ivy-password-1', passwordConfirmation: 'something-else' })
      .withCsrfToken()
      .header('referer', path)
      .redirects(0)
    mismatch.assertFlashMessage('inputErrorsBag', {
      passwordConfirmation: ['The two passwords do not match'],
    })

    const accepted = await client
      .post(path)
      .form({ password: 'ivy-password-1', passwordConfirmation: 'ivy-password-1' })
      .withCsrfToken()
      .redirects(0)
    accepted.assertHeader('location', '/')
    const ivy = await User.findByOrFail('email', 'ivy@example.com')
    accepted.assertSession('auth_web', ivy.id)
    await User.verifyCredentials('ivy@example.com', 'ivy-password-1')

    const reused = await client.get(path)
    reused.assertStatus(410)
  })

  test('inviting someone emails them the invitation link through the app mailer', async ({
    client,
    assert,
    cleanup,
  }) => {
    const smtp = await smtpForTest(cleanup)
    const admin = await UserFactory.apply('admin').merge({ fullName: 'Ada Admin' }).create()
    const created = await client
      .post('/admin/users')
      .form({ fullName: 'Ivy Invitee', email: 'Ivy@Example.com', role: 'agent' })
      .loginAs(admin)
      .withCsrfToken()
      .redirects(0)
    const invitation = created.flashMessages().invitation as { url: string; emailed: boolean }
    assert.isTrue(invitation.emailed)

    assert.lengthOf(smtp.messages, 1)
    const [message] = smtp.messages
    assert.equal(message.to && 'text' in message.to ? message.to.text : '', 'ivy@example.com')
    assert.include(message.subject!, 'Ada Admin invited you')
    assert.include(message.text!, 'Hello Ivy Invitee')
    assert.include(message.text!, invitation.url)
    assert.include(message.html as string, html(invitation.url))

    // The emailed link is the one that works; a fresh invitation is emailed again.
    const path = new URL(invitation.url).pathname + new URL(invitation.url).search
    const page = await client.get(path)
    page.assertTextIncludes('Welcome, Ivy Invitee')
    const ivy = await User.findByOrFail('email', 'ivy@example.com')
    await client
      .post(`/admin/users/${ivy.id}/invitation`)
      .loginAs(admin)
      .withCsrfToken()
      .redirects(0)
    assert.lengthOf(smtp.messages, 2)
    assert.equal(
      smtp.messages[1].to && 'text' in smtp.messages[1].to ? smtp.messages[1].to.text : '',
      'ivy@example.com'
    )
  })

  test('a forged invitation link is refused', async ({ client }) => {
    const invitee = await UserFactory.merge({ password: null }).create()
    const response = await client.get(`/invitations/${invitee.id}?signature=forged`)
    response.assertStatus(410)
    response.assertTextIncludes('Link expired')
  })

  test('changing a role is saved; the last admin cannot be demoted', async ({ client, assert }) => {
    const admin = await UserFactory.apply('admin').create()
    const agent = await UserFactory.create()
    const promoted = await client
      .put(`/admin/users/${agent.id}/role`)
      .form({ role: 'admin' })
      .loginAs(admin)
      .withCsrfToken()
      .redirects(0)
    promoted.assertStatus(302)
    await agent.refresh()
    assert.equal(agent.role, 'admin')

    // Now two admins: the new one demotes the first, who then tries to demote the last.
    await client
      .put(`/admin/users/${admin.id}/role`)
      .form({ role: 'agent' })
      .loginAs(agent)
      .withCsrfToken()
    await admin.refresh()
    assert.equal(admin.role, 'agent')
    const otherAdmin = await UserFactory.apply('admin')
      .merge({ deactivatedAt: DateTime.now() })
      .create()
    const refused = await client
      .put(`/admin/users/${agent.id}/role`)
      .form({ role: 'agent' })
      .loginAs(agent)
      .withCsrfToken()
      .redirects(0)
    refused.assertFlashMessage('error', 'The last active admin cannot be made an agent.')
    await agent.refresh()
    assert.equal(agent.role, 'admin')
    assert.equal(otherAdmin.role, 'admin')
  })

  test('deactivation signs the person out; admins cannot deactivate themselves', async ({
    client,
    assert,
  }) => {
    const admin = await UserFactory.apply('admin').create()
    const agent = await UserFactory.create()
    const self = await client
      .post(`/admin/users/${admin.id}/deactivate`)
      .loginAs(admin)
      .withCsrfToken()
      .redirects(0)
    self.assertFlashMessage('error', 'You cannot deactivate your own account.')

    await client.post(`/admin/users/${agent.id}/deactivate`).loginAs(admin).withCsrfToken()
    await agent.refresh()
    assert.isFalse(agent.isActive)
    const login = await client
      .post('/login')
      .form({ email: agent.email, password: TEST_PASSWORD })
      .withCsrfToken()
      .redirects(0)
    login.assertSessionMissing('auth_web')

    await client.post(`/admin/users/${agent.id}/reactivate`).loginAs(admin).withCsrfToken()
    await agent.refresh()
    assert.isTrue(agent.isActive)
  })

  test('an htmx action answers 204 with an event for the table; a refused one reloads with the reason', async ({
    client,
  }) => {
    const admin = await UserFactory.apply('admin').create()
    const agent = await UserFactory.create()
    const done = await client
      .post(`/admin/users/${agent.id}/deactivate`)
      .header('HX-Request', 'true')
      .loginAs(admin)
      .withCsrfToken()
      .redirects(0)
    done.assertStatus(204)
    done.assertHeader('hx-trigger', 'users:changed')

    const refused = await client
      .post(`/admin/users/${admin.id}/deactivate`)
      .header('HX-Request', 'true')
      .loginAs(admin)
      .withCsrfToken()
      .redirects(0)
    refused.assertStatus(204)
    refused.assertHeader('hx-refresh', 'true')
    refused.assertFlashMessage('error', 'You cannot deactivate your own account.')
  })
})
