import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import env from '#start/env'
import { twilioSignature } from '#tests/helpers/twilio_signature'

export { twilioSignature }

export interface ReceivedSms {
  sid: string
  to: string
  from: string | null
  messagingServiceSid: string | null
  body: string
  statusCallback: string | null
}

async function readBody(request: IncomingMessage) {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

/**
 * A loopback Twilio REST API: the Messages endpoint (`POST
 * /2010-04-01/Accounts/{sid}/Messages.json`, basic auth with the account SID and auth
 * token), answering like Twilio (201 with the message's SID, or Twilio's error JSON), and
 * delivery status callbacks signed the way Twilio signs them.
 */
export class TwilioLoopbackServer {
  messages: ReceivedSms[] = []
  /** Answers the next sends with this error (Twilio's shape) instead of accepting them. */
  failures: { status: number; code: number; message: string }[] = []
  #server: Server

  constructor(
    private accountSid: string,
    private authToken: string
  ) {
    this.#server = createServer(async (request, response) => {
      const body = await readBody(request)
      const json = (status: number, payload: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' })
        response.end(JSON.stringify(payload))
      }
      const expectedAuth =
        'Basic ' + Buffer.from(`${this.accountSid}:${this.authToken}`).toString('base64')
      if (request.headers.authorization !== expectedAuth) {
        return json(401, { code: 20003, message: 'Authenticate', status: 401 })
      }
      const path = `/2010-04-01/Accounts/${this.accountSid}/Messages.json`
      if (request.method !== 'POST' || request.url !== path) {
        return json(404, {
          code: 20404,
          message: 'The requested resource was not found',
          status: 404,
        })
      }
      const failure = this.failures.shift()
      if (failure)
        return json(failure.status, { ...failure, more_info: 'https://www.twilio.com/docs/errors' })
      const form = new URLSearchParams(body)
      if (
        !form.get('To') ||
        !form.get('Body') ||
        !(form.get('From') || form.get('MessagingServiceSid'))
      ) {
        return json(400, { code: 21604, message: "A 'To' phone number is required.", status: 400 })
      }
      const message: ReceivedSms = {
        sid: `SM${randomBytes(16).toString('hex')}`,
        to: form.get('To')!,
        from: form.get('From'),
        messagingServiceSid: form.get('MessagingServiceSid'),
        body: form.get('Body')!,
        statusCallback: form.get('StatusCallback'),
      }
      this.messages.push(message)
      json(201, {
        sid: message.sid,
        account_sid: this.accountSid,
        to: message.to,
        from: message.from,
        body: message.body,
        status: 'queued',
        num_segments: '1',
        direction: 'outbound-api',
        api_version: '2010-04-01',
        date_created: new Date().toUTCString(),
        uri: `${path.replace('.json', '')}/${message.sid}.json`,
      })
    })
  }

  get baseUrl() {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`
  }

  start() {
    return new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve))
  }

  stop() {
    return new Promise<void>((resolve) => this.#server.close(() => resolve()))
  }

  /** Posts a form to one of our webhooks, signed as Twilio would sign it. */
  async postSigned(url: string, params: Record<string, string>, signedUrl = url) {
    return fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilioSignature(this.authToken, signedUrl, params),
      },
      body: new URLSearchParams(params).toString(),
    })
  }

  /** Twilio's delivery status callback for a message it accepted. */
  postStatus(message: ReceivedSms, status: 'sent' | 'delivered' | 'undelivered' | 'failed') {
    if (!message.statusCallback) throw new Error('The message asked for no status callback')
    return this.postSigned(message.statusCallback, {
      AccountSid: this.accountSid,
      ApiVersion: '2010-04-01',
      From: message.from ?? '',
      MessageSid: message.sid,
      MessageStatus: status,
      SmsSid: message.sid,
      SmsStatus: status,
      To: message.to,
    })
  }
}

/**
 * For one test: a started loopback Twilio with the app's test credentials (.env.test),
 * the `twilio` SMS transport pointed at it, and both undone by the test's cleanup.
 */
export async function twilioForTest(cleanup: (undo: () => Promise<void> | void) => void) {
  const twilio = new TwilioLoopbackServer(
    env.get('TWILIO_ACCOUNT_SID')!,
    env.get('TWILIO_AUTH_TOKEN')!.release()
  )
  await twilio.start()
  cleanup(() => twilio.stop())
  env.set('SMS_TRANSPORT', 'twilio')
  env.set('TWILIO_API_BASE_URL', twilio.baseUrl)
  cleanup(() => {
    env.set('SMS_TRANSPORT', 'outbox')
    // Empty: the client's own address again.
    env.set('TWILIO_API_BASE_URL', '')
  })
  return twilio
}
