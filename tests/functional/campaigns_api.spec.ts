import { test } from '@japa/runner'
import type { Assert } from '@japa/assert'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import { resetDatabase } from '#tests/helpers/database'
import { apiToken } from '#tests/helpers/api'
import { createAbCampaign, makeContacts, recipientsThenSend } from '#tests/helpers/campaigns'
import { workQueueUntil } from '#tests/helpers/notifications'
import { forgetDefinitions } from '#services/experiments/definitions'
import { ContactReplied } from '#events/contact_events'
import { linkToken, recordConversion, recordOpen } from '#services/campaigns'
import env from '#start/env'
import { twilioForTest, twilioSignature } from '#tests/helpers/twilio_server'
import { smtpForTest } from '#tests/helpers/smtp'
import { openPhoneSignatureHeader } from '#sms/signatures'

async function countOf(table: string) {
  const row = await db.from(table).count('* as n').first()
  return Number(row.n)
}

async function abResults(client: any, campaignId: number, token: string) {
  const response = await client.get(`/api/campaigns/${campaignId}/ab-results`).bearerToken(token)
  return response.body().data
}

/** The results count one text delivered and one failed, the failed one with the provider's reason. */
async function assertOneDeliveredOneFailed(
  client: any,
  assert: Assert,
  campaignId: number,
  token: string,
  failedMessageId: string,
  lastError: string
) {
  const data = await abResults(client, campaignId, token)
  const total = (field: string) => data.variants.reduce((sum: number, v: any) => sum + v[field], 0)
  assert.equal(total('messages_delivered'), 1)
  assert.equal(total('messages_failed'), 1)
  const failed = await db
    .from('campaign_messages')
    .where('provider_message_id', failedMessageId)
    .first()
  assert.equal(failed.status, 'failed')
  assert.equal(failed.last_error, lastError)
}

const sentAll = (campaignId: number) => async () => {
  const row = await db
    .from('campaign_messages')
    .where('campaign_id', campaignId)
    .whereIn('status', ['queued', 'sending'])
    .count('* as n')
    .first()
  return Number(row.n) === 0
}

