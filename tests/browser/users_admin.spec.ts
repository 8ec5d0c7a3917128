import { test } from '@japa/runner'
import { UserFactory } from '#database/factories/user_factory'
import { resetDatabase } from '#tests/helpers/database'

test.group('Browser / users admin', (group) => {
  group.each.setup(resetDatabase)

  test('deactivating from the table is an htmx POST (CSRF header inherited) that updates the row in place', async ({
    visit,
    browserContext,
    assert,
  }) => {
    const admin = await UserFactory.apply('admin').create()
    const agent = await UserFactory.merge({
      email: 'sam@example.com',
      fullName: 'Sam Agent',
    }).create()
    await browserContext.loginAs(admin)
    const page = await visit('/admin/users')
    await page.evaluate(() => ((globalThis as any).__sameDocument = true))

    page.once('dialog', (dialog) => dialog.accept())
    const isDeactivation = (url: string) => url.endsWith(`/admin/users/${agent.id}/deactivate`)
    const request = page.waitForRequest((r) => isDeactivation(r.url()))
    const answered = page.waitForResponse((r) => isDeactivation(r.url()))
    await page
      .locator('[data-user-row="sam@example.com"]')
      .getByRole('button', { name: 'Deactivate' })
      .click()
    const sent = await request
    assert.equal(sent.headers()['hx-request'], 'true')
    assert.isString(sent.headers()['x-csrf-token'])
    const response = await answered
    assert.equal(response.status(), 204)
    assert.equal(response.headers()['hx-trigger'], 'users:changed')

    await page.assertTextContains('[data-user-row="sam@example.com"]', 'Deactivated')
    assert.isTrue(await page.evaluate(() => (globalThis as any).__sameDocument === true))
    await agent.refresh()
    assert.isFalse(agent.isActive)
  })

  test('declining the confirmation sends nothing', async ({ visit, browserContext, assert }) => {
    const admin = await UserFactory.apply('admin').create()
    const agent = await UserFactory.merge({ email: 'sam@example.com' }).create()
    await browserContext.loginAs(admin)
    const page = await visit('/admin/users')
    let posted = false
    page.on('request', (r) => {
      if (r.url().includes('/deactivate')) posted = true
    })
    page.once('dialog', (dialog) => dialog.dismiss())
    await page
      .locator('[data-user-row="sam@example.com"]')
      .getByRole('button', { name: 'Deactivate' })
      .click()
    await page.waitForTimeout(300)
    assert.isFalse(posted)
    await agent.refresh()
    assert.isTrue(agent.isActive)
  })
})
