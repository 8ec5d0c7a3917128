import { test } from '@japa/runner'
import { UserFactory } from '#database/factories/user_factory'
import { resetDatabase } from '#tests/helpers/database'
import { createUser } from '#services/accounts/user_service'

test.group('Browser / live refresh', (group) => {
  group.each.setup(resetDatabase)

  test('a server-side change makes an open page re-fetch its fragment without reloading', async ({
    visit,
    browserContext,
    assert,
  }) => {
    const admin = await UserFactory.apply('admin').create()
    await browserContext.loginAs(admin)
    const page = await visit('/admin/users')
    await page.waitForSelector('#users-table[data-live-subscribed="true"]', { timeout: 15_000 })
    // Survives only if the page is not reloaded.
    await page.evaluate(() => ((globalThis as any).__sameDocument = true))
    assert.equal(await page.locator('[data-user-row="newcomer@example.com"]').count(), 0)

    // A change made outside the browser (another agent, an ace command...).
    await createUser({
      fullName: 'New Comer',
      email: 'newcomer@example.com',
      role: 'agent',
      password: 'a-long-password',
    })

    await page.waitForSelector('[data-user-row="newcomer@example.com"]', { timeout: 5_000 })
    assert.isTrue(await page.evaluate(() => (globalThis as any).__sameDocument === true))
  })

  /** Opens a real event stream in the page, then asks to subscribe it to `channel`. */
  async function subscribeStatus(page: any, channel: string): Promise<number> {
    return page.evaluate(async (name: string) => {
      const g = globalThis as any
      const uid = g.crypto.randomUUID()
      const source = new g.EventSource(`/__transmit/events?uid=${uid}`)
      await new Promise((resolve) => (source.onopen = resolve))
      const csrf = g.document.querySelector('meta[name="csrf-token"]').getAttribute('content')
      const response = await g.fetch('/__transmit/subscribe', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
        body: JSON.stringify({ uid, channel: name }),
      })
      source.close()
      return response.status
    }, channel)
  }

  test('an admin may subscribe to the admin channel', async ({ visit, browserContext, assert }) => {
    await browserContext.loginAs(await UserFactory.apply('admin').create())
    assert.equal(await subscribeStatus(await visit('/'), 'admin/users'), 204)
  })

  test('an agent may not subscribe to the admin channel', async ({
    visit,
    browserContext,
    assert,
  }) => {
    await browserContext.loginAs(await UserFactory.create())
    assert.notEqual(await subscribeStatus(await visit('/'), 'admin/users'), 204)
  })
})