test.group('Campaigns API / creation rules (seed §1)', (group) => {
  group.each.setup(() => resetDatabase())

  test('an A/B campaign: both templates, ab_config kept, an experiment on contacts', async ({
    client,
    assert,
  }) => {
    const { token } = await apiToken()
    const campaign = await createAbCampaign(client, token)
    assert.equal(campaign.campaign_type, 'ab_test')
    assert.equal(campaign.channel, 'sms')
    assert.equal(campaign.template_a, 'Hi {first_name}, enjoy 20% off our holiday sale!')
    assert.equal(
      campaign.template_b,
      'Hello {first_name|there}, save BIG this season - 20% off everything!'
    )
    assert.deepInclude(campaign.ab_config, {
      split_ratio: 50,
      min_sample_size: 30,
      winner_threshold: 0.95,
    })
    const experiment = await db.from('experiments').where('id', campaign.experiment_id).first()
    assert.equal(experiment.unit, 'contact')
    assert.equal(experiment.status, 'running')
    const variants = await db
      .from('experiment_variants')
      .where('experiment_id', experiment.id)
      .orderBy('position')
    assert.deepEqual(
      variants.map((v) => [v.key, v.weight]),
      [
        ['A', 0.5],
        ['B', 0.5],
      ]
    )
  })

  test('any split from 1 to 99 is accepted (70/30, 10/90, 1/99, 99/1)', async ({
    client,
    assert,
  }) => {
    const { token } = await apiToken()
    for (const ratio of [70, 10, 1, 99]) {
      const campaign = await createAbCampaign(client, token, {
        name: `${ratio}/${100 - ratio}`,
        ab_config: { split_ratio: ratio },
      })
      assert.equal(campaign.ab_config.split_ratio, ratio)
      assert.deepEqual(
        campaign.variants.map((v: any) => v.weight),
        [ratio / 100, (100 - ratio) / 100]
      )
    }
  })

  test('the seed error codes: missing variant B, bad splits, empty templates, no ab_config', async ({
    client,
    assert,
  }) => {
    const { token } = await apiToken()
    const post = (body: Record<string, unknown>) =>
      client.post('/api/campaigns/ab-test').bearerToken(token).json(body)
    const expectCode = async (body: Record<string, unknown>, code: string) => {
      const response = await post(body)
      response.assertStatus(422)
      assert.equal(response.body().error.code, code, JSON.stringify(body))
    }
    await expectCode(
      { name: 'x', template_a: 'Only one template', ab_config: { split_ratio: 50 } },
      'MISSING_VARIANT_B'
    )
    for (const ratio of [0, 100, 150, -5, 50.5, '50'])
      await expectCode(
        { name: 'x', template_a: 'A', template_b: 'B', ab_config: { split_ratio: ratio } },
        'INVALID_SPLIT_RATIO'
      )
    await expectCode(
      { name: 'x', template_a: '   ', template_b: 'B', ab_config: {} },
      'EMPTY_TEMPLATE'
    )
    await expectCode(
      { name: 'x', template_a: 'A', template_b: '', ab_config: {} },
      'EMPTY_TEMPLATE'
    )
    await expectCode({ name: 'x', template_a: 'A', template_b: 'B' }, 'MISSING_AB_CONFIG')
    assert.equal(await countOf('campaigns'), 0)
    assert.equal(await countOf('experiments'), 0)
  })

  test('unknown placeholders and an email without subject name their fields', async ({
    client,
    assert,
  }) => {
    const { token } = await apiToken()
    const typo = await client
      .post('/api/campaigns/ab-test')
      .bearerToken(token)
      .json({
        name: 'Typo',
        template_a: 'Hi {frist_name}',
        template_b: 'Hello {first_name}',
        ab_config: { split_ratio: 50 },
      })
    typo.assertStatus(422)
    assert.equal(typo.body().error.fields[0].field, 'variants.0.body')
    assert.include(typo.body().error.fields[0].message, '{frist_name}')
    const email = await client
      .post('/api/campaigns/ab-test')
      .bearerToken(token)
      .json({
        name: 'Email',
        channel: 'email',
        template_a: 'A',
        template_b: 'B',
        subject_a: 'Subject A',
        ab_config: { split_ratio: 50 },
      })
    email.assertStatus(422)
    assert.deepEqual(
      email.body().error.fields.map((f: any) => f.field),
      ['variants.1.subject']
    )
    assert.equal(await countOf('experiments'), 0)
  })

  test('the API needs a token with the manage ability', async ({ client }) => {
    const { token } = await apiToken(['track'])
    const response = await client.get('/api/campaigns').bearerToken(token)
    response.assertStatus(403)
    const none = await client.get('/api/campaigns')
    none.assertStatus(401)
  })
})

test.group('Campaigns API / assignment (seed §2)', (group) => {
  group.each.setup(() => resetDatabase())

  test('deterministic: the same variants on every call and after a restart', async ({
    client,
    assert,
  }) => {
    const { token } = await apiToken()
    const ids = await makeContacts(10)
    const campaign = await createAbCampaign(client, token)
    const first = await client
      .post(`/api/campaigns/${campaign.id}/recipients`)
      .bearerToken(token)
      .json({ contact_ids: ids })
    first.assertStatus(200)
    assert.equal(first.body().data.added, 10)
    const second = await client
      .post(`/api/campaigns/${campaign.id}/recipients`)
      .bearerToken(token)
      .json({ contact_ids: ids })
    assert.equal(second.body().data.added, 0)
    assert.deepEqual(second.body().data.assignments, first.body().data.assignments)
    // A restart forgets every cache; the stored assignment answers the same.
    forgetDefinitions()
    for (const { contact_id: id, variant } of first.body().data.assignments) {
      const lookup = await client
        .get(`/api/campaigns/${campaign.id}/contacts/${id}/variant`)
        .bearerToken(token)
      lookup.assertStatus(200)
      assert.equal(lookup.body().data.variant, variant)
    }
    const none = await client
      .get(`/api/campaigns/${campaign.id}/contacts/999999/variant`)
      .bearerToken(token)
    none.assertStatus(404)
    assert.equal(none.body().error.code, 'not_assigned')
    const unknown = await client
      .post(`/api/campaigns/${campaign.id}/recipients`)
      .bearerToken(token)
      .json({ contact_ids: [ids[0], 999999] })
    assert.deepEqual(unknown.body().data.unknown_contact_ids, [999999])
  })

  test('split accuracy within ±5 % at 1,000 contacts: 50/50, 70/30, 1/99', async ({
    client,
    assert,
  }) => {
    const { token } = await apiToken()
    const ids = await makeContacts(1000, { consent: false })
    for (const ratio of [50, 70, 1]) {
      const campaign = await createAbCampaign(client, token, {
        name: `split ${ratio}`,
        ab_config: { split_ratio: ratio },
      })
      const response = await client
        .post(`/api/campaigns/${campaign.id}/recipients`)
        .bearerToken(token)
        .json({ contact_ids: ids })
      const a = response.body().data.assignments.filter((x: any) => x.variant === 'A').length
      assert.isAtLeast(a, ratio * 10 - 50, `split ${ratio}: ${a} in A`)
      assert.isAtMost(a, ratio * 10 + 50, `split ${ratio}: ${a} in A`)
      assert.equal(response.body().data.assignments.length, 1000)
    }
  })
})

