import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import emitter from '@adonisjs/core/services/emitter'
import db from '@adonisjs/lucid/services/db'
import env from '#start/env'
import { resetDatabase } from '#tests/helpers/database'
import { twilioSignature } from '#tests/helpers/twilio_server'
import { ContactReplied } from '#events/contact_events'
import { SYSTEM_ACTOR } from '#services/accounts'
import { publicUrl } from '#services/platform'
import { createContacts, findContactByPhone, reachability } from '#services/contacts'
import { openPhoneSignatureHeader } from '#sms/signatures'

const TWILIO_TOKEN = env.get('TWILIO_AUTH_TOKEN')!.release()
const OPENPHONE_SECRET = env.get('OPENPHONE_WEBHOOK_SECRET')!.release()
const PHONE = '+14155550123'

function twilioInbound(body: string, sid: string) {
  return {
    AccountSid: 'AC0',
    Body: body,
    From: PHONE,
    MessageSid: sid,
    NumMedia: '0',
    To: '+15005550006',
    ToState: '',
  }
}

/** The seed's `message.received` event, with OpenPhone's message id. */
function openPhoneEvent(text: string, id?: string) {
  return JSON.stringify({
    type: 'message.received',
    data: { object: { ...(id ? { id } : {}), from: PHONE, text, conversationId: 'conv_123' } },
  })
}

async function smsConsenting() {
  const [result] = await createContacts(
    [{ phone: PHONE, consent: { sms: { granted: true, source: 'checkout form' } } }],
    SYSTEM_ACTOR
  )
  if (!result.ok) throw new Error('contact not created')
  return result.id
}

function captureReplies(cleanup: (fn: () => void) => void) {
  const replies: ContactReplied[] = []
  const listener = (event: ContactReplied) => {
    replies.push(event)
  }
  emitter.on(ContactReplied, listener)
  cleanup(() => emitter.off(ContactReplied, listener))
  return replies
}

/**
 * A Twilio webhook POST of `params`, signed as Twilio would with `token`, over `signed`
 * (the form Twilio sent: another one makes a tampered body).
 */
function postTwilio(
  client: ApiClient,
  params: Record<string, string>,
  { token = TWILIO_TOKEN, signed = params } = {}
) {
  return client
    .post('/api/webhooks/twilio')
    .form(params)
    .header('x-twilio-signature', twilioSignature(token, publicUrl('/api/webhooks/twilio'), signed))
}

const inboundCount = async () => {
  const [{ count }] = await db.from('sms_inbound').count('* as count')
  return Number(count)
}

test.group('SMS webhooks / Twilio', (group) => {
  group.each.setup(() => resetDatabase())

  test('a signed reply is stored once and published; STOP opts out, START back in', async ({
    client,
    assert,
    cleanup,
  }) => {
    const id = await smsConsenting()
    const replies = captureReplies(cleanup)
    const post = (params: Record<string, string>) => postTwilio(client, params)

    const yes = await post(twilioInbound('Yes, interested!', 'SM1'))
    yes.assertStatus(200)
    assert.include(yes.text(), '<Response>')
    // Twilio retries when it does not hear back in time: the same message id again.
    const retried = await post(twilioInbound('Yes, interested!', 'SM1'))
    retried.assertStatus(200)
    assert.equal(await inboundCount(), 1)
    assert.lengthOf(replies, 1)
    assert.include(replies[0], {
      contactId: id,
      channel: 'sms',
      body: 'Yes, interested!',
      keyword: null,
    })

    const stop = await post(twilioInbound('  stop ', 'SM2'))
    stop.assertStatus(200)
    let contact = (await findContactByPhone(PHONE))!
    assert.deepEqual(reachability(contact, 'sms'), { ok: false, reason: 'opted_out' })
    assert.equal(replies[1].keyword, 'stop')

    const start = await post(twilioInbound('START', 'SM3'))
    start.assertStatus(200)
    contact = (await findContactByPhone(PHONE))!
    assert.deepEqual(reachability(contact, 'sms'), { ok: true, address: PHONE })
    assert.equal(replies[2].keyword, 'start')
  })

  test('a bad or missing signature is refused with 401 and nothing is stored', async ({
    client,
    assert,
  }) => {
    await smsConsenting()
    const params = twilioInbound('STOP', 'SM9')
    const forged = await postTwilio(client, params, { token: 'wrong-token' })
    forged.assertStatus(401)
    assert.equal(forged.body().error.code, 'invalid_signature')
    // Signed for other content: a changed body fails too.
    const tampered = await postTwilio(client, { ...params, Body: 'START' }, { signed: params })
    tampered.assertStatus(401)
    const unsigned = await client.post('/api/webhooks/twilio').form(params)
    unsigned.assertStatus(401)
    assert.equal(await inboundCount(), 0)
    const untouched = await findContactByPhone(PHONE)
    assert.isNull(untouched!.smsOptedOutAt)
  })

  test('a signed text that cannot be stored (a NUL character) is refused with 422', async ({
    client,
    assert,
  }) => {
    await smsConsenting()
    const params = twilioInbound('Hi\u0000there', 'SM7')
    const response = await postTwilio(client, params)
    response.assertStatus(422)
    assert.equal(response.body().error.fields[0].field, 'Body')
    assert.equal(await inboundCount(), 0)
  })

  test('an unknown sender becomes a contact without consent', async ({ client, assert }) => {
    const params = twilioInbound('Who is this?', 'SM5')
    const response = await postTwilio(client, params)
    response.assertStatus(200)
    const contact = (await findContactByPhone(PHONE))!
    assert.deepEqual(reachability(contact, 'sms'), { ok: false, reason: 'no_consent' })
  })
})

