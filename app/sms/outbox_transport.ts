import { randomUUID } from 'node:crypto'
import type { SmsMessage, SmsSendResult, SmsTransport } from '#sms/transport'

/**
 * The default SMS transport: keeps each message in the contacts domain's SMS outbox,
 * shown in the app beside the mail outbox, so campaigns run without a provider account.
 */
export default class OutboxSmsTransport implements SmsTransport {
  readonly name = 'outbox' as const

  async send(message: SmsMessage): Promise<SmsSendResult> {
    const providerMessageId = `outbox-${randomUUID()}`
    // Imported here, like the outbox mail transport: no domain is loaded with the config.
    const { keepSmsInOutbox } = await import('#services/contacts')
    await keepSmsInOutbox({ ...message, providerMessageId })
    return { providerMessageId }
  }
}
