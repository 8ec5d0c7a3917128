import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import Notification from '#models/notification'
import OutboxMessage from '#models/outbox_message'
import { DomainError } from '#exceptions/domain_error'
import { dispatchDelivery } from '#services/notifications/dispatch'
import type {
  NotificationStatus,
  NotificationType,
} from '#services/notifications/notification_types'

export const LOG_PERIODS = { '24h': 1, '7d': 7, '30d': 30, 'all': null } as const
export type LogPeriod = keyof typeof LOG_PERIODS

export interface LogFilters {
  status?: NotificationStatus
  type?: NotificationType
  recipient?: string
  period?: LogPeriod
  /** Keyset: rows older than this id. */
  before?: number
}

export const LOG_PAGE_SIZE = 50

function filtered(filters: LogFilters) {
  const query = Notification.query()
  if (filters.type) query.where('type', filters.type)
  if (filters.recipient) {
    query.whereILike('recipient', `%${filters.recipient.replace(/[%_\\]/g, '\\$&')}%`)
  }
  const days = LOG_PERIODS[filters.period ?? '7d']
  if (days) query.where('created_at', '>=', DateTime.now().minus({ days }).toJSDate())
  return query
}

/** One page of the log, newest first, and the counts per status under the other filters. */
export async function notificationLog(filters: LogFilters) {
  const page = filtered(filters)
    .if(filters.status, (query) => query.where('status', filters.status!))
    .if(filters.before, (query) => query.where('id', '<', filters.before!))
    .orderBy('id', 'desc')
    .limit(LOG_PAGE_SIZE + 1)
  const [rows, counts] = await Promise.all([
    page,
    filtered(filters).select('status').count('* as total').groupBy('status'),
  ])
  const byStatus: Partial<Record<NotificationStatus, number>> = {}
  for (const row of counts) byStatus[row.status] = Number(row.$extras.total)
  const hasMore = rows.length > LOG_PAGE_SIZE
  const notifications = rows.slice(0, LOG_PAGE_SIZE)
  return {
    notifications,
    byStatus,
    nextBefore: hasMore ? notifications[notifications.length - 1].id : null,
  }
}

export async function findNotification(id: unknown) {
  const value = Number(id)
  const notification =
    Number.isSafeInteger(value) && value > 0 ? await Notification.find(value) : null
  if (!notification) throw new DomainError('That notification does not exist.', 'not_found', 404)
  return notification
}

/** A failed notification gets a fresh round of attempts. */
export async function retryNotification(notification: Notification) {
  if (notification.status !== 'failed') {
    throw new DomainError('Only a failed notification can be retried.', 'not_failed')
  }
  notification.merge({ status: 'pending', attempts: 0, sendAfter: DateTime.now() })
  await notification.save()
  await dispatchDelivery(notification.id)
}

/** The notifications of one ticket, oldest first (ticket timeline and API). */
export function ticketNotifications(ticketId: number) {
  return Notification.query().where('ticket_id', ticketId).orderBy('id')
}

/** The in-app outbox, newest first. */
export async function outboxPage(before?: number) {
  const rows = await OutboxMessage.query()
    .select('id', 'to_address', 'subject', 'created_at', 'message_id')
    .if(before, (query) => query.where('id', '<', before!))
    .orderBy('id', 'desc')
    .limit(LOG_PAGE_SIZE + 1)
  const hasMore = rows.length > LOG_PAGE_SIZE
  const messages = rows.slice(0, LOG_PAGE_SIZE)
  const [{ total }] = await db.from('mail_outbox').count('* as total')
  return {
    messages,
    total: Number(total),
    nextBefore: hasMore ? messages[messages.length - 1].id : null,
  }
}

export interface OutboxEntry {
  messageId: string
  from: string
  to: string
  subject: string
  html: string | null
  text: string | null
  headers: object
  /** The whole message as an SMTP server would receive it. */
  raw: string
}

/** Keeps a composed message in the in-app outbox (the `outbox` mail transport). */
export async function keepInOutbox(entry: OutboxEntry) {
  await db.table('mail_outbox').insert({
    message_id: entry.messageId,
    from_address: entry.from,
    to_address: entry.to,
    subject: entry.subject,
    html: entry.html,
    text: entry.text,
    headers: JSON.stringify(entry.headers),
    raw: entry.raw,
    created_at: new Date(),
  })
}

/** One message of the in-app outbox. */
export async function getOutboxMessage(id: unknown) {
  const value = Number(id)
  const message = Number.isSafeInteger(value) ? await OutboxMessage.find(value) : null
  if (!message) throw new DomainError('That message is not in the outbox.', 'not_found', 404)
  return message
}
