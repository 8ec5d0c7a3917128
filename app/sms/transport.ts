import { smsConfig, type SmsTransportName } from '#config/sms'
import OutboxSmsTransport from '#sms/outbox_transport'
import OpenPhoneSmsTransport from '#sms/openphone_transport'
import TwilioSmsTransport from '#sms/twilio_transport'

export interface SmsMessage {
  /** E.164. */
  to: string
  body: string
  /** Where the provider posts delivery statuses (Twilio's StatusCallback). */
  statusCallbackUrl?: string
}

export interface SmsSendResult {
  providerMessageId: string
}

/**
 * A send the provider refused or could not take. `retryable`: worth trying again later
 * (5xx, 429, timeouts, network); otherwise the message itself is wrong (4xx).
 */
export class SmsSendError extends Error {
  constructor(
    message: string,
    public retryable: boolean,
    /** The provider's HTTP status, when it answered. */
    public status: number | null = null
  ) {
    super(message)
    this.name = 'SmsSendError'
  }
}

export interface SmsTransport {
  readonly name: SmsTransportName
  send(message: SmsMessage): Promise<SmsSendResult>
  /** Several messages at once, all or none, results in order: only where the provider takes a batch in one call. */
  sendMany?(messages: SmsMessage[]): Promise<SmsSendResult[]>
}

/** Whether an HTTP status from a provider is worth retrying. */
export function retryableStatus(status: number) {
  return status === 429 || status === 408 || status >= 500
}

/** The transport SMS_TRANSPORT names (default `outbox`), built with the current settings. */
export function smsTransport(): SmsTransport {
  const config = smsConfig()
  switch (config.transport) {
    case 'twilio':
      return new TwilioSmsTransport(config.twilio)
    case 'openphone':
      return new OpenPhoneSmsTransport(config.openphone)
    default:
      return new OutboxSmsTransport()
  }
}
