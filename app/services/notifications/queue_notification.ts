import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type Notification from '#models/notification'
import { dispatchDelivery } from '#services/notifications/dispatch'
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
  const preferences = await preferencesFor(recipient, trx)
  const content = await mailContent({
    type: spec.type,
    audience: spec.audience,
    recipient,
    data: spec.data,
    language: supportedLanguage(preferences.language),
  })
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
  trx.after('commit', () => dispatchDelivery(id, sendAfter))
  return id as number
}
