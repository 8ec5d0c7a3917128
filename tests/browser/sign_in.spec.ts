import { test } from '@japa/runner'
import { TEST_PASSWORD, UserFactory } from '#database/factories/user_factory'
import { resetDatabase } from '#tests/helpers/database'

test.group('Browser / sign in', (group) => {
  group.each.setup(resetDatabase)

  test('an admin signs in with the form and sees the navigation', async ({ visit }) => {
    await UserFactory.apply('admin')
      .merge({ email: 'ada@example.com', fullName: 'Ada Admin' })
      .create()
    const page = await visit('/login')
    await page.getByLabel('Email').fill('ada@example.com')
    await page.getByLabel('Password').fill(TEST_PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForURL((url) => url.pathname === '/')
    await page.assertTextContains('h1', 'Good to see you, Ada')
    for (const entry of ['Inbox', 'Knowledge base', 'Experiments', 'Growth', 'Admin']) {
      await page.assertExists(`nav.nav >> text=${entry}`)
    }
  })

  test('a wrong password shows the message on the login page', async ({ visit }) => {
    await UserFactory.merge({ email: 'sam@example.com' }).create()
    const page = await visit('/login')
    await page.getByLabel('Email').fill('sam@example.com')
    await page.getByLabel('Password').fill('wrong-password')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.assertTextContains('.alert.error', 'Wrong email or password.')
    await page.assertPath('/login')
  })
})
