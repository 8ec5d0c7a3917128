import { test } from '@japa/runner'
import { UserFactory } from '#database/factories/user_factory'
import { resetDatabase } from '#tests/helpers/database'
import { SYSTEM_ACTOR } from '#services/accounts'
import { createContacts, listAudiences } from '#services/contacts'

test.group('Browser / audiences', (group) => {
  group.each.setup(() => resetDatabase())

  test('an agent builds an audience with the targeting builder, watching the count, and saves it', async ({
    visit,
    browserContext,
    assert,
  }) => {
    const texts = { sms: { granted: true, source: 'test' } }
    await createContacts(
      [
        { phone: '+14155550101', fields: { plan: 'pro' }, consent: texts },
        { phone: '+14155550102', fields: { plan: 'free' }, consent: texts },
        { phone: '+14155550103', fields: { plan: 'pro' }, consent: texts },
        { email: 'no-texts@example.com', fields: { plan: 'pro' } },
      ],
      SYSTEM_ACTOR
    )
    await browserContext.loginAs(await UserFactory.create())
    const page = await visit('/contacts/audiences')

    // The suggested first condition (SMS consent) is shown as a condition, with its count.
    const rows = page.locator('[data-audience-form] .condition-row')
    assert.equal(await rows.count(), 1)
    assert.equal(await rows.nth(0).getByLabel('Attribute').inputValue(), 'sms_consent')
    await page.waitForSelector('#audience-count [data-rule-count]:text-is("3")', {
      timeout: 10_000,
    })

    await page.click('[data-audience-form] button:has-text("Add condition")')
    await rows.nth(1).getByLabel('Attribute').fill('fields.plan')
    await rows.nth(1).getByLabel('Value').fill('pro')
    await page.waitForSelector('#audience-count [data-rule-count]:text-is("2")', {
      timeout: 10_000,
    })

    await page.fill('#field-name', 'Pro texters')
    await page.click('button:has-text("Save audience")')
    await page.waitForSelector('[data-audience-row]:has-text("Pro texters")', { timeout: 10_000 })
    await page.assertTextContains('[data-audience-row] [data-audience-count]', '2')
    const [audience] = await listAudiences()
    assert.deepEqual(audience.rule, {
      all: [
        { attribute: 'sms_consent', op: 'eq', value: true },
        { attribute: 'fields.plan', op: 'eq', value: 'pro' },
      ],
    })
  })
})
