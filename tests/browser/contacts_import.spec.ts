import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { UserFactory } from '#database/factories/user_factory'
import { resetDatabase } from '#tests/helpers/database'
import { SYSTEM_ACTOR } from '#services/accounts'
import { createContacts, findContactByEmail } from '#services/contacts'

const CSV = [
  'Email,Mobile,Given name,Plan,Texts ok',
  'ada@example.com,+14155550123,Ada,pro,yes',
  'broken-address,,Bob,free,no',
  'grace@example.com,,Grace,team,',
].join('\n')

test.group('Browser / contacts import', (group) => {
  group.each.setup(() => resetDatabase())

  test('an agent maps the columns, sees the dry run’s errors, imports, and finds the contacts', async ({
    visit,
    browserContext,
    assert,
  }) => {
    await createContacts([{ email: 'grace@example.com', firstName: 'G.' }], SYSTEM_ACTOR)
    const agent = await UserFactory.create()
    await browserContext.loginAs(agent)
    const page = await visit('/contacts/import')

    await page.setInputFiles('#field-file', {
      name: 'contacts.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(CSV),
    })
    await page.click('[data-read-columns]')
    const plan = page.locator('select[data-column="Plan"]')
    await plan.waitFor({ timeout: 10_000 })
    assert.equal(await page.locator('select[data-column="Given name"]').inputValue(), 'first_name')
    assert.equal(await plan.inputValue(), 'fields.plan')
    // "Texts ok" is not a known header: the agent says it is the SMS consent.
    await page.selectOption('select[data-column="Texts ok"]', 'consent.sms')

    await page.click('[data-dry-run]')
    await page.waitForSelector('[data-import-report]', { timeout: 10_000 })
    await page.assertTextContains('[data-import-report] .card-header', 'Dry run')
    await page.assertTextContains('[data-count="created"]', '1 to create')
    await page.assertTextContains('[data-count="updated"]', '1 to update')
    await page.assertTextContains('[data-import-errors]', 'must be a valid email address')
    await page.assertTextContains('[data-import-errors] td.num', '3')
    const [{ count }] = await db.from('contacts').count('* as count')
    assert.equal(Number(count), 1)

    await page.click('[data-import]')
    await page.waitForSelector('[data-import-report]:has-text("Imported")', { timeout: 10_000 })
    await page.assertTextContains('[data-count="created"]', '1 created')
    const ada = await findContactByEmail('ada@example.com')
    assert.isTrue(ada!.consent.sms!.granted)
    const grace = await findContactByEmail('grace@example.com')
    assert.equal(grace!.firstName, 'Grace')

    await page.goto(`${new URL(page.url()).origin}/contacts`)
    await page.fill('#contact-search', 'ada')
    await page.waitForSelector('[data-contact-table] tbody tr:only-child', { timeout: 10_000 })
    await page.click('[data-contact-table] a:has-text("Ada")')
    await page.waitForSelector('[data-contact-consent]')
    await page.assertTextContains('[data-contact-consent]', 'Granted via CSV import')
  })
})