test.group('SMS webhooks / OpenPhone', (group) => {
  group.each.setup(() => resetDatabase())

  const post = (client: any, raw: string, header: string | null) => {
    const request = client
      .post('/api/webhooks/openphone')
      .header('content-type', 'application/json')
    if (header) request.header('openphone-signature', header)
    return request.json(JSON.parse(raw))
  }

  test('the seed’s message.received, signed, is stored once and published', async ({
    client,
    assert,
    cleanup,
  }) => {
    const id = await smsConsenting()
    const replies = captureReplies(cleanup)
    const raw = openPhoneEvent('Yes, interested!', 'AC123')
    const first = await post(client, raw, openPhoneSignatureHeader(raw, OPENPHONE_SECRET))
    first.assertStatus(200)
    first.assertBodyContains({ outcome: 'received' })
    const again = await post(client, raw, openPhoneSignatureHeader(raw, OPENPHONE_SECRET))
    again.assertBodyContains({ outcome: 'duplicate' })
    assert.equal(await inboundCount(), 1)
    assert.lengthOf(replies, 1)
    assert.equal(replies[0].contactId, id)

    // Without a message id (the seed's exact example), a redelivery is recognized by its body.
    const bare = openPhoneEvent('UNSUBSCRIBE')
    await post(client, bare, openPhoneSignatureHeader(bare, OPENPHONE_SECRET))
    const redelivered = await post(client, bare, openPhoneSignatureHeader(bare, OPENPHONE_SECRET))
    redelivered.assertBodyContains({ outcome: 'duplicate' })
    assert.equal(await inboundCount(), 2)
    const unsubscribed = await findContactByPhone(PHONE)
    assert.isNotNull(unsubscribed!.smsOptedOutAt)
  })

  test('bad, missing and stale signatures get 401; other events are ignored', async ({
    client,
    assert,
  }) => {
    await smsConsenting()
    const raw = openPhoneEvent('STOP', 'AC9')
    const wrongKey = Buffer.from('another secret').toString('base64')
    const bad = await post(client, raw, openPhoneSignatureHeader(raw, wrongKey))
    bad.assertStatus(401)
    bad.assertBodyContains({ error: { code: 'invalid_signature' } })
    const unsigned = await post(client, raw, null)
    unsigned.assertStatus(401)
    const stale = await post(
      client,
      raw,
      openPhoneSignatureHeader(raw, OPENPHONE_SECRET, Date.now() - 6 * 60_000)
    )
    stale.assertStatus(401)
    stale.assertBodyContains({ error: { code: 'signature_expired' } })
    assert.equal(await inboundCount(), 0)

    const call = JSON.stringify({
      type: 'call.completed',
      data: { object: { id: 'AC1', from: PHONE } },
    })
    const ignored = await post(client, call, openPhoneSignatureHeader(call, OPENPHONE_SECRET))
    ignored.assertBodyContains({ outcome: 'ignored' })

    const malformed = JSON.stringify({ type: 'message.received', data: { object: { text: 'hi' } } })
    const invalid = await post(
      client,
      malformed,
      openPhoneSignatureHeader(malformed, OPENPHONE_SECRET)
    )
    invalid.assertStatus(422)
    assert.equal(await inboundCount(), 0)
  })
})
