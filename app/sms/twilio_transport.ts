import twilio from 'twilio'
import type RequestClient from 'twilio/lib/base/RequestClient.js'
import { retryableStatus, SmsSendError } from '#sms/transport'
import type { SmsMessage, SmsSendResult, SmsTransport } from '#sms/transport'

export interface TwilioSettings {
  accountSid: string
  authToken: string
  /** The sending number (E.164) or a Messaging Service SID (MG…). */
  from: string
  /** Replaces https://api.twilio.com (tests: the loopback Messages endpoint). */
  baseUrl?: string
}

/** Gives up on a hung provider so the queue can retry later. */
const TIMEOUT_MS = 10_000
const TWILIO_API = 'https://api.twilio.com'

/**
 * The twilio client's own HTTP client, sending to another base URL: the client has no
 * base URL option, but accepts an `httpClient`.
 */
class RebasedRequestClient extends twilio.RequestClient {
  constructor(private baseUrl: string) {
    super({ timeout: TIMEOUT_MS })
  }

  request<TData>(options: RequestClient.RequestOptions<TData>) {
    const uri = options.uri.startsWith(TWILIO_API)
      ? this.baseUrl.replace(/\/$/, '') + options.uri.slice(TWILIO_API.length)
      : options.uri
    return super.request<TData>({ ...options, uri })
  }
}

/** Sends through Twilio's Messages API with the official `twilio` client. */
export default class TwilioSmsTransport implements SmsTransport {
  readonly name = 'twilio' as const
  #client: twilio.Twilio

  constructor(private settings: TwilioSettings) {
    this.#client = twilio(settings.accountSid, settings.authToken, {
      timeout: TIMEOUT_MS,
      ...(settings.baseUrl ? { httpClient: new RebasedRequestClient(settings.baseUrl) } : {}),
    })
  }

  async send(message: SmsMessage): Promise<SmsSendResult> {
    const from = this.settings.from
    try {
      const sent = await this.#client.messages.create({
        to: message.to,
        body: message.body,
        ...(from.startsWith('MG') ? { messagingServiceSid: from } : { from }),
        ...(message.statusCallbackUrl ? { statusCallback: message.statusCallbackUrl } : {}),
      })
      return { providerMessageId: sent.sid }
    } catch (error) {
      const status = (error as { status?: unknown }).status
      if (typeof status === 'number') {
        throw new SmsSendError(
          `Twilio answered ${status}: ${(error as Error).message}`,
          retryableStatus(status),
          status
        )
      }
      throw new SmsSendError(`Twilio could not be reached: ${(error as Error).message}`, true)
    }
  }
}
