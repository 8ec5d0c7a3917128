import { randomUUID } from 'node:crypto'
import type { SmsMessage, SmsSendResult, SmsTransport } from '#sms/transport'

/**
 * The default SMS transport: keeps each message in the contacts domain's SMS outbox,
 * shown in the app beside the mail outbox, so campaigns run without a provider account.
 */
export default class OutboxSmsTransport implements SmsTransport {
  readonly name = 'outbox' as const

  async send(message: SmsMessage): Promise<SmsSendResult> {
    const [result] = await this.sendMany([message])
    return result
  }

  /** A batch is one INSERT (the outbox is a table, not a provider with a per-call API). */
  async sendMany(messages: SmsMessage[]): Promise<SmsSendResult[]> {
    const entries = messages.map((message) => ({
      ...message,
      providerMessageId: `outbox-${randomUUID()}`,
    }))
    // Imported here, like the outbox mail transport: no domain is loaded with the config.
    const { keepSmsInOutbox } = await import('#services/contacts')
    await keepSmsInOutbox(entries)
    return entries.map(({ providerMessageId }) => ({ providerMessageId }))
  }
}
