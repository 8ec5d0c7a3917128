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

  test('a new referral loop appears in the loop filter without a reload', async ({
    visit,
    browserContext,
    assert,
  }) => {
    await invite('alice', 'buddy_challenge', daysAgo(1))
    await browserContext.loginAs(await UserFactory.apply('admin').create())
    const page = await visit('/dashboard/k-factor?period=7')
    await page.waitForSelector('#growth-loop-filter[data-live-subscribed="true"]', {
      timeout: 15_000,
    })
    await page.evaluate(() => ((globalThis as any).__sameDocument = true))
    assert.equal(await page.locator('#growth-loop option[value="team_invite"]').count(), 0)

    await invite('carol', 'team_invite', daysAgo(0))

    await page.waitForSelector('#growth-loop option[value="team_invite"]', {
      state: 'attached',
      timeout: 10_000,
    })
    // The new choice filters like the others.
    await page.selectOption('#growth-loop', 'team_invite')
    await page.waitForURL(/loop=team_invite/)
    assert.isTrue(await page.evaluate(() => (globalThis as any).__sameDocument === true))
  })

  test('short cards, sensible precision, no internal references; tables fit 1440 and 390 px', async ({
    visit,
    browserContext,
    assert,
  }) => {
    // K = 0.99 (99 conversions from 100 referrers): each user brings 1 ÷ (1 − K) = 100 users.
    for (let i = 0; i < 100; i++)
      await invite(`referrer-${i}`, 'buddy_challenge', daysAgo(3), {
        signup: i < 99 ? [daysAgo(2), `invitee-${i}`] : undefined,
      })
    await browserContext.loginAs(await UserFactory.apply('admin').create())
    const page = await visit('/dashboard/k-factor?period=7')
    await page.setViewportSize({ width: 1440, height: 900 })

    const amplification = await page.locator('[data-k-status]').innerText()
    assert.include(amplification, 'brings 100 users in total')
    const text = await page.locator('main').innerText()
    assert.notMatch(text, /§|statistics-methods|docs\//)
    assert.notMatch(text, /\d\.00 users/)
    // A card shows its figure and name; the definition waits behind "Details".
    const card = page.locator('[data-card="viral-coefficient"]')
    const shortText = await card.innerText()
    assert.isAtMost(shortText.length, 60)
    await card.locator('summary').click()
    assert.include(await card.innerText(), 'follows a cohort over its whole life')

    const overflow = () => {
      const doc = (globalThis as any).document
      const wraps = [...doc.querySelectorAll('#growth-dashboard .table-wrap')]
      return {
        page: doc.scrollingElement.scrollWidth > (globalThis as any).innerWidth,
        tables: wraps
          .filter((wrap: any) => wrap.scrollWidth > wrap.clientWidth + 1)
          .map((wrap: any) => wrap.querySelector('table').dataset.table),
      }
    }
    assert.deepEqual(await page.evaluate(overflow), { page: false, tables: [] })
    await page.setViewportSize({ width: 390, height: 844 })
    const phone = await page.evaluate(overflow)
    assert.isFalse(phone.page)
    assert.notInclude(phone.tables, 'cohorts')
  })
})