test.group('Campaigns API / SMS end to end (Twilio)', (group) => {
  group.each.setup(() => resetDatabase())

  test('sent through the official client; signed status callbacks deliver or fail once', async ({
    client,
    assert,
    cleanup,
  }) => {
    const authToken = env.get('TWILIO_AUTH_TOKEN')!.release()
    const twilio = await twilioForTest(cleanup)

    const { token } = await apiToken()
    const ids = await makeContacts(3, { firstName: 'Ana' })
    const campaign = await createAbCampaign(client, token)
    const send = await recipientsThenSend(client, token, campaign.id, ids)
    send.assertStatus(202)
    await workQueueUntil(sentAll(campaign.id))
    assert.lengthOf(twilio.messages, 3)
    assert.equal(await countOf('sms_outbox'), 0)

    // Twilio posts each status to the StatusCallback the send asked for, signed.
    const status = (
      message: (typeof twilio.messages)[0],
      value: string,
      signedWith = authToken
    ) => {
      const params = {
        AccountSid: 'AC0',
        MessageSid: message.sid,
        MessageStatus: value,
        To: message.to,
        ...(value === 'undelivered' ? { ErrorCode: '30003' } : {}),
      }
      return client
        .post('/api/webhooks/twilio/status')
        .form(params)
        .header('x-twilio-signature', twilioSignature(signedWith, message.statusCallback!, params))
    }
    const [first, second, third] = twilio.messages
    const answers = []
    for (const [message, value] of [
      [first, 'sent'],
      [first, 'delivered'],
      [first, 'delivered'],
      [second, 'undelivered'],
    ] as const) {
      const answer = await status(message, value)
      answers.push(answer.status())
    }
    assert.deepEqual(answers, [204, 204, 204, 204])
    const forged = await status(third, 'delivered', 'not-the-auth-token')
    forged.assertStatus(401)

    await assertOneDeliveredOneFailed(
      client,
      assert,
      campaign.id,
      token,
      second.sid,
      'Twilio error 30003'
    )
  })
})

