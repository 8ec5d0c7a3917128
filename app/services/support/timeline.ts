import type { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type Ticket from '#models/ticket'
import TicketMessage from '#models/ticket_message'
import TicketStatusHistory from '#models/ticket_status_history'
import TicketChange from '#models/ticket_change'
import Notification from '#models/notification'

/**
 * A ticket's story in one chronological list: the messages, every status change and
 * every change of assignee, priority, tags or title, and (for agents) every email it
 * caused. Customers see their own view of it: public messages and status changes only,
 * and only the notes meant for them.
 */
export type TimelineEntry =
  | { type: 'message'; at: DateTime; message: TicketMessage }
  | { type: 'status'; at: DateTime; entry: TicketStatusHistory }
  | { type: 'change'; at: DateTime; entry: TicketChange }
  | { type: 'notification'; at: DateTime; notification: Notification }

export async function ticketTimeline(
  ticket: Ticket,
  audience: 'agent' | 'customer'
): Promise<TimelineEntry[]> {
  const forCustomer = audience === 'customer'
  const [messages, statuses, changes, notifications] = await Promise.all([
    TicketMessage.query()
      .where('ticket_id', ticket.id)
      .if(forCustomer, (query) => query.whereNot('kind', 'note'))
      .preload('attachments', (files) => files.orderBy('id'))
      .orderBy('id'),
    TicketStatusHistory.query().where('ticket_id', ticket.id).orderBy('id'),
    forCustomer ? [] : TicketChange.query().where('ticket_id', ticket.id).orderBy('id'),
    forCustomer ? [] : Notification.query().where('ticket_id', ticket.id).orderBy('id'),
  ])
  const entries: TimelineEntry[] = [
    ...messages.map((message) => ({ type: 'message' as const, at: message.createdAt, message })),
    // The creation row is the ticket itself, shown as the original request.
    ...statuses
      .filter((entry) => entry.oldStatus !== null)
      .map((entry) => {
        if (forCustomer && !entry.notePublic) entry.note = null
        return { type: 'status' as const, at: entry.createdAt, entry }
      }),
    ...changes.map((entry) => ({ type: 'change' as const, at: entry.createdAt, entry })),
    ...notifications.map((notification) => ({
      type: 'notification' as const,
      at: notification.createdAt,
      notification,
    })),
  ]
  // Stable: entries written in one transaction keep the order above (message first).
  return entries.sort((a, b) => a.at.toMillis() - b.at.toMillis())
}

/** The newest message id: what the composer says its author has seen. */
export function lastMessageId(timeline: TimelineEntry[]) {
  let id = 0
  for (const entry of timeline) if (entry.type === 'message') id = Math.max(id, entry.message.id)
  return id
}

/** The newest message id of a ticket (0 when it has none). */
export async function newestMessageId(ticket: Ticket): Promise<number> {
  const row = await db.from('ticket_messages').where('ticket_id', ticket.id).max('id as id').first()
  return Number(row?.id ?? 0)
}
