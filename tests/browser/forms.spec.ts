import { test } from '@japa/runner'
import FeatureFlag from '#models/feature_flag'
import { UserFactory } from '#database/factories/user_factory'
import { resetDatabase } from '#tests/helpers/database'

test.group('Browser / forms', (group) => {
  group.each.setup(resetDatabase)

  test('a form the browser checks shows every error beside its field, each gone when fixed', async ({
    visit,
    assert,
  }) => {
    const page = await visit('/help/tickets/link')
    await page.getByRole('button', { name: 'Email me a link' }).click()
    const number = page.locator('.field', { has: page.locator('#field-number') })
    const email = page.locator('.field', { has: page.locator('#field-email') })
    // Both at once, beside their fields; the first is focused; nothing was sent.
    await number.locator('.field-error').waitFor()
    assert.isTrue(await email.locator('.field-error').isVisible())
    assert.equal(await page.locator('#field-number').getAttribute('aria-invalid'), 'true')
    assert.isTrue(
      await page.locator('#field-number').evaluate((el) => el === el.ownerDocument.activeElement)
    )
    assert.include(page.url(), '/help/tickets/link')

    await page.locator('#field-email').fill('dana@')
    assert.equal(await email.locator('.field-error').count(), 1)
    await page.locator('#field-email').fill('dana@example.com')
    assert.equal(await email.locator('.field-error').count(), 0)
    assert.isNull(await page.locator('#field-email').getAttribute('aria-invalid'))
    assert.equal(await number.locator('.field-error').count(), 1)
  })

  test("the server's messages go as each field is fixed", async ({ visit, assert }) => {
    const page = await visit('/help/tickets/new')
    await page.getByRole('button', { name: /send/i }).click()
    await page.waitForURL(/\/help\/tickets\/new/)
    const title = page.locator('.field', { has: page.locator('#field-title') })
    const email = page.locator('.field', { has: page.locator('#field-email') })
    await title.locator('.field-error').first().waitFor()
    assert.isAtLeast(await email.locator('.field-error').count(), 1)

    await page.locator('#field-title').fill('Cannot export my board')
    assert.equal(await title.locator('.field-error').count(), 0)
    assert.isAtLeast(await email.locator('.field-error').count(), 1)
  })

  test('the flag form makes the key from the name, offers true/false and the targeting builder', async ({
    visit,
    browserContext,
    assert,
  }) => {
    const admin = await UserFactory.apply('admin').create()
    await browserContext.loginAs(admin)
    const page = await visit('/experiments/flags/new')

    await page.locator('#flag-name').fill('New dashboard layout')
    assert.equal(await page.locator('#flag-key').inputValue(), 'new_dashboard_layout')
    // A boolean flag's value is chosen, not typed.
    assert.equal(await page.locator('#flag-default').evaluate((el) => el.tagName), 'SELECT')
    await page.locator('#flag-default').selectOption('true')

    await page.getByRole('button', { name: 'Add rule' }).click()
    const rule = page.locator('[data-flag-rule]')
    await rule.getByRole('button', { name: 'Add condition' }).click()
    await rule.getByLabel('Attribute').fill('plan')
    await rule.getByLabel('Value', { exact: true }).first().fill('pro')
    await rule.locator('#rule-value-0').selectOption('false')
    // An edited key stays as typed when the name changes again.
    await page.locator('#flag-key').fill('dashboard_v2')
    await page.locator('#flag-name').fill('Dashboard, second try')
    assert.equal(await page.locator('#flag-key').inputValue(), 'dashboard_v2')

    await page.getByRole('button', { name: 'Create flag' }).click()
    await page.waitForURL((url) => !url.pathname.endsWith('/new'))
    const flag = await FeatureFlag.findByOrFail('key', 'dashboard_v2')
    assert.equal(flag.name, 'Dashboard, second try')
    assert.strictEqual(flag.defaultValue, true)
    assert.deepEqual(flag.rules, [
      { targeting: { attribute: 'plan', op: 'eq', value: 'pro' }, rollout: 100, value: false },
    ])
  })
})
