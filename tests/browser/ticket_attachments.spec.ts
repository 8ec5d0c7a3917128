import { test } from '@japa/runner'
import { UserFactory } from '#database/factories/user_factory'
import { resetDatabase } from '#tests/helpers/database'
import { openTicket } from '#tests/helpers/support'

/** A one-pixel PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64'
)

test.group('Browser / ticket page: attachments', (group) => {
  group.each.setup(resetDatabase)

  test('an agent attaches a screenshot to a reply; it is previewed in the conversation', async ({
    visit,
    browserContext,
    assert,
  }) => {
    const agent = await UserFactory.create()
    const ticket = await openTicket({ title: 'Where is the export button?' })
    await browserContext.loginAs(agent)
    const page = await visit(`/tickets/${ticket.number}`)
    await page.waitForSelector('[data-composer]')

    await page.locator('[data-composer-body]').fill('It is at the top right, see the picture.')
    await page
      .locator('#composer-attachments')
      .setInputFiles({ name: 'export button.png', mimeType: 'image/png', buffer: PNG })
    await page.locator('[data-composer-body]').press('Control+Enter')
    await page.waitForSelector('[data-sent]', { timeout: 10_000 })

    // The conversation refreshes with the file: a preview that loaded, and its link.
    const preview = page.locator('[data-attachment="export button.png"] img')
    await preview.waitFor({ timeout: 10_000 })
    await page.waitForFunction(
      () =>
        (globalThis as any).document.querySelector('[data-attachment="export button.png"] img')
          ?.naturalWidth === 1
    )
    assert.equal(await page.locator('#composer-attachments').inputValue(), '')
  })
})
