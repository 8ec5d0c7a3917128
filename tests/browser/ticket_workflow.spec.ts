import { test } from '@japa/runner'
import { UserFactory } from '#database/factories/user_factory'
import { resetDatabase } from '#tests/helpers/database'
import { apiToken } from '#tests/helpers/api'
import { openTicket } from '#tests/helpers/support'

test.group('Browser / ticket page: one submit, keyboard, next ticket', (group) => {
  group.each.setup(resetDatabase)

  test('"Send as Pending" updates the whole page; the side panel’s change updates the composer', async ({
    visit,
    browserContext,
    assert,
  }) => {
    const agent = await UserFactory.merge({ fullName: 'Avery Agent' }).create()
    const ticket = await openTicket({ title: 'Refund twice' })
    await browserContext.loginAs(agent)
    const page = await visit(`/tickets/${ticket.number}`)
    await page.waitForSelector('#ticket-details[data-live-subscribed="true"]', { timeout: 15_000 })

    await page.locator('[data-composer-body]').fill('We refunded the second charge.')
    await page.locator('#composer-priority').selectOption('high')
    await page.locator('[data-send-as="pending"]').click()
    await page.waitForSelector('[data-sent]', { timeout: 10_000 })

    // Side panel, composer and timeline all show the new state without a reload.
    await page.waitForSelector('#ticket-details [data-ticket-status="pending"]', {
      timeout: 10_000,
    })
    assert.include(await page.locator('[data-composer-status]').innerText(), 'Pending')
    assert.equal(await page.locator('#ticket-priority').inputValue(), 'high')
    assert.equal(await page.locator('[data-send-as="pending"]').count(), 0)
    await page.waitForSelector('[data-event="priority"]', { timeout: 10_000 })

    // A status change in the side panel reaches the composer: no stale "Send as Resolved".
    // Chosen and sent in one step: a late live re-render of the side panel (this page's own
    // reply announcing itself) can otherwise replace the form between the two.
    await page.locator('[data-status-form]').evaluate((form: any) => {
      form.querySelector('#status-select').value = 'resolved'
      form.requestSubmit()
    })
    await page.waitForFunction(
      () =>
        (globalThis as any).document
          .querySelector('[data-composer-status]')
          ?.textContent?.includes('Resolved'),
      undefined,
      { timeout: 10_000 }
    )
    assert.equal(await page.locator('[data-send-as="resolved"]').count(), 0)
  })

  test('the agent’s choices beside the composer survive a live change of the ticket and go out with the reply', async ({
    visit,
    browserContext,
    assert,
  }) => {
    const agent = await UserFactory.create()
    const ticket = await openTicket({ title: 'Refund twice', priority: 'low' })
    await browserContext.loginAs(agent)
    const page = await visit(`/tickets/${ticket.number}`)
    await page.waitForSelector('#ticket-details[data-live-subscribed="true"]', { timeout: 15_000 })

    await page.locator('[data-composer-body]').fill('Escalating this one.')
    await page.locator('#composer-priority').selectOption('urgent')
    await page.locator('#composer-tags').fill('billing, escalated')
    // A live change of the ticket (as another agent's note or presence sends) re-renders the
    // fields beside the composer from the ticket.
    await page.evaluate(() => {
      const { document, htmx } = globalThis as any
      const state = document.getElementById('composer-state')
      state.querySelector('.composer-fields').dataset.old = ''
      htmx.trigger(state, 'live:refresh')
    })
    await page.waitForSelector('#composer-state .composer-fields:not([data-old])', {
      timeout: 10_000,
    })
    // htmx announces the swap (where the picks are set again) a moment after the new fields
    // are in the page.
    await page.assertInputValue('#composer-priority', 'urgent')
    await page.assertInputValue('#composer-tags', 'billing, escalated')

    await page.locator('#composer button[type="submit"].primary').click()
    await page.waitForSelector('[data-sent]', { timeout: 10_000 })
    await ticket.refresh()
    assert.equal(ticket.priority, 'urgent')
    assert.sameMembers(ticket.tags, ['billing', 'escalated'])
  }).timeout(60_000)

  test('a status picked in the side panel and not yet sent survives another agent’s reply', async ({
    visit,
    browserContext,
    client,
    assert,
  }) => {
    const agent = await UserFactory.create()
    const ticket = await openTicket({ title: 'Refund twice' })
    const other = await apiToken(['support'])
    await browserContext.loginAs(agent)
    const page = await visit(`/tickets/${ticket.number}`)
    await page.waitForSelector('#ticket-details[data-live-subscribed="true"]', { timeout: 15_000 })

    // Not the first choice: a re-render from the ticket shows the first one.
    await page.locator('#status-select').selectOption('resolved')
    await page.locator('#status-note').fill('Refunded on the bank’s side.')
    await page.locator('#ticket-details [data-status-form]').evaluate((form: any) => {
      form.dataset.old = ''
    })
    const reply = await client
      .post(`/api/tickets/${ticket.id}/messages`)
      .bearerToken(other.token)
      .json({ kind: 'reply', body: 'We are looking into the second charge.' })
    reply.assertStatus(201)

    // The live message re-renders the side panel from the ticket.
    await page.waitForSelector('#ticket-details [data-status-form]:not([data-old])', {
      timeout: 10_000,
    })
    assert.equal(await page.locator('#status-select').inputValue(), 'resolved')
    assert.equal(await page.locator('#status-note').inputValue(), 'Refunded on the bank’s side.')

    // Sent, the pick is the ticket's own; the next re-render shows the ticket as it is.
    await page.locator('#ticket-details button[type="submit"]').first().click()
    await page.waitForSelector('#ticket-details [data-ticket-status="resolved"]', {
      timeout: 10_000,
    })
    await ticket.refresh()
    assert.equal(ticket.status, 'resolved')
  }).timeout(60_000)

  test('keyboard: ? lists the shortcuts, n writes a note, Ctrl+Enter sends, j opens the next ticket', async ({
    visit,
    browserContext,
    assert,
  }) => {
    const agent = await UserFactory.create()
    const first = await openTicket({ title: 'Urgent outage', priority: 'urgent' })
    const second = await openTicket({ title: 'Question about invoices', priority: 'low' })
    await browserContext.loginAs(agent)
    const page = await visit(`/tickets/${first.number}`)
    await page.waitForSelector('[data-composer]')

    await page.keyboard.press('?')
    await page.waitForSelector('#shortcuts-title', { state: 'visible' })
    assert.include(
      await page.locator('[role="dialog"][aria-labelledby="shortcuts-title"]').innerText(),
      'Assign to me'
    )
    await page.keyboard.press('Escape')
    await page.waitForSelector('#shortcuts-title', { state: 'hidden' })

    await page.keyboard.press('n')
    await page.keyboard.type('Checked the logs.')
    await page.keyboard.press('Control+Enter')
    await page.waitForSelector('[data-sent]:has-text("Internal note added.")', { timeout: 10_000 })

    // The composer keeps the focus after sending (htmx restores it after each refresh that
    // follows, so let those settle); Esc leaves it for the page's shortcuts.
    await page.waitForTimeout(500)
    await page.keyboard.press('Escape')
    await page.keyboard.press('a')
    await page.waitForSelector('[data-saved]', { timeout: 10_000 })

    await page.keyboard.press('j')
    await page.waitForURL(new RegExp(`/tickets/${second.number}$`), { timeout: 10_000 })

    // Send and next: Ctrl+Shift+Enter answers and moves on; the queue's end goes to the inbox.
    await page.locator('[data-composer-body]').fill('Invoices are under Billing.')
    await page.keyboard.press('Control+Shift+Enter')
    await page.waitForURL(new RegExp(`/tickets/${first.number}$`), { timeout: 10_000 })
    assert.include(await page.locator('.alert').first().innerText(), 'Next in your queue')
  })
})
