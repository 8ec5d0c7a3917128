import { test } from '@japa/runner'
import { UserFactory } from '#database/factories/user_factory'
import { resetDatabase } from '#tests/helpers/database'
import { openTicket } from '#tests/helpers/support'

test.group('Browser / inbox address', (group) => {
  group.each.setup(resetDatabase)

  test('filters are in the address: Back and reload show the list the dropdowns say', async ({
    visit,
    browserContext,
    assert,
  }) => {
    const agent = await UserFactory.create()
    const high = await openTicket({ title: 'Checkout broken', priority: 'high' })
    const low = await openTicket({ title: 'Typo on pricing page', priority: 'low' })
    await browserContext.loginAs(agent)
    const page = await visit('/tickets?view=open')
    const row = (number: number) => page.locator(`[data-ticket-row="${number}"]`)

    await page.locator('#inbox-priority').selectOption('high')
    await page.waitForURL(/\/tickets\?view=open&priority=high$/, { timeout: 10_000 })
    await row(low.number).waitFor({ state: 'detached', timeout: 10_000 })

    await page.locator('#inbox-priority').selectOption('')
    await page.waitForURL(/\/tickets\?view=open$/, { timeout: 10_000 })
    await row(low.number).waitFor({ timeout: 10_000 })

    // Back: the filtered address, its dropdown and its list agree.
    await page.goBack()
    await page.waitForURL(/priority=high$/, { timeout: 10_000 })
    await row(low.number).waitFor({ state: 'detached', timeout: 10_000 })
    assert.equal(await page.locator('#inbox-priority').inputValue(), 'high')
    assert.equal(await row(high.number).count(), 1)

    await page.reload()
    assert.equal(await page.locator('#inbox-priority').inputValue(), 'high')
    assert.equal(await row(low.number).count(), 0)
    assert.equal(await row(high.number).count(), 1)
  })
})
