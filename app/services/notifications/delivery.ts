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
import { DIGEST_TYPES, REQUESTED_TYPES } from '#services/notifications/notification_types'
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

/** Advisory lock class of deliveries (two-key form: this class, the notification id). */
const DELIVERY_LOCK_CLASS = 0x4e_4f_54_49

/**
 * Sends one notification: at least once, and as nearly as possible once.
 *
 * 1. One delivery of a row at a time: an advisory lock held for the whole attempt (a second
 *    job waits, then finds the row no longer pending). PostgreSQL releases it if the worker
 *    dies, because the worker's connection closes. It holds a pooled connection while a
 *    delivery runs, so the worker's concurrency must stay below half of DATABASE_POOL_MAX.
 * 2. The attempt is counted and committed before anything is rendered or any connection
 *    opened: a message that crashes the worker (kill, out of memory) still uses up its
 *    attempts, and the next delivery after the last one marks it failed instead of sending.
 * 3. Preferences are read now, not when the notification was written.
 * 4. The row is marked sent by one statement straight after the server's acceptance. A
 *    crash between the two sends the message again on the next attempt, with the same
 *    Message-ID, which receivers use to drop the repeat.
 *
 * A failed send records the error and throws (the queue retries with backoff) until the
 * last attempt, which marks the row `failed`.
 */
export async function deliverNotification(id: number): Promise<DeliveryOutcome> {
  const guard = await db.transaction()
  try {
    await guard.rawQuery('SELECT pg_advisory_xact_lock(?, ?)', [DELIVERY_LOCK_CLASS, id])
    return await deliverLocked(id)
  } finally {
    await guard.commit()
  }
}

async function deliverLocked(id: number): Promise<DeliveryOutcome> {
  const claim = await claimAttempt(id)
  if (!('notification' in claim)) return claim.outcome
  const { notification, language } = claim
  let rendered: Awaited<ReturnType<typeof notificationMail>> | null = null
  try {
    rendered = await notificationMail(notification, language)
    await mail.use(env.get('MAIL_MAILER', 'outbox')).send(rendered.mail)
  } catch (error) {
    return recordFailure(notification, error, rendered)
  }
  // First thing after the server's 250: nothing may widen the window to a repeat.
  const now = new Date()
  await db.from('notifications').where('id', id).update({
    status: 'sent',
    sent_at: now,
    subject: rendered.subject,
    body: rendered.body,
    last_error: null,
    updated_at: now,
  })
  if (notification.type === 'digest') {
    await db
      .from('notifications')
      .where('digest_id', id)
      .update({ status: 'digested', sent_at: now, updated_at: now })
  }
  await announceChange(notification)
  return 'sent'
}

type Claim = { outcome: DeliveryOutcome } | { notification: Notification; language: string }

/**
 * Decides in one short transaction whether to send, and if so counts the attempt and
 * commits it. A pending row whose attempts are used up had its last attempt cut short
 * (the worker died during it): it is failed, not sent again.
 */
async function claimAttempt(id: number): Promise<Claim> {
  return db.transaction(async (trx) => {
    const notification = await Notification.query({ client: trx })
      .where('id', id)
      .forUpdate()
      .first()
    if (!notification || notification.status !== 'pending') return { outcome: 'skipped' }
    if (notification.sendAfter > DateTime.now()) return { outcome: 'skipped' }
    notification.useTransaction(trx)
    if (notification.attempts >= maxAttempts()) {
      notification.merge({
        status: 'failed',
        lastError: `Gave up after ${notification.attempts} attempts: the last one never finished (the worker stopped while sending).`,
      })
      await notification.save()
      await announceChange(notification, trx)
      return { outcome: 'failed' }
    }
    const preferences = await preferencesFor(notification.recipient, trx)
    const requested = REQUESTED_TYPES.has(notification.type)
    const skip = requested ? null : await reasonNotToSend(notification, preferences, trx)
    if (skip) {
      notification.merge({ status: 'suppressed', skipReason: skip })
      await notification.save()
      await announceChange(notification, trx)
      return { outcome: 'suppressed' }
    }
    const isDigest = DIGEST_TYPES.has(notification.type)
    if (!requested && !isDigest && preferences.frequency !== 'immediate') {
      notification.merge({ status: 'held', skipReason: null })
      await notification.save()
      await announceChange(notification, trx)
      return { outcome: 'held' }
    }
    notification.merge({
      attempts: notification.attempts + 1,
      messageId: messageIdFor(notification),
    })
    await notification.save()
    return { notification, language: preferences.language }
  })
}

/** A send (or render) that failed: pending for a retry, or failed after the last attempt. */
async function recordFailure(
  notification: Notification,
  error: unknown,
  rendered: { subject: string; body: string } | null
): Promise<DeliveryOutcome> {
  const reason = error instanceof Error ? error.message : String(error)
  const final = notification.attempts >= maxAttempts()
  await db
    .from('notifications')
    .where('id', notification.id)
    .update({
      status: final ? 'failed' : 'pending',
      last_error: reason.slice(0, 2000),
      ...(rendered ? { subject: rendered.subject, body: rendered.body } : {}),
      updated_at: new Date(),
    })
  await announceChange(notification)
  if (final) return 'failed'
  throw new Error(`Notification ${notification.id}: ${reason}`)
}

/** Open ticket pages show the email's new state in their timeline. */
async function announceChange(notification: Notification, client?: TransactionClientContract) {
  if (notification.type === 'digest' || !notification.data.number) return
  await announce(ticketChannel(notification.data.number), 'notification', client)
}

/**
 * RFC 3834: the acknowledgement is an automatic answer and the other mails are generated,
 * so auto-responders leave them be; an agent's reply is written by a person.
 */
function autoSubmitted(type: Notification['type']) {
  if (type === 'agent_replied') return undefined
  return type === 'ticket_created' ? 'auto-replied' : 'auto-generated'
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
    replyTo: notification.audience === 'customer' ? notification.data.replyTo : undefined,
    autoSubmitted: autoSubmitted(notification.type),
    attachments: notification.data.attachments ?? [],
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
