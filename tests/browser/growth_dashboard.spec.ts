import { test } from '@japa/runner'
import { UserFactory } from '#database/factories/user_factory'
import { resetDatabase } from '#tests/helpers/database'
import { invite } from '#tests/helpers/growth'

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString()

test.group('Browser / growth dashboard', (group) => {
  group.each.setup(resetDatabase)

  test('the period selector updates the cards without reloading the page', async ({
    visit,
    browserContext,
    assert,
  }) => {
    // One referrer this week, another three weeks ago.
    await invite('alice', 'buddy_challenge', daysAgo(2))
    await invite('bob', 'results_rally', daysAgo(20))
    await invite('bob', 'results_rally', daysAgo(20))
    await browserContext.loginAs(await UserFactory.apply('admin').create())

    const page = await visit('/dashboard/k-factor?period=7')
    await page.evaluate(() => ((globalThis as any).__sameDocument = true))
    await page.assertTextContains('[data-card-value="active"]', '1')
    await page.assertTextContains('[data-card-value="invites"]', '1')

    await page.selectOption('#growth-period', '30')
    await page.waitForFunction(
      () =>
        (globalThis as any).document
          .querySelector('[data-card-value="invites"]')
          .textContent.trim() === '3'
    )
    await page.assertTextContains('[data-card-value="active"]', '2')
    await page.assertTextContains('[data-growth-period]', '30 UTC days')
    // The address bar follows, so a reload or a shared link shows the same period.
    await page.waitForURL(/period=30/)
    assert.isTrue(await page.evaluate(() => (globalThis as any).__sameDocument === true))

    // A custom period needs both dates; then Apply.
    await page.selectOption('#growth-period', 'custom')
    const day = (offset: number) => daysAgo(offset).slice(0, 10)
    await page.fill('#growth-from', day(25))
    await page.fill('#growth-to', day(10))
    await page.click('#growth-filters button[type="submit"]')
    await page.waitForFunction(
      () =>
        (globalThis as any).document
          .querySelector('[data-card-value="invites"]')
          .textContent.trim() === '2'
    )
    await page.waitForURL(/period=custom/)
    assert.isTrue(await page.evaluate(() => (globalThis as any).__sameDocument === true))
  })

  test('new referral data refreshes the open dashboard live', async ({
    visit,
    browserContext,
    assert,
  }) => {
    await invite('alice', 'buddy_challenge', daysAgo(1))
    await browserContext.loginAs(await UserFactory.apply('admin').create())
    const page = await visit('/dashboard/k-factor?period=7')
    await page.waitForSelector('#growth-summary[data-live-subscribed="true"]', { timeout: 15_000 })
    await page.evaluate(() => ((globalThis as any).__sameDocument = true))
    await page.assertTextContains('[data-card-value="invites"]', '1')

    await invite('carol', 'buddy_challenge', daysAgo(0))

    await page.waitForFunction(
      () =>
        (globalThis as any).document
          .querySelector('[data-card-value="invites"]')
          .textContent.trim() === '2',
      undefined,
      { timeout: 10_000 }
    )
    assert.isTrue(await page.evaluate(() => (globalThis as any).__sameDocument === true))
  })
})
