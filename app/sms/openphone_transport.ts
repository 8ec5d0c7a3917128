import { retryableStatus, SmsSendError } from '#sms/transport'
import type { SmsMessage, SmsSendResult, SmsTransport } from '#sms/transport'

export interface OpenPhoneSettings {
  apiKey: string
  /** The sending OpenPhone number (E.164) or its id (PN…). */
  from: string
  baseUrl: string
}

/** Gives up on a hung provider so the queue can retry later. */
const TIMEOUT_MS = 10_000

/** Sends through OpenPhone's HTTP API: POST /v1/messages with the API key as Authorization. */
export default class OpenPhoneSmsTransport implements SmsTransport {
  readonly name = 'openphone' as const

  constructor(private settings: OpenPhoneSettings) {}

  async send(message: SmsMessage): Promise<SmsSendResult> {
    let response: Response
    try {
      response = await fetch(new URL('/v1/messages', this.settings.baseUrl), {
        method: 'POST',
        headers: { 'authorization': this.settings.apiKey, 'content-type': 'application/json' },
        body: JSON.stringify({
          content: message.body,
          from: this.settings.from,
          to: [message.to],
        }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      })
    } catch (error) {
      throw new SmsSendError(`OpenPhone could not be reached: ${(error as Error).message}`, true)
    }
    const payload = (await response.json().catch(() => null)) as {
      data?: { id?: string }
      message?: string
    } | null
    if (!response.ok || !payload?.data?.id) {
      const status = response.status
      throw new SmsSendError(
        `OpenPhone answered ${status}: ${payload?.message ?? 'no message id'}`,
        response.ok ? true : retryableStatus(status),
        status
      )
    }
    return { providerMessageId: payload.data.id }
  }
}
