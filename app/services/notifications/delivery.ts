import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import mail from '@adonisjs/mail/services/main'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import env from '#start/env'
import { publicHostname } from '#services/platform'
import Notification from '#models/notification'
import NotificationMail from '#mails/notification_mail'
import { mailContent, plainBody } from '#services/notifications/mail_content'
import { supportedLanguage } from '#services/notifications/translate'
import { preferencesFor } from '#services/notifications/preferences'
import { REQUESTED_TYPES } from '#services/notifications/notification_types'
import { announce, ticketChannel } from '#services/live'

export function maxAttempts() {
  return env.get('NOTIFICATION_MAX_ATTEMPTS', 5)
}

/** A stable Message-ID per notification: a repeat is recognisable downstream too. */
export function messageIdFor(notification: Pick<Notification, 'id'>) {
  return `<notification-${notification.id}@${publicHostname()}>`
}

function threadIdFor(notification: Notification) {
  const number = notification.data.number
  return number ? `<ticket-${number}@${publicHostname()}>` : undefined
}

export type DeliveryOutcome = 'sent' | 'held' | 'suppressed' | 'skipped' | 'retrying' | 'failed'

/**
 * Sends one notification, at most once. The row is locked for the whole attempt, so a
 * second job for the same row waits and then finds it no longer pending. Preferences are
 * read now, not when the notification was written: changes apply to mail not yet sent.
 * A failed send records the error and throws (the queue retries with backoff) until the
 * last attempt, which marks the row `failed`.
 */
export async function deliverNotification(id: number): Promise<DeliveryOutcome> {
  const trx = await db.transaction()
  try {
    const notification = await Notification.query({ client: trx })
      .where('id', id)
      .forUpdate()
      .first()
    if (!notification || notification.status !== 'pending') {
      await trx.commit()
      return 'skipped'
    }
    if (notification.sendAfter > DateTime.now()) {
      await trx.commit()
      return 'skipped'
    }
    const outcome = await attempt(notification, trx)
    // Open ticket pages show the email's new state in their timeline.
    if (notification.type !== 'digest' && notification.data.number) {
      await announce(ticketChannel(notification.data.number), 'notification', trx)
    }
    await trx.commit()
    if (outcome instanceof Error) throw outcome
    return outcome
  } catch (error) {
    if (!trx.isCompleted) await trx.rollback()
    throw error
  }
}

async function attempt(
  notification: Notification,
  trx: TransactionClientContract
): Promise<DeliveryOutcome | Error> {
  notification.useTransaction(trx)
  const preferences = await preferencesFor(notification.recipient, trx)
  const requested = REQUESTED_TYPES.has(notification.type)
  const isDigest = notification.type === 'digest'

  const skip = requested ? null : await reasonNotToSend(notification, preferences, trx)
  if (skip) {
    notification.merge({ status: 'suppressed', skipReason: skip })
    await notification.save()
    return 'suppressed'
  }
  if (!requested && !isDigest && preferences.frequency !== 'immediate') {
    notification.merge({ status: 'held', skipReason: null })
    await notification.save()
    return 'held'
  }

  const message = await notificationMail(notification, preferences.language)
  notification.merge({
    subject: message.subject,
    body: message.body,
    attempts: notification.attempts + 1,
    messageId: messageIdFor(notification),
  })
  try {
    await mail.use(env.get('MAIL_MAILER', 'outbox')).send(message.mail)
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    const final = notification.attempts >= maxAttempts()
    notification.merge({ lastError: reason.slice(0, 2000), status: final ? 'failed' : 'pending' })
    await notification.save()
    return final ? 'failed' : new Error(`Notification ${notification.id}: ${reason}`)
  }
  const now = DateTime.now()
  notification.merge({ status: 'sent', sentAt: now })
  await notification.save()
  if (isDigest) {
    await Notification.query({ client: trx })
      .where('digest_id', notification.id)
      .update({ status: 'digested', sentAt: now.toJSDate(), updatedAt: now.toJSDate() })
  }
  return 'sent'
}

/** The mail of a notification in a language: what delivery sends and the log previews. */
export async function notificationMail(notification: Notification, language: string) {
  const content = await mailContent({
    type: notification.type,
    audience: notification.audience,
    recipient: notification.recipient,
    data: notification.data,
    language: supportedLanguage(language),
  })
  const message = new NotificationMail({
    to: notification.recipient,
    content,
    messageId: messageIdFor(notification),
    threadId: threadIdFor(notification),
  })
  return { mail: message, subject: content.subject.slice(0, 300), body: plainBody(content) }
}

/** Why this mail should not go out now, or null to send it. */
async function reasonNotToSend(
  notification: Notification,
  preferences: Awaited<ReturnType<typeof preferencesFor>>,
  trx: TransactionClientContract
) {
  if (!preferences.emailEnabled) return 'The recipient turned email off'
  if (preferences.frequency === 'none') return 'The recipient chose no notifications'
  if (notification.type === 'csat_request' && notification.ticketId) {
    const ticket = await trx.from('tickets').where('id', notification.ticketId).first()
    if (!['resolved', 'closed'].includes(ticket?.status)) return 'The ticket was reopened'
    const rated = await trx.from('csat_responses').where('ticket_id', notification.ticketId).first()
    if (rated) return 'The customer already rated this ticket'
  }
  return null
}
