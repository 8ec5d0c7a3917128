import { test } from '@japa/runner'
import { UserFactory } from '#database/factories/user_factory'
import { resetDatabase } from '#tests/helpers/database'
import { openTicket } from '#tests/helpers/support'
import { updateTicketFields } from '#services/support/ticket_service'
import { userActor } from '#services/accounts'

/** Stands in for the browser's Notification: records what would be shown. */
function recordNotifications() {
  const scope = globalThis as any
  scope.__notices = []
  scope.Notification = class {
    static permission = 'default'
    static async requestPermission() {
      scope.Notification.permission = 'granted'
      return 'granted'
    }
    constructor(title: string) {
      scope.__notices.push(title)
    }
    addEventListener() {}
  }
}

/** Puts the tab in the background (or back) as far as the page can tell. */
function setHidden(hidden: boolean) {
  const doc = (globalThis as any).document
  Object.defineProperty(doc, 'hidden', { configurable: true, get: () => hidden })
  doc.dispatchEvent(new Event('visibilitychange'))
}

test.group('Browser / inbox: new work is noticed', (group) => {
  group.each.setup(resetDatabase)

  test('new tickets are highlighted, counted in the tab title and announced once opted in', async ({
    visit,
    browserContext,
    assert,
  }) => {
    const agent = await UserFactory.create()
    const waiting = await openTicket({ title: 'Old question' })
    await browserContext.loginAs(agent)
    await browserContext.addInitScript(recordNotifications)
    const page = await visit('/tickets?view=open')
    await page.waitForSelector('#ticket-list[data-live-subscribed="true"]', { timeout: 15_000 })
    assert.equal(await page.locator('tr.is-new').count(), 0)

    await page.locator('[data-desktop-notifications]').click()
    await page.waitForSelector('[data-desktop-notifications]:has-text("Desktop notifications: on")')

    await page.evaluate(setHidden, true)
    const arrived = await openTicket({ title: 'Payment failed' })
    await page.waitForSelector(`tr.is-new[data-ticket-row="${arrived.number}"]`, {
      timeout: 10_000,
    })
    assert.match(await page.title(), /^\(1\) Inbox/)

    await updateTicketFields(waiting, { assigneeId: agent.id }, userActor(agent))
    await page.waitForFunction(() => (globalThis as any).__notices.length === 2, undefined, {
      timeout: 10_000,
    })
    assert.deepEqual(await page.evaluate(() => (globalThis as any).__notices), [
      `New ticket #${arrived.number}`,
      `Assigned to you: #${waiting.number}`,
    ])

    // Back in the tab: the count goes, the highlight stays.
    await page.evaluate(setHidden, false)
    assert.match(await page.title(), /^Inbox/)
    assert.equal(await page.locator('tr.is-new').count(), 1)
  })
})
