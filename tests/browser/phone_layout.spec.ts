import { test } from '@japa/runner'
import type { Browser, Page } from 'playwright'
import env from '#start/env'
import type User from '#models/user'
import { UserFactory } from '#database/factories/user_factory'
import { resetDatabase } from '#tests/helpers/database'
import { openTicket } from '#tests/helpers/support'

const PHONE = { width: 390, height: 844 }

async function phoneAs(browser: Browser, user: User) {
  const context = await browser.newContext({
    baseURL: `http://${env.get('HOST')}:${env.get('PORT')}`,
    viewport: PHONE,
  })
  await (context as any).loginAs(user)
  return context.newPage()
}

/** How wide the page lays out: wider than the screen means sideways scrolling. */
const layoutWidth = (page: Page) =>
  page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth as number)

test.group('Browser / on a phone (390 × 844)', (group) => {
  group.each.setup(resetDatabase)

  test('the inbox is a list that fits the screen, its filters behind a button', async ({
    browser,
    assert,
  }) => {
    const agent = await UserFactory.merge({ fullName: 'Alexandra Montgomery-Smith' }).create()
    for (const title of [
      'The export of the Marketing board to CSV spins forever and never finishes',
      'Invoices for the last quarter show the wrong VAT number',
    ]) {
      const ticket = await openTicket({ title, name: 'Bartholomew Customer-Longname' })
      ticket.merge({ assigneeId: agent.id, tags: ['billing', 'export', 'urgent-customer'] })
      await ticket.save()
    }
    const page = await phoneAs(browser, agent)
    await page.goto('/tickets')
    await page.waitForSelector('[data-ticket-row]')

    assert.isAtMost(await layoutWidth(page), PHONE.width)
    assert.isFalse(await page.locator('#inbox-search').isVisible())
    const toggle = page.getByRole('button', { name: 'Filters' })
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false')
    await toggle.click()
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true')
    assert.isTrue(await page.locator('#inbox-search').isVisible())
    assert.isAtMost(await layoutWidth(page), PHONE.width)
    await page.context().close()
  })

  test('a ticket page fits the screen', async ({ browser, assert }) => {
    const agent = await UserFactory.create()
    const ticket = await openTicket({
      title: 'The export of the Marketing board to CSV spins forever and never finishes',
    })
    const page = await phoneAs(browser, agent)
    await page.goto(`/tickets/${ticket.number}`)
    await page.waitForSelector('#ticket-details')

    assert.isAtMost(await layoutWidth(page), PHONE.width)
    await page.context().close()
  })
})
