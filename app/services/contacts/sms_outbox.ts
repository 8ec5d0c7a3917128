import db from '@adonisjs/lucid/services/db'
import SmsOutboxMessage from '#models/sms_outbox_message'
import { DomainError } from '#exceptions/domain_error'

export const SMS_OUTBOX_PAGE_SIZE = 50

export interface SmsOutboxEntry {
  providerMessageId: string
  to: string
  body: string
  statusCallbackUrl?: string
}

/** Keeps texts in the in-app SMS outbox (the `outbox` SMS transport): a whole batch in one statement. */
export async function keepSmsInOutbox(entries: SmsOutboxEntry | SmsOutboxEntry[]) {
  const list = Array.isArray(entries) ? entries : [entries]
  if (list.length === 0) return
  await db.rawQuery(
    `INSERT INTO sms_outbox (provider_message_id, to_number, body, status_callback_url)
     SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[])`,
    [
      list.map((e) => e.providerMessageId),
      list.map((e) => e.to),
      list.map((e) => e.body),
      list.map((e) => e.statusCallbackUrl ?? null),
    ] as any[]
  )
}

/** The SMS outbox, newest first (keyset pages). */
export async function smsOutboxPage(before?: number) {
  const rows = await SmsOutboxMessage.query()
    .if(before, (query) => query.where('id', '<', before!))
    .orderBy('id', 'desc')
    .limit(SMS_OUTBOX_PAGE_SIZE + 1)
  const hasMore = rows.length > SMS_OUTBOX_PAGE_SIZE
  const messages = rows.slice(0, SMS_OUTBOX_PAGE_SIZE)
  const [{ total }] = await db.from('sms_outbox').count('* as total')
  return {
    messages,
    total: Number(total),
    nextBefore: hasMore ? messages[messages.length - 1].id : null,
  }
}

export async function getSmsOutboxMessage(id: unknown) {
  const value = Number(id)
  const message = Number.isSafeInteger(value) ? await SmsOutboxMessage.find(value) : null
  if (!message) throw new DomainError('That text is not in the SMS outbox.', 'not_found', 404)
  return message
}