test.group('Campaigns API / OpenPhone delivery events', (group) => {
  group.each.setup(() => resetDatabase())

  test('signed message.delivered events deliver or fail a text once; forged ones are refused', async ({
    client,
    assert,
  }) => {
    const secret = env.get('OPENPHONE_WEBHOOK_SECRET')!.release()
    const { token } = await apiToken()
    const ids = await makeContacts(3)
    const campaign = await createAbCampaign(client, token)
    const send = await recipientsThenSend(client, token, campaign.id, ids)
    send.assertStatus(202)
    await workQueueUntil(sentAll(campaign.id))
    const [first, second, third] = await db
      .from('campaign_messages')
      .where('campaign_id', campaign.id)
      .orderBy('id')
      .select('provider_message_id')

    // OpenPhone's event for a text we sent, with the message's status.
    const event = (messageId: string, status?: string, signedWith = secret) => {
      const raw = JSON.stringify({
        id: `EV${messageId}${status ?? ''}`,
        object: 'event',
        type: 'message.delivered',
        data: {
          object: {
            id: messageId,
            object: 'message',
            from: '+15005550007',
            to: ['+14152000000'],
            direction: 'outgoing',
            ...(status ? { status } : {}),
          },
        },
      })
      return client
        .post('/api/webhooks/openphone')
        .header('content-type', 'application/json')
        .header('openphone-signature', openPhoneSignatureHeader(raw, signedWith))
        .json(JSON.parse(raw))
    }
    const outcomes = []
    for (const [id, status] of [
      [first.provider_message_id, 'delivered'],
      [first.provider_message_id, 'delivered'],
      [second.provider_message_id, 'undelivered'],
      [second.provider_message_id, 'undelivered'],
      ['AC-another-apps-text', undefined],
    ]) {
      const answer = await event(id!, status)
      answer.assertStatus(200)
      outcomes.push(answer.body().outcome)
    }
    assert.deepEqual(outcomes, ['recorded', 'unchanged', 'recorded', 'unchanged', 'unchanged'])
    const forged = await event(third.provider_message_id, 'delivered', 'bm90LXRoZS1zZWNyZXQ=')
    forged.assertStatus(401)
    const withoutId = await client
      .post('/api/webhooks/openphone')
      .header('content-type', 'application/json')
      .header(
        'openphone-signature',
        openPhoneSignatureHeader(
          '{"type":"message.delivered","data":{"object":{"from":"+1"}}}',
          secret
        )
      )
      .json({ type: 'message.delivered', data: { object: { from: '+1' } } })
    withoutId.assertStatus(422)
    assert.equal(withoutId.body().error.fields[0].field, 'data.object.id')

    await assertOneDeliveredOneFailed(
      client,
      assert,
      campaign.id,
      token,
      second.provider_message_id,
      'OpenPhone reported the text undelivered'
    )
  })
})

test.group('Campaigns API / email end to end (real SMTP)', (group) => {
  group.each.setup(() => resetDatabase())

  test('each variant’s subject and Markdown go out by SMTP with tracked links; a click counts once', async ({
    client,
    assert,
    cleanup,
  }) => {
    const smtp = await smtpForTest(cleanup)
    const { token } = await apiToken()
    const ids = await makeContacts(4, { firstName: 'Ana' })
    const campaign = await createAbCampaign(client, token, {
      channel: 'email',
      subject_a: 'Spring sale for {first_name}',
      subject_b: '{first_name|Friend}, 20% off',
      template_a: 'Hi {first_name}, **20% off** at [our shop](https://shop.example/sale).',
      template_b: 'Hello {first_name}, see [the sale](https://shop.example/sale).',
      ab_config: { split_ratio: 50, winner_metric: 'click' },
    })
    const send = await recipientsThenSend(client, token, campaign.id, ids)
    send.assertStatus(202)
    await workQueueUntil(sentAll(campaign.id))

    assert.lengthOf(smtp.messages, 4)
    const subjects = new Set(smtp.messages.map((m) => m.subject))
    for (const subject of subjects) assert.oneOf(subject, ['Spring sale for Ana', 'Ana, 20% off'])
    // Markdown rendered: variant A's bold text arrives as HTML.
    const fromA = smtp.messages.find((m) => m.subject === 'Spring sale for Ana')
    if (fromA) assert.include(String(fromA.html), '<strong>20% off</strong>')
    const first = smtp.messages[0]
    const link = String(first.html).match(/href="[^"]*(\/c\/[\w-]+\/\d+)"/)
    assert.isNotNull(link, 'the shop link is replaced by a tracked link')
    assert.notInclude(String(first.html), 'href="https://shop.example/sale"')
    assert.match(String(first.html), /\/o\/[\w-]+\.gif/)

    // A person clicks (after the scanners' first second): redirected to the shop, once.
    await new Promise((resolve) => setTimeout(resolve, 1100))
    const browser = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131 Safari/537.36'
    for (let i = 0; i < 2; i++) {
      const click = await client.get(link![1]).header('user-agent', browser).redirects(0)
      click.assertStatus(302)
      assert.equal(click.header('location'), 'https://shop.example/sale')
    }
    const data = await abResults(client, campaign.id, token)
    const clicks = data.variants.reduce((sum: number, v: any) => sum + v.clicks, 0)
    assert.equal(clicks, 1)
  })

  test('a mail server that is down leaves messages queued with the error, sent once it is back', async ({
    client,
    assert,
    cleanup,
  }) => {
    const smtp = await smtpForTest(cleanup)
    await smtp.stop()
    const { token } = await apiToken()
    const ids = await makeContacts(2)
    const campaign = await createAbCampaign(client, token, {
      channel: 'email',
      subject_a: 'A',
      subject_b: 'B',
    })
    await recipientsThenSend(client, token, campaign.id, ids)
    const { sendDueMessages } = await import('#services/campaigns')
    await sendDueMessages('email')

    const waiting = await db.from('campaign_messages').where('campaign_id', campaign.id)
    for (const message of waiting) {
      assert.equal(message.status, 'queued')
      assert.isAbove(message.attempts, 0)
      assert.isNotNull(message.last_error)
      assert.isNotNull(message.send_after)
    }

    // The server is back and the backoff has passed: each message goes out exactly once.
    await smtp.start()
    await db
      .from('campaign_messages')
      .where('campaign_id', campaign.id)
      .update({ send_after: null })
    await sendDueMessages('email')
    await sendDueMessages('email')
    assert.lengthOf(smtp.messages, 2)
    const sent = await db.from('campaign_messages').where('campaign_id', campaign.id)
    assert.deepEqual(
      sent.map((m) => [m.status, m.last_error]),
      [
        ['sent', null],
        ['sent', null],
      ]
    )
  })
})

