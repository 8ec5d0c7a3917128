import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import env from '#start/env'
import { UserFactory } from '#database/factories/user_factory'
import { resetDatabase } from '#tests/helpers/database'
import { makeContacts } from '#tests/helpers/campaigns'
import { workQueueUntil } from '#tests/helpers/notifications'
import { saveAudience } from '#services/contacts'
import { linkToken } from '#services/campaigns'
import { openPhoneSignatureHeader } from '#sms/signatures'

const OPENPHONE_SECRET = env.get('OPENPHONE_WEBHOOK_SECRET')!.release()

/** A contact's text reaching the app the way OpenPhone sends it (signed, over HTTP). */
async function openPhoneReply(origin: string, from: string, text: string) {
  const raw = JSON.stringify({
    type: 'message.received',
    data: { object: { id: `AC-${from}`, from, text, conversationId: 'conv_1' } },
  })
  const response = await fetch(`${origin}/api/webhooks/openphone`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'openphone-signature': openPhoneSignatureHeader(raw, OPENPHONE_SECRET),
    },
    body: raw,
  })
  if (response.status !== 200) throw new Error(`webhook answered ${response.status}`)
}

test.group('Browser / campaigns', (group) => {
  group.each.setup(() => resetDatabase())

  test('an admin creates an SMS campaign, sends it, and its results update live on a reply and a click', async ({
    visit,
    browserContext,
    assert,
  }) => {
    await makeContacts(4)
    await makeContacts(2, { consent: false, start: 100 })
    await saveAudience({
      name: 'Texts allowed',
      rule: { attribute: 'sms_consent', op: 'eq', value: true },
    })
    await browserContext.loginAs(await UserFactory.apply('admin').create())
    const page = await visit('/campaigns/new')
    const origin = new URL(page.url()).origin

    await page.fill('#c-name', 'Spring sale')
    await page.selectOption('#c-audience', { label: 'Texts allowed' })
    await page.waitForSelector('[data-audience-count]:has-text("4 contacts match")', {
      timeout: 10_000,
    })

    await page.fill('#c-template-a', 'Hi {first_name|there}, 20% off: https://example.com/sale')
    await page.waitForSelector('#preview-a [data-preview]:has-text("Hi Alex, 20% off")', {
      timeout: 10_000,
    })
    await page.assertTextContains('#preview-a [data-sms-counter]', 'GSM-7')
    await page.assertTextContains('#preview-a [data-sms-counter]', '1 segment ')

    // One emoji makes the whole text UCS-2: 70 characters a message, 67 a segment.
    await page.fill(
      '#c-template-b',
      'Hello {first_name} 🌷 spring is here and everything in the shop is 20% off until Sunday'
    )
    await page.waitForSelector('#preview-b [data-sms-counter]:has-text("UCS-2")', {
      timeout: 10_000,
    })
    await page.assertTextContains('#preview-b [data-sms-counter]', '2 segments')
    await page.fill('#c-template-b', 'Hello {frist_name}')
    await page.waitForSelector('#preview-b :text("Unknown placeholder: {frist_name}")', {
      timeout: 10_000,
    })
    await page.fill(
      '#c-template-b',
      'Hello {first_name}, 20% off this week: https://example.com/sale'
    )

    await page.check('input[name="mode"][value="split"]')
    await page.selectOption('#c-metric', 'reply')
    await page.click('button:has-text("Save draft and review")')

    await page.waitForSelector('button:has-text("Send now")', { timeout: 10_000 })
    await page.assertTextContains('h1', 'Spring sale')
    await page.assertTextContains('[data-variant="B"]', 'Hello {first_name}, 20% off')
    await page.click('button:has-text("Send now")')
    await page.waitForSelector('.alert:has-text("4 messages queued")', { timeout: 10_000 })
    await page.waitForSelector('#campaign-results[data-live-subscribed="true"]', {
      timeout: 15_000,
    })
    await page.evaluate(() => ((globalThis as any).__sameDocument = true))

    // The sender (a queue job) sends to the outbox transport; the page follows by itself.
    await workQueueUntil(async () => {
      const [{ count }] = await db
        .from('campaign_messages')
        .where('status', 'sent')
        .count('* as count')
      return Number(count) === 4
    })
    const sentCells = page.locator('[data-campaign-results] td[data-sent]')
    await page.waitForFunction(
      () =>
        [...(globalThis as any).document.querySelectorAll('[data-campaign-results] td[data-sent]')]
          .map((cell: any) => Number(cell.textContent))
          .reduce((a: number, b: number) => a + b, 0) === 4,
      undefined,
      { timeout: 10_000 }
    )
    assert.equal(await sentCells.count(), 2)

    const message = await db
      .from('campaign_messages as m')
      .join('contacts as c', 'c.id', 'm.contact_id')
      .select('c.phone', 'm.variant_key as key', 'm.id')
      .orderBy('m.id')
      .firstOrFail()
    const row = `[data-results-variant="${message.key}"]`
    await page.assertTextContains(`${row} [data-positive-replies]`, '0')

    await openPhoneReply(origin, message.phone, 'Yes please, interested!')
    await page.waitForSelector(`${row} [data-positive-replies]:has-text("1")`, { timeout: 10_000 })
    assert.notEqual((await page.textContent(`${row} [data-reply-rate]`))!.trim(), '0.0 %')

    // A person opening the tracked link (a phone's browser, not a scanner): a click.
    const click = await fetch(`${origin}/c/${linkToken(Number(message.id))}/0`, {
      redirect: 'manual',
      headers: { 'user-agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X)' },
    })
    assert.equal(click.status, 302)
    assert.equal(click.headers.get('location'), 'https://example.com/sale')
    await page.waitForSelector(`${row} [data-click-rate]:not(:text-is("0.0 %"))`, {
      timeout: 10_000,
    })
    assert.isTrue(await page.evaluate(() => (globalThis as any).__sameDocument === true))
  })
})
