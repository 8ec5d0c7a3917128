import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { TEST_PASSWORD, UserFactory } from '#database/factories/user_factory'
import { resetDatabase } from '#tests/helpers/database'
import { CookieBrowser } from '#tests/helpers/cookie_browser'

test.group('Sessions', (group) => {
  group.each.setup(resetDatabase)

  test('a copy of the cookie is anonymous once its owner signs out', async ({ assert }) => {
    const user = await UserFactory.create()
    const browser = new CookieBrowser()
    await browser.signIn(user.email)
    const thief = browser.copy()
    assert.isTrue(await thief.isSignedIn())

    await browser.get('/tickets')
    const out = await browser.submit('/logout')
    assert.equal(out.location, '/login')

    assert.isFalse(await thief.isSignedIn())
    assert.isFalse(await browser.isSignedIn())
  })

  test('sign out everywhere ends every session of the person, and only theirs', async ({
    assert,
  }) => {
    const user = await UserFactory.create()
    const colleague = await UserFactory.create()
    const laptop = new CookieBrowser()
    const phone = new CookieBrowser()
    const colleagues = new CookieBrowser()
    await laptop.signIn(user.email)
    await phone.signIn(user.email)
    await colleagues.signIn(colleague.email)

    const page = await laptop.get('/account/notifications')
    assert.include(page.text, 'Sign out everywhere, including here')
    const out = await laptop.submit('/account/sessions?_method=DELETE')
    assert.equal(out.location, '/login')
    const login = await laptop.get('/login')
    assert.include(login.text, 'You are signed out everywhere, including this browser.')

    assert.isFalse(await phone.isSignedIn())
    assert.isFalse(await laptop.isSignedIn())
    assert.isTrue(await colleagues.isSignedIn())
  })

  test('sign out everywhere needs the CSRF token', async ({ assert }) => {
    const user = await UserFactory.create()
    const browser = new CookieBrowser()
    await browser.signIn(user.email)
    const forged = await browser.copy().submit('/account/sessions?_method=DELETE', { _csrf: '' })
    assert.equal(forged.status, 302)
    assert.isTrue(await browser.isSignedIn())
  })

  test('a new role signs the person out of their open sessions', async ({ assert }) => {
    const admin = await UserFactory.apply('admin').create()
    const agent = await UserFactory.create()
    const agents = new CookieBrowser()
    const admins = new CookieBrowser()
    await agents.signIn(agent.email)
    await admins.signIn(admin.email)

    await admins.get('/admin/users')
    const changed = await admins.submit(`/admin/users/${agent.id}/role?_method=PUT`, {
      role: 'admin',
    })
    assert.equal(changed.status, 302)

    assert.isFalse(await agents.isSignedIn())
    assert.isTrue(await admins.isSignedIn())
  })

  test('a new password signs out every other browser, and not this one', async ({ assert }) => {
    const user = await UserFactory.create()
    const laptop = new CookieBrowser()
    const phone = new CookieBrowser()
    await laptop.signIn(user.email)
    await phone.signIn(user.email)

    await laptop.get('/account/notifications')
    const changed = await laptop.submit('/account/password?_method=PUT', {
      currentPassword: TEST_PASSWORD,
      password: 'a-much-longer-secret',
      passwordConfirmation: 'a-much-longer-secret',
    })
    assert.equal(changed.location, '/account/notifications')
    const page = await laptop.get('/account/notifications')
    assert.include(page.text, 'Your password is changed. Every other browser is signed out.')

    assert.isFalse(await phone.isSignedIn())
    assert.isTrue(await laptop.isSignedIn())
    await new CookieBrowser().signIn(user.email, 'a-much-longer-secret')
  })

  test('a wrong current password changes nothing and is not kept in the session', async ({
    assert,
  }) => {
    const user = await UserFactory.create()
    const laptop = new CookieBrowser()
    const phone = new CookieBrowser()
    await laptop.signIn(user.email)
    await phone.signIn(user.email)

    await laptop.get('/account/notifications')
    const refused = await laptop.submit('/account/password?_method=PUT', {
      currentPassword: 'a-guess-at-the-secret',
      password: 'a-much-longer-secret',
      passwordConfirmation: 'a-much-longer-secret',
    })
    assert.equal(refused.status, 302)
    const page = await laptop.get('/account/notifications')
    assert.include(page.text, 'Your current password is not right.')

    const mismatched = await laptop.submit('/account/password?_method=PUT', {
      currentPassword: TEST_PASSWORD,
      password: 'a-much-longer-secret',
      passwordConfirmation: 'another-long-secret',
    })
    assert.equal(mismatched.status, 302)
    const stored = await db.from('sessions').select('data')
    const kept = stored.map((row) => row.data as string).join('\n')
    assert.notInclude(kept, TEST_PASSWORD)
    assert.notInclude(kept, 'another-long-secret')

    assert.isTrue(await phone.isSignedIn())
    await new CookieBrowser().signIn(user.email)
  })

  test('a failed form keeps a long description on the server, not in the cookie', async ({
    assert,
  }) => {
    const description = 'The export stops halfway. '.repeat(160).slice(0, 4000)
    const browser = new CookieBrowser()
    await browser.get('/help/tickets/new')
    const failed = await browser.submit('/help/tickets', {
      title: 'Export stops halfway',
      description,
      priority: 'medium',
      email: 'not-an-email',
    })
    assert.equal(failed.status, 302)
    const cookieBytes = failed.setCookies.reduce((sum, header) => sum + header.length, 0)
    assert.isBelow(cookieBytes, 1024, `Set-Cookie headers of ${cookieBytes} bytes`)

    const form = await browser.get(failed.location!)
    assert.include(form.text, 'Enter a valid email address')
    assert.include(form.text, `>${description}</textarea>`)
  })

  test('page views extend a session at most every five minutes, not on every view', async ({
    assert,
  }) => {
    const user = await UserFactory.create()
    const browser = new CookieBrowser()
    await browser.signIn(user.email)
    const expiry = async () => {
      const row = await db.from('sessions').where('user_id', String(user.id)).firstOrFail()
      return new Date(row.expires_at).getTime()
    }
    const inAnHour = new Date(Date.now() + 3_600_000)
    await db.from('sessions').where('user_id', String(user.id)).update({ expires_at: inAnHour })

    await browser.get('/tickets')
    await browser.get('/tickets')
    assert.equal(await expiry(), inAnHour.getTime(), 'extended again within five minutes')

    const realNow = Date.now
    Date.now = () => realNow() + 6 * 60_000
    try {
      await browser.get('/tickets')
    } finally {
      Date.now = realNow
    }
    assert.isAbove(await expiry(), realNow() + 11 * 3_600_000)
    assert.isTrue(await browser.isSignedIn())
  })
})