test.group('Campaigns API / test then send the winner', (group) => {
  group.each.setup(() => resetDatabase())

  test('a test group first; when the wait ends the better variant goes to the rest', async ({
    client,
    assert,
  }) => {
    const { token } = await apiToken()
    const ids = await makeContacts(100)
    const campaign = await createAbCampaign(client, token, {
      ab_config: {
        split_ratio: 50,
        mode: 'test_winner',
        test_percent: 20,
        wait_minutes: 60,
        winner_metric: 'conversion',
        fallback: 'better',
      },
    })
    const send = await recipientsThenSend(client, token, campaign.id, ids)
    send.assertStatus(202)
    assert.equal(send.body().data.status, 'testing')
    await workQueueUntil(sentAll(campaign.id))

    const messages = () => db.from('campaign_messages').where('campaign_id', campaign.id)
    const before = await messages()
    const testGroup = before.filter((m) => m.phase === 'test')
    const rest = before.filter((m) => m.phase === 'rest')
    assert.isAbove(testGroup.length, 5)
    assert.isBelow(testGroup.length, 40)
    assert.equal(testGroup.length + rest.length, 100)
    for (const m of testGroup) assert.equal(m.status, 'sent')
    for (const m of rest) assert.deepEqual([m.status, m.variant_key], ['waiting', null])

    // Only B's test recipients convert; nothing is decided before the wait ends.
    for (const m of testGroup.filter((row) => row.variant_key === 'B')) {
      await recordConversion(m.contact_id)
    }
    const { decideDueTests } = await import('#services/campaigns')
    assert.equal(await decideDueTests(), 0)
    await db.from('campaigns').where('id', campaign.id).update({ test_ends_at: new Date() })
    assert.equal(await decideDueTests(), 1)

    await workQueueUntil(sentAll(campaign.id))
    const afterwards = await messages()
    for (const m of afterwards.filter((row) => row.phase === 'rest'))
      assert.deepEqual([m.status, m.variant_key], ['sent', 'B'])
    const data = await abResults(client, campaign.id, token)
    assert.equal(data.winner, 'B')
  }).timeout(60_000)
})

