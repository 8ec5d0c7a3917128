import { test } from '@japa/runner'
import { UserFactory } from '#database/factories/user_factory'
import { resetDatabase } from '#tests/helpers/database'
import { openTicket } from '#tests/helpers/support'

test.group('Browser / inbox selection and shortcuts', (group) => {
  group.each.setup(resetDatabase)

  test('rows are selected by click and by x, the bulk form appears and applies to them', async ({
    visit,
    browserContext,
    assert,
  }) => {
    const agent = await UserFactory.create()
    const first = await openTicket({ title: 'Checkout broken' })
    const second = await openTicket({ title: 'Typo on pricing page' })
    const untouched = await openTicket({ title: 'Export spins forever' })
    await browserContext.loginAs(agent)
    const page = await visit('/tickets?view=open')
    const box = (number: number) =>
      page.locator(`[data-ticket-row="${number}"] input[type="checkbox"]`)
    assert.equal(await box(first.number).getAttribute('aria-label'), `Select #${first.number}`)

    // The form is not in the page until the first selection asks for it.
    assert.equal(await page.locator('[data-bulk-form]').count(), 0)
    await box(first.number).check()
    await page.waitForSelector('[data-bulk-form]', { state: 'visible', timeout: 10_000 })
    // x selects the focused row (rows are newest first: j twice reaches the second ticket).
    await page.locator('h1').click()
    await page.keyboard.press('j')
    await page.keyboard.press('j')
    await page.keyboard.press('x')
    assert.isTrue(await box(second.number).isChecked())
    assert.include(await page.locator('[data-bulk-form] strong').innerText(), '2 selected')

    await page.locator('#bulk-action').selectOption('priority')
    await page.locator('[data-bulk-form] select[aria-label="Priority"]').selectOption('urgent')
    await page.locator('[data-bulk-form] button[type="submit"]').click()
    await page.waitForSelector('#bulk-summary :text("2 changed")', { timeout: 10_000 })
    await page.waitForSelector(`[data-ticket-row="${first.number}"] .priority-urgent`, {
      timeout: 10_000,
    })
    assert.equal(
      await page.locator(`[data-ticket-row="${second.number}"] .priority-urgent`).count(),
      1
    )
    assert.equal(
      await page.locator(`[data-ticket-row="${untouched.number}"] .priority-urgent`).count(),
      0
    )
    // The selection is cleared, and the redrawn rows' boxes with it.
    await page.waitForSelector('[data-bulk-form]', { state: 'hidden', timeout: 10_000 })
    assert.isFalse(await box(first.number).isChecked())
  })

  test('? shows the keyboard shortcuts, fetched when first asked for', async ({
    visit,
    browserContext,
    assert,
  }) => {
    const agent = await UserFactory.create()
    await openTicket()
    await browserContext.loginAs(agent)
    const page = await visit('/tickets?view=open')
    assert.equal(await page.locator('#shortcuts-title').count(), 0)
    await page.locator('h1').click()
    await page.keyboard.press('?')
    await page.waitForSelector('#shortcuts-title', { state: 'visible', timeout: 10_000 })
    assert.include(await page.locator('[role="dialog"]').innerText(), 'Select for a bulk action')
    await page.keyboard.press('Escape')
    await page.waitForSelector('#shortcuts-title', { state: 'hidden', timeout: 5_000 })
  })
})
