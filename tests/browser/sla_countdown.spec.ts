import { test } from '@japa/runner'
import { UserFactory } from '#database/factories/user_factory'
import { resetDatabase } from '#tests/helpers/database'
import { openTicket } from '#tests/helpers/support'

test.group('Browser / SLA countdown', (group) => {
  group.each.setup(resetDatabase)

  test('the ticket’s due time counts down and turns amber, then red, without a reload', async ({
    visit,
    browserContext,
    assert,
  }) => {
    const agent = await UserFactory.create()
    // High priority: a first response within 4 hours.
    const ticket = await openTicket({ title: 'Invoices missing', priority: 'high' })
    await browserContext.clock.install()
    await browserContext.loginAs(agent)
    const page = await visit(`/tickets/${ticket.number}`)
    const badge = page.locator('[data-sla-target="first_response"] [data-sla-state]')
    assert.equal(await badge.getAttribute('data-sla-state'), 'running')
    await page.assertTextContains(
      '[data-sla-target="first_response"]',
      'First response due in 3 hours'
    )

    await page.clock.fastForward('03:30:00')
    await page.waitForSelector('[data-sla-target="first_response"] [data-sla-state="soon"]', {
      timeout: 10_000,
    })
    await page.assertTextContains('[data-sla-target="first_response"]', 'due in 29 minutes')
    assert.include(await badge.getAttribute('class'), 'warn')

    await page.clock.fastForward('01:00:00')
    await page.waitForSelector('[data-sla-target="first_response"] [data-sla-state="breached"]', {
      timeout: 10_000,
    })
    await page.assertTextContains('[data-sla-target="first_response"]', 'breached 30 minutes ago')
    assert.include(await badge.getAttribute('class'), 'danger')
  })
})