test.group('Campaigns API / SMS end to end (outbox)', (group) => {
  group.each.setup(() => resetDatabase())

  test('create, add recipients, send, reply, results, winner', async ({ client, assert }) => {
    const { token } = await apiToken()
    const ids = await makeContacts(4, { firstName: 'Ana' })
    const [noConsent] = await makeContacts(1, { consent: false, start: 100 })
    const campaign = await createAbCampaign(client, token, {
      ab_config: { split_ratio: 50, winner_metric: 'reply' },
    })
    await client
      .post(`/api/campaigns/${campaign.id}/recipients`)
      .bearerToken(token)
      .json({ contact_ids: [...ids, noConsent + 0] })

    const send = await client.post(`/api/campaigns/${campaign.id}/send`).bearerToken(token)
    send.assertStatus(202)
    assert.equal(send.body().data.queued, 5)
    await workQueueUntil(sentAll(campaign.id))

    const outbox = await db.from('sms_outbox').orderBy('id')
    assert.lengthOf(outbox, 4)
    for (const message of outbox) assert.match(message.body, /^(Hi Ana, enjoy|Hello Ana, save BIG)/)
    const skipped = await db.from('campaign_messages').where('contact_id', noConsent).first()
    assert.equal(skipped.status, 'skipped')
    assert.equal(skipped.skip_reason, 'no_consent')

    // The first recipient answers: a reply, positive, counted once even if published twice.
    const reply = {
      contactId: ids[0],
      channel: 'sms' as const,
      body: 'Yes, interested!',
      receivedAt: DateTime.now(),
      providerMessageId: 'SM-reply-1',
      keyword: null,
    }
    for (let i = 0; i < 2; i++) await db.transaction((trx) => ContactReplied.publish(reply, trx))
    await new Promise((resolve) => setTimeout(resolve, 300))

    const results = await client.get(`/api/campaigns/${campaign.id}/ab-results`).bearerToken(token)
    results.assertStatus(200)
    const data = results.body().data
    const total = (field: string) =>
      data.variants.reduce((sum: number, v: any) => sum + v[field], 0)
    assert.equal(total('messages_sent'), 4)
    assert.equal(total('responses'), 1)
    assert.equal(total('positive_responses'), 1)
    assert.equal(total('messages_skipped'), 1)
    assert.isTrue(data.insufficient_sample_size)
    assert.isFalse(data.significant)
    assert.isNull(data.winner)
    assert.equal(data.reason, 'insufficient_confidence')
    for (const key of [
      'recipients',
      'messages_sent',
      'open_rate',
      'click_rate',
      'response_rate',
      'conversion_rate',
      'positive_responses',
    ])
      assert.property(data.variant_a, key)

    // The experiment counted the same: sends as exposures, the reply as an event.
    const events = await db
      .from('experiment_events')
      .where('experiment_id', campaign.experiment_id)
      .select('event_name')
    assert.equal(events.filter((e) => e.event_name === 'sent').length, 4)
    assert.equal(events.filter((e) => e.event_name === 'reply').length, 1)
    assert.equal(events.filter((e) => e.event_name === 'positive_reply').length, 1)

    const identify = await client
      .post(`/api/campaigns/${campaign.id}/identify-winner`)
      .bearerToken(token)
    assert.isNull(identify.body().data.winner)

    const noReason = await client
      .post(`/api/campaigns/${campaign.id}/winner`)
      .bearerToken(token)
      .json({ winner: 'B' })
    noReason.assertStatus(422)
    assert.equal(noReason.body().error.fields[0].field, 'override_reason')
    const manual = await client
      .post(`/api/campaigns/${campaign.id}/winner`)
      .bearerToken(token)
      .json({ winner: 'B', override_reason: 'Better brand alignment despite lower conversion' })
    manual.assertStatus(200)
    assert.equal(manual.body().data.winner, 'B')
    assert.isTrue(manual.body().data.manual_override)
    assert.equal(
      manual.body().data.ab_winner_data.override_reason,
      'Better brand alignment despite lower conversion'
    )
    assert.include(manual.body().data.ab_winner_data.decided_by, 'Test token')
    // Audited on the campaign's experiment, with the reason and who decided.
    const audit = await db
      .from('experiment_audit_log')
      .where({ entity_type: 'experiment', entity_id: campaign.experiment_id })
      .where('action', 'campaign_winner_overridden')
    assert.lengthOf(audit, 1)
    assert.equal(audit[0].reason, 'Better brand alignment despite lower conversion')
    assert.include(audit[0].actor_label, 'Test token')
  })

  test('a draft sends nothing; a scheduled campaign sends its recipients at its time, once', async ({
    client,
    assert,
  }) => {
    const { token } = await apiToken()
    const ids = await makeContacts(3)
    const campaign = await createAbCampaign(client, token, {
      scheduled_at: DateTime.now().plus({ hours: 1 }).toISO(),
    })
    const added = await client
      .post(`/api/campaigns/${campaign.id}/recipients`)
      .bearerToken(token)
      .json({ contact_ids: ids })
    added.assertStatus(200)
    const { sendDueMessages } = await import('#services/campaigns')
    assert.equal(await sendDueMessages('sms'), 0)

    const send = await client.post(`/api/campaigns/${campaign.id}/send`).bearerToken(token)
    send.assertStatus(202)
    assert.equal(send.body().data.status, 'scheduled')
    assert.equal(send.body().data.queued, 3)
    assert.equal(await sendDueMessages('sms'), 0)
    assert.equal(await countOf('sms_outbox'), 0)

    // Its time has come.
    await db
      .from('campaigns')
      .where('id', campaign.id)
      .update({ started_at: DateTime.now().minus({ seconds: 1 }).toJSDate() })
    assert.equal(await sendDueMessages('sms'), 3)
    assert.equal(await sendDueMessages('sms'), 0)
    assert.equal(await countOf('sms_outbox'), 3)
    const { status } = await db.from('campaigns').where('id', campaign.id).first()
    assert.equal(status, 'sending')
  })

  test('STOP opts out: a reply and an opt-out (the guardrail), never positive', async ({
    client,
    assert,
  }) => {
    const { token } = await apiToken()
    const ids = await makeContacts(2)
    const campaign = await createAbCampaign(client, token)
    await recipientsThenSend(client, token, campaign.id, ids)
    await workQueueUntil(sentAll(campaign.id))
    await db.transaction((trx) =>
      ContactReplied.publish(
        {
          contactId: ids[1],
          channel: 'sms',
          body: 'STOP yes',
          receivedAt: DateTime.now(),
          providerMessageId: 'SM-stop',
          keyword: 'stop',
        },
        trx
      )
    )
    const row = await db.from('campaign_messages').where('contact_id', ids[1]).first()
    assert.equal(row.reply_class, 'negative')
    assert.isNotNull(row.opted_out_at)
    const data = await abResults(client, campaign.id, token)
    assert.equal(
      data.variants.reduce((s: number, v: any) => s + v.opt_outs, 0),
      1
    )
    assert.equal(
      data.variants.reduce((s: number, v: any) => s + v.positive_responses, 0),
      0
    )
  })
})

