import { test } from '@japa/runner'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import env from '#start/env'
import { resetDatabase } from '#tests/helpers/database'
import { TwilioLoopbackServer, twilioForTest } from '#tests/helpers/twilio_server'
import { smsOutboxPage } from '#services/contacts'
import { SmsSendError, smsTransport } from '#sms/transport'
import TwilioSmsTransport from '#sms/twilio_transport'
import OpenPhoneSmsTransport from '#sms/openphone_transport'
import { verifyTwilioSignature } from '#sms/signatures'

const ACCOUNT_SID = env.get('TWILIO_ACCOUNT_SID')!
const AUTH_TOKEN = env.get('TWILIO_AUTH_TOKEN')!.release()

test.group('SMS transports', (group) => {
  group.each.setup(() => resetDatabase())

  test('outbox (the default) keeps each text for the SMS outbox', async ({ assert }) => {
    const transport = smsTransport()
    assert.equal(transport.name, 'outbox')
    const first = await transport.send({ to: '+14155550123', body: 'One' })
    const second = await transport.send({ to: '+14155550124', body: 'Two' })
    assert.notEqual(first.providerMessageId, second.providerMessageId)
    const page = await smsOutboxPage()
    assert.equal(page.total, 2)
    assert.deepEqual(
      page.messages.map((message) => [message.toNumber, message.body]),
      [
        ['+14155550124', 'Two'],
        ['+14155550123', 'One'],
      ]
    )
  })

  test('twilio: the official client sends to the Messages endpoint; errors say if retryable', async ({
    assert,
    cleanup,
  }) => {
    const twilio = await twilioForTest(cleanup)
    const transport = smsTransport()
    assert.instanceOf(transport, TwilioSmsTransport)

    const callback = 'https://beacon.example/api/webhooks/twilio/status'
    const sent = await transport.send({
      to: '+14155550123',
      body: 'Hi Ada',
      statusCallbackUrl: callback,
    })
    assert.match(sent.providerMessageId, /^SM[0-9a-f]{32}$/)
    assert.deepEqual(twilio.messages[0], {
      sid: sent.providerMessageId,
      to: '+14155550123',
      from: '+15005550006',
      messagingServiceSid: null,
      body: 'Hi Ada',
      statusCallback: callback,
    })

    twilio.failures.push({ status: 400, code: 21211, message: "The 'To' number is not valid." })
    const invalid = await transport.send({ to: '+10000000000', body: 'x' }).catch((error) => error)
    assert.instanceOf(invalid, SmsSendError)
    assert.isFalse(invalid.retryable)
    assert.equal(invalid.status, 400)

    for (const status of [429, 503]) {
      twilio.failures.push({ status, code: 20429, message: 'Too Many Requests' })
      const busy = await transport.send({ to: '+14155550123', body: 'x' }).catch((error) => error)
      assert.isTrue(busy.retryable, `status ${status}`)
    }
    assert.lengthOf(twilio.messages, 1)
  })

  test('twilio: an unreachable API is a retryable error', async ({ assert }) => {
    const transport = new TwilioSmsTransport({
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
      from: '+15005550006',
      baseUrl: 'http://127.0.0.1:9',
    })
    const error = await transport.send({ to: '+14155550123', body: 'x' }).catch((e) => e)
    assert.instanceOf(error, SmsSendError)
    assert.isTrue(error.retryable)
    assert.isNull(error.status)
  })

  test('twilio: the loopback server signs status callbacks as Twilio does', async ({
    assert,
    cleanup,
  }) => {
    const twilio = new TwilioLoopbackServer(ACCOUNT_SID, AUTH_TOKEN)
    await twilio.start()
    cleanup(() => twilio.stop())
    const received: { signature: string; params: Record<string, string> }[] = []
    const receiver = createServer(async (request, response) => {
      const chunks: Buffer[] = []
      for await (const chunk of request) chunks.push(chunk as Buffer)
      received.push({
        signature: String(request.headers['x-twilio-signature']),
        params: Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString())),
      })
      response.end()
    })
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
    cleanup(() => new Promise<void>((resolve) => receiver.close(() => resolve())))
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/status?campaign=1`

    const transport = new TwilioSmsTransport({
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
      from: '+15005550006',
      baseUrl: twilio.baseUrl,
    })
    await transport.send({ to: '+14155550123', body: 'x', statusCallbackUrl: url })
    await twilio.postStatus(twilio.messages[0], 'delivered')
    const [{ signature, params }] = received
    assert.equal(params.MessageStatus, 'delivered')
    assert.isTrue(verifyTwilioSignature(AUTH_TOKEN, signature, url, params))
    assert.isFalse(
      verifyTwilioSignature(AUTH_TOKEN, signature, url, { ...params, MessageStatus: 'failed' })
    )
    assert.isFalse(verifyTwilioSignature('other-token', signature, url, params))
  })

  test('openphone: POST /v1/messages with the API key; 4xx final, 5xx retryable', async ({
    assert,
    cleanup,
  }) => {
    const requests: { authorization?: string; body: any }[] = []
    let answer = { status: 202, body: { data: { id: 'AC1234', status: 'queued' } } as object }
    const server = createServer(async (request, response) => {
      const chunks: Buffer[] = []
      for await (const chunk of request) chunks.push(chunk as Buffer)
      requests.push({
        authorization: request.headers.authorization,
        body: JSON.parse(Buffer.concat(chunks).toString()),
      })
      assert.equal(request.url, '/v1/messages')
      response.writeHead(answer.status, { 'content-type': 'application/json' })
      response.end(JSON.stringify(answer.body))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    cleanup(() => new Promise<void>((resolve) => server.close(() => resolve())))
    const transport = new OpenPhoneSmsTransport({
      apiKey: 'op-key',
      from: '+15005550007',
      baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    })

    assert.deepEqual(await transport.send({ to: '+14155550123', body: 'Hello' }), {
      providerMessageId: 'AC1234',
    })
    assert.deepEqual(requests[0], {
      authorization: 'op-key',
      body: { content: 'Hello', from: '+15005550007', to: ['+14155550123'] },
    })
    answer = { status: 400, body: { message: 'Invalid phone number' } }
    const invalid = await transport.send({ to: '+1', body: 'x' }).catch((error) => error)
    assert.isFalse(invalid.retryable)
    answer = { status: 500, body: { message: 'oops' } }
    const outage = await transport.send({ to: '+14155550123', body: 'x' }).catch((error) => error)
    assert.isTrue(outage.retryable)
  })
})
