import { DateTime } from 'luxon'
import type Ticket from '#models/ticket'
import type TicketMessage from '#models/ticket_message'
import type TicketStatusHistory from '#models/ticket_status_history'
import type Notification from '#models/notification'
import type TicketAttachment from '#models/ticket_attachment'
import { allowedTransitions, customerUrl, type InboxRow } from '#services/support'
import { publicUrl } from '#services/platform'

/**
 * Tickets in the JSON API (docs/api.md), snake_case like the rest of the API. Pure: the
 * caller loads what is shown (the ticket's `assignee` relation, the messages, the history).
 */

type Timestamp = DateTime | Date | null | undefined

/** ISO 8601 with the offset, as `toISO()` writes it everywhere else in the API. */
function iso(value: Timestamp): string | null {
  if (!value) return null
  return (value instanceof Date ? DateTime.fromJSDate(value) : value).toISO()
}

/** A file on a ticket, with the address that downloads it (the same token authorises it). */
export function attachmentJson(file: TicketAttachment) {
  return {
    id: file.id,
    filename: file.filename,
    content_type: file.contentType,
    size: file.size,
    inline: file.inline,
    content_id: file.contentId,
    download_url: publicUrl(`/api/tickets/${file.ticketId}/attachments/${file.id}`),
  }
}

/**
 * A ticket: its fields, who has it, its times, where it may go next and the customer's
 * link; with `files`, the files sent with the request that opened it.
 */
export function ticketJson(ticket: Ticket, files?: TicketAttachment[]) {
  return {
    ...(files ? { attachments: files.map(attachmentJson) } : {}),
    id: ticket.id,
    number: ticket.number,
    title: ticket.title,
    description: ticket.description,
    priority: ticket.priority,
    status: ticket.status,
    contact_email: ticket.contactEmail,
    contact_name: ticket.contactName,
    assignee: ticket.assigneeId
      ? { id: ticket.assigneeId, name: ticket.assignee?.fullName ?? null }
      : null,
    tags: ticket.tags,
    source: ticket.source,
    message_count: ticket.messageCount,
    created_at: iso(ticket.createdAt),
    updated_at: iso(ticket.updatedAt),
    first_response_at: iso(ticket.firstResponseAt),
    resolved_at: iso(ticket.resolvedAt),
    closed_at: iso(ticket.closedAt),
    allowed_transitions: allowedTransitions(ticket.status),
    links: { customer_portal: customerUrl(ticket) },
  }
}

/** A ticket of a list page: the inbox row (no description); a search adds `snippet_html`. */
export function ticketSummaryJson(row: InboxRow, searching = false) {
  return {
    id: row.id,
    number: row.number,
    title: row.title,
    priority: row.priority,
    status: row.status,
    contact_email: row.contactEmail,
    contact_name: row.contactName,
    assignee: row.assigneeId ? { id: row.assigneeId, name: row.assigneeName } : null,
    tags: row.tags,
    message_count: row.messageCount,
    created_at: iso(row.createdAt),
    updated_at: iso(row.updatedAt),
    first_response_at: iso(row.firstResponseAt),
    allowed_transitions: allowedTransitions(row.status),
    ...(searching ? { snippet_html: row.snippetHtml } : {}),
  }
}

/**
 * Who wrote a message: the customer, an agent (id null once their account is deleted), or
 * the system (no author at all).
 */
function messageAuthor(message: TicketMessage) {
  if (message.kind === 'customer') {
    return { type: 'customer' as const, id: null, name: message.authorName }
  }
  if (message.authorId === null && message.authorName === null) {
    return { type: 'system' as const, id: null, name: null }
  }
  return { type: 'agent' as const, id: message.authorId, name: message.authorName }
}

/**
 * A message of the conversation; internal notes (`kind: "note"`) say `internal: true`.
 * Its files are listed when the caller preloaded them.
 */
export function messageJson(message: TicketMessage) {
  return {
    id: message.id,
    kind: message.kind,
    internal: message.isInternal,
    author: messageAuthor(message),
    body: message.body,
    attachments: (message.$preloaded.attachments ? message.attachments : []).map(attachmentJson),
    created_at: iso(message.createdAt),
  }
}

/** A status change; the creation row has `old_status: null`. */
export function historyJson(entry: TicketStatusHistory) {
  return {
    id: entry.id,
    old_status: entry.oldStatus,
    new_status: entry.newStatus,
    changed_by: { type: entry.actorType, id: entry.actorId, name: entry.actorName },
    note: entry.note,
    note_public: entry.notePublic,
    changed_at: iso(entry.createdAt),
  }
}

/** An email the ticket caused; the body is the text version as written to the log. */
export function notificationJson(notification: Notification) {
  return {
    id: notification.id,
    type: notification.type,
    recipient: notification.recipient,
    audience: notification.audience,
    subject: notification.subject,
    body: notification.body,
    status: notification.status,
    attempts: notification.attempts,
    last_error: notification.lastError,
    skip_reason: notification.skipReason,
    send_after: iso(notification.sendAfter),
    sent_at: iso(notification.sentAt),
    created_at: iso(notification.createdAt),
  }
}