test.group('Campaigns API / tracking (seed §3, concurrency)', (group) => {
  group.each.setup(() => resetDatabase())

  test('10 concurrent writers × 100 events count each open and conversion once', async ({
    client,
    assert,
  }) => {
    const { token } = await apiToken()
    const ids = await makeContacts(100)
    const campaign = await createAbCampaign(client, token, {
      channel: 'email',
      subject_a: 'A {first_name}',
      subject_b: 'B',
      ab_config: { split_ratio: 50 },
    })
    await client
      .post(`/api/campaigns/${campaign.id}/recipients`)
      .bearerToken(token)
      .json({ contact_ids: ids })
    await db
      .from('campaign_messages')
      .where('campaign_id', campaign.id)
      .update({ status: 'sent', sent_at: new Date(Date.now() - 60_000) })
    const messages = await db
      .from('campaign_messages')
      .where('campaign_id', campaign.id)
      .orderBy('contact_id')
    const tokens = messages.map((m) => linkToken(Number(m.id)))
    // Ten writers at once, each recording every open and conversion (the seed's threads).
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        for (let i = 0; i < 100; i++) {
          await recordOpen(tokens[i])
          await recordConversion(ids[i])
        }
      })
    )
    // Over HTTP too: the pixel and the conversions API count nothing twice.
    const { token: trackToken } = await apiToken(['track'])
    const pixel = await client.get(`/o/${tokens[0]}.gif`)
    pixel.assertStatus(200)
    pixel.assertHeader('content-type', 'image/gif')
    const again = await client
      .post('/api/campaigns/conversions')
      .bearerToken(trackToken)
      .json({ contact_id: ids[0] })
    again.assertStatus(200)
    again.assertBodyContains({ data: { counted: false, reason: 'duplicate' } })
    const data = await abResults(client, campaign.id, token)
    const total = (field: string) =>
      data.variants.reduce((sum: number, v: any) => sum + v[field], 0)
    assert.equal(total('opens'), 100)
    assert.equal(total('conversions'), 100)
    // Sent rows were set by hand (not assigned through a send): the experiment events are the
    // ones of assigned contacts, each once.
    const events = await db
      .from('experiment_events')
      .where('experiment_id', campaign.experiment_id)
      .whereIn('event_name', ['open', 'conversion'])
      .count('* as n')
      .first()
    assert.equal(Number(events.n), 200)
  }).timeout(120_000)

  test('clicks: HEAD, scanners and instant clicks are not counted; a person counts once', async ({
    client,
    assert,
  }) => {
    const { token } = await apiToken()
    const [id] = await makeContacts(1)
    const campaign = await createAbCampaign(client, token, {
      template_a: 'Hi {first_name}, see https://shop.example/sale',
      template_b: 'Hello, see https://shop.example/sale',
    })
    await client
      .post(`/api/campaigns/${campaign.id}/recipients`)
      .bearerToken(token)
      .json({ contact_ids: [id] })
    await db
      .from('campaign_messages')
      .where('campaign_id', campaign.id)
      .update({ status: 'sent', sent_at: new Date(Date.now() - 60_000) })
    const message = await db.from('campaign_messages').where('campaign_id', campaign.id).first()
    const link = linkToken(Number(message.id))
    const browser =
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 Safari/605.1.15'
    const head = await client.head(`/c/${link}/0`).header('user-agent', browser).redirects(0)
    head.assertStatus(302)
    const scanner = await client
      .get(`/c/${link}/0`)
      .header('user-agent', 'Mozilla/5.0 (compatible; Proofpoint URL Defense)')
      .redirects(0)
    scanner.assertStatus(302)
    assert.equal(scanner.header('location'), 'https://shop.example/sale')
    const unclicked = await db.from('campaign_messages').where('id', message.id).first()
    assert.isNull(unclicked.clicked_at)
    for (let i = 0; i < 3; i++)
      await client.get(`/c/${link}/0`).header('user-agent', browser).redirects(0)
    const data = await abResults(client, campaign.id, token)
    assert.equal(
      data.variants.reduce((s: number, v: any) => s + v.clicks, 0),
      1
    )
    const missing = await client.get(`/c/${link}/5`).redirects(0)
    missing.assertStatus(404)
  })

  test('a tracking token is signed: a forged one is a 404, a stored one still works', async ({
    client,
    assert,
  }) => {
    const { token } = await apiToken()
    const ids = await makeContacts(2)
    const campaign = await createAbCampaign(client, token, {
      template_a: 'Hi, see https://shop.example/sale',
      template_b: 'Hello, see https://shop.example/sale',
    })
    await client
      .post(`/api/campaigns/${campaign.id}/recipients`)
      .bearerToken(token)
      .json({ contact_ids: ids })
    const [signed, older] = await db
      .from('campaign_messages')
      .where('campaign_id', campaign.id)
      .orderBy('id')
    assert.isNull(signed.token, 'nothing stored per recipient')
    // A message added before signed tokens keeps its stored random one.
    const stored = 'ab'.repeat(16)
    await db.from('campaign_messages').where('id', older.id).update({ token: stored })
    await db
      .from('campaign_messages')
      .where('campaign_id', campaign.id)
      .update({ status: 'sent', sent_at: new Date(Date.now() - 60_000) })
    const browser = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131 Safari/537.36'
    const good = linkToken(Number(signed.id))
    const forged = `${good.slice(0, -1)}${good.endsWith('0') ? '1' : '0'}`
    const otherId = `${Number(older.id).toString(36)}${good.slice(good.indexOf('-'))}`
    for (const bad of [forged, otherId, `${good}0`, '0'.repeat(31)]) {
      const response = await client.get(`/c/${bad}/0`).header('user-agent', browser).redirects(0)
      response.assertStatus(404)
    }
    for (const link of [good, stored]) {
      const response = await client.get(`/c/${link}/0`).header('user-agent', browser).redirects(0)
      response.assertStatus(302)
      assert.equal(response.header('location'), 'https://shop.example/sale')
      await client.get(`/o/${link}.gif`)
    }
    const rows = await db.from('campaign_messages').where('campaign_id', campaign.id)
    for (const row of rows) {
      assert.isNotNull(row.clicked_at)
      assert.isNotNull(row.opened_at)
    }
  })
})
