import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type Notification from '#models/notification'
import { dispatchAfterCommit } from '#services/notifications/dispatch'
import { mailContent, plainBody } from '#services/notifications/mail_content'
import { supportedLanguage } from '#services/notifications/translate'
import { preferencesFor } from '#services/notifications/preferences'

export interface NotificationSpec {
  recipient: string
  audience: Notification['audience']
  type: Notification['type']
  ticketId?: number | null
  data: Record<string, unknown>
  /** Not before this time (the satisfaction survey waits a while after resolution). */
  sendAfter?: Date
}

/**
 * Writes a notification in the caller's transaction (so it exists exactly when the event
 * that caused it does) and queues its delivery once that transaction commits. The
 * subject and body are rendered now for the log; delivery renders them again with the
 * preferences of that moment.
 */
export async function queueNotification(trx: TransactionClientContract, spec: NotificationSpec) {
  const recipient = spec.recipient.toLowerCase()
  const content = await contentForLog(trx, { ...spec, recipient })
  const now = new Date()
  const sendAfter = spec.sendAfter ?? now
  const [row] = await trx
    .insertQuery()
    .table('notifications')
    .insert({
      recipient,
      audience: spec.audience,
      type: spec.type,
      ticket_id: spec.ticketId ?? null,
      data: JSON.stringify(spec.data),
      subject: content.subject.slice(0, 300),
      body: plainBody(content),
      status: 'pending',
      send_after: sendAfter,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
  const id = typeof row === 'object' ? row.id : row
  dispatchAfterCommit(trx, id, sendAfter)
  return id as number
}

/** The mail as the log shows it, in the recipient's language of now. */
async function contentForLog(trx: TransactionClientContract, spec: NotificationSpec) {
  const preferences = await preferencesFor(spec.recipient, trx)
  return mailContent({
    type: spec.type,
    audience: spec.audience,
    recipient: spec.recipient,
    data: spec.data,
    language: supportedLanguage(preferences.language),
  })
}

/** A notification written but not yet due: it can still be changed or dropped. */
export interface WaitingNotification {
  id: number
  data: Record<string, any>
}

/**
 * The notification of this type about a ticket that waits for its time (`send_after` in the
 * future), locked until the caller's transaction ends. Delivery never claims a mail before
 * its time, so nothing of it has been sent.
 */
export async function waitingNotification(
  trx: TransactionClientContract,
  spec: Pick<NotificationSpec, 'recipient' | 'type'> & { ticketId: number }
): Promise<WaitingNotification | null> {
  const row = await trx
    .from('notifications')
    .where({
      ticket_id: spec.ticketId,
      type: spec.type,
      recipient: spec.recipient.toLowerCase(),
      status: 'pending',
    })
    .where('send_after', '>', new Date())
    .orderBy('id', 'desc')
    .forUpdate()
    .first()
  return row ? { id: row.id, data: row.data } : null
}

/** Gives a waiting notification new data: it goes out at its time, saying the latest. */
export async function rewriteNotification(
  trx: TransactionClientContract,
  waiting: WaitingNotification,
  spec: NotificationSpec
) {
  const content = await contentForLog(trx, { ...spec, recipient: spec.recipient.toLowerCase() })
  await trx
    .from('notifications')
    .where('id', waiting.id)
    .update({
      data: JSON.stringify(spec.data),
      subject: content.subject.slice(0, 300),
      body: plainBody(content),
      updated_at: new Date(),
    })
}

/** A waiting notification that no longer needs to go out; the log says why. */
export async function dropNotification(
  trx: TransactionClientContract,
  waiting: WaitingNotification,
  reason: string
) {
  await trx
    .from('notifications')
    .where('id', waiting.id)
    .update({ status: 'suppressed', skip_reason: reason, updated_at: new Date() })
}
