import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { UserFactory } from '#database/factories/user_factory'
import { resetDatabase } from '#tests/helpers/database'
import { article, defaultCategories } from '#tests/helpers/knowledge'
import { watchConsole } from '#tests/helpers/console_watch'

/**
 * Pages run under a Content-Security-Policy without 'unsafe-eval' or inline scripts:
 * Alpine (its CSP build) and htmx must still work, and nothing may be refused.
 */
test.group('Browser / Content-Security-Policy', (group) => {
  group.each.setup(async () => {
    await resetDatabase()
    await defaultCategories()
  })

  test('the help center searches, with nothing refused', async ({
    visit,
    browserContext,
    assert,
  }) => {
    const problems = watchConsole(browserContext)
    await article('How do I reset my password?', 'Use the link on the sign-in page.')
    const page = await visit('/help')
    // The page's own answer (a reload may be answered without one, from the cache).
    const response = await page.request.get(page.url())
    assert.include(response.headers()['content-security-policy'], `script-src 'self' 'nonce-`)
    await page.locator('#help-q').pressSequentially('reset pass', { delay: 30 })
    await page.waitForSelector('[data-help-results] mark', { timeout: 5_000 })
    await page.locator('[data-help-results] li a').first().click()
    await page.waitForSelector('#help-vote')
    assert.deepEqual(problems, [])
  })

  test('the experiment form (Alpine, sample-size helper) works, with nothing refused', async ({
    visit,
    browserContext,
    assert,
  }) => {
    const problems = watchConsole(browserContext)
    await browserContext.loginAs(await UserFactory.apply('admin').create())
    const page = await visit('/experiments/new')
    // The sample-size helper loads by htmx with the planning inputs read by our listener.
    await page.waitForSelector('#sample-size-result :text("per variant")', { timeout: 10_000 })
    await page.locator('input[name="variants[0][weightPercent]"]').fill('70')
    await page.assertTextContains('[data-weight-total]', 'must be 100 %')
    await page.getByRole('button', { name: 'Split evenly' }).click()
    await page.assertTextContains('[data-weight-total]', '100.00 %')
    await page.getByRole('button', { name: 'Add variant' }).click()
    assert.equal(await page.locator('input[name="variants[2][key]"]').inputValue(), 'variant_2')
    await page.getByRole('button', { name: 'Edit as JSON' }).click()
    await page.getByRole('button', { name: 'Back to the builder' }).click()
    assert.deepEqual(problems, [])
  })

  test('the flag form adds and removes rules, with nothing refused', async ({
    visit,
    browserContext,
    assert,
  }) => {
    const problems = watchConsole(browserContext)
    await browserContext.loginAs(await UserFactory.apply('admin').create())
    const page = await visit('/experiments/flags/new')
    await page.getByRole('button', { name: 'Add rule' }).click()
    await page.getByRole('button', { name: 'Add rule' }).click()
    assert.equal(await page.locator('[name="rules[1][rollout]"]').inputValue(), '100')
    assert.equal(await page.locator('#rule-value-1').count(), 1)
    await page.getByRole('button', { name: 'Remove rule' }).first().click()
    assert.equal(await page.locator('[name^="rules["][name$="[rollout]"]').count(), 1)
    assert.deepEqual(problems, [])
  })

  test('a new token is copied with the Copy button, with nothing refused', async ({
    visit,
    browserContext,
    assert,
  }) => {
    const problems = watchConsole(browserContext)
    await browserContext.grantPermissions(['clipboard-read', 'clipboard-write'])
    await browserContext.loginAs(await UserFactory.apply('admin').create())
    const page = await visit('/admin/tokens')
    await page.getByLabel('Name').fill('Marketing site')
    await page.locator('input[name="abilities[]"][value="track"]').check()
    await page.getByRole('button', { name: /create/i }).click()
    await page.waitForSelector('[data-token-secret]')
    await page.locator('[data-token-secret] + button').click()
    await page.assertTextContains('[data-token-secret] + button', 'Copied')
    assert.lengthOf(await db.from('auth_access_tokens'), 1)
    assert.deepEqual(problems, [])
  })
})
