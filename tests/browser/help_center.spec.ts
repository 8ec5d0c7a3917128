import { test } from '@japa/runner'
import { resetDatabase } from '#tests/helpers/database'
import { article, defaultCategories } from '#tests/helpers/knowledge'

test.group('Browser / help center', (group) => {
  group.each.setup(async () => {
    await resetDatabase()
    await defaultCategories()
  })

  test('a visitor types a question and the results update without reloading', async ({
    visit,
    assert,
  }) => {
    await article('How do I reset my password?', 'Use the link on the sign-in page.')
    await article('Where do I download my invoices?', 'Open Billing and pick a month.')
    const page = await visit('/help')
    // Survives only if the page is not reloaded.
    await page.evaluate(() => ((globalThis as any).__sameDocument = true))

    await page.locator('#help-q').pressSequentially('reset pass', { delay: 40 })
    await page.waitForSelector('[data-help-results] mark', { timeout: 5_000 })
    const results = page.locator('[data-help-results] li a')
    assert.deepEqual(await results.allInnerTexts(), ['How do I reset my password?'])

    await page.locator('#help-q').fill('invoices')
    await page.waitForSelector('[data-help-results] li a:has-text("invoices")', { timeout: 5_000 })
    assert.equal(await results.count(), 1)

    await page.locator('#help-q').fill('gantt chart')
    await page.waitForSelector('[data-no-results]', { timeout: 5_000 })
    assert.isTrue(await page.evaluate(() => (globalThis as any).__sameDocument === true))

    await page.locator('#help-q').fill('password')
    await page.locator('[data-help-results] li a').first().click()
    await page.waitForSelector('#help-vote')
    await page.locator('#help-vote button:has-text("Yes")').click()
    await page.waitForSelector('#help-vote[data-vote="yes"]', { timeout: 5_000 })
    assert.include(await page.locator('#help-vote').innerText(), 'Thank you for telling us.')
  })

  test('a long request with a wrong email comes back with the error and the text kept', async ({
    visit,
    assert,
  }) => {
    const description = 'The board export stops halfway and the file is empty. '.repeat(80).trim()
    assert.isAtLeast(description.length, 4000)
    const page = await visit('/help/tickets/new')
    await page.locator('#field-title').fill('Export stops halfway')
    await page.locator('#field-description').fill(description)
    await page.locator('#field-email').fill('dana-at-example.com')
    await Promise.all([
      page.waitForLoadState('load'),
      page.locator('button:has-text("Send request")').click(),
    ])
    await page.waitForSelector('#field-email[aria-invalid="true"]', { timeout: 5_000 })
    await page.assertTextContains('.field.has-error', 'Enter a valid email address')
    assert.equal(await page.locator('#field-description').inputValue(), description)
    assert.equal(await page.locator('#field-title').inputValue(), 'Export stops halfway')
  })
})
