import env from '#start/env'
import type {
  TicketAssigned,
  TicketCreated,
  TicketFacts,
  TicketLinkRequested,
  TicketMessageAdded,
  TicketSlaAtRisk,
  TicketStatusChanged,
} from '#events/ticket_events'
import { newTicketSubscribers } from '#services/notifications/preferences'
import {
  dropNotification,
  queueNotification,
  rewriteNotification,
  waitingNotification,
} from '#services/notifications/queue_notification'

/**
 * Which help-desk events mail whom: the listeners of the ticket events, called inside the
 * transaction that makes the change. Nobody is mailed about their own action; internal
 * notes mail nobody.
 */
const EXCERPT_LENGTH = 1000

function excerpt(text: string) {
  return text.length > EXCERPT_LENGTH ? `${text.slice(0, EXCERPT_LENGTH - 1)}…` : text
}

function customerData(ticket: TicketFacts) {
  return {
    number: ticket.number,
    title: ticket.title,
    name: ticket.contactName,
    link: ticket.customerUrl,
    // Customers answer by replying: the mail's Reply-To is the ticket's own address.
    replyTo: ticket.replyTo,
  }
}

function customerLabel(ticket: TicketFacts) {
  return ticket.contactName || ticket.contactEmail
}

export async function notifyTicketCreated({ ticket, actor, trx }: TicketCreated) {
  await queueNotification(trx, {
    recipient: ticket.contactEmail,
    audience: 'customer',
    type: 'ticket_created',
    ticketId: ticket.id,
    data: customerData(ticket),
  })
  const actorEmail = actor.kind === 'agent' ? actor.email : null
  for (const email of await newTicketSubscribers(trx)) {
    if (email === actorEmail) continue
    await queueNotification(trx, {
      recipient: email,
      audience: 'agent',
      type: 'new_ticket',
      ticketId: ticket.id,
      data: {
        number: ticket.number,
        title: ticket.title,
        customer: customerLabel(ticket),
        priority: ticket.priority,
        excerpt: excerpt(ticket.description),
        link: ticket.staffUrl,
      },
    })
  }
  if (ticket.assigneeEmail) await notifyAssigned({ ticket, actor, trx })
}

/** The new assignee hears of it, unless they took the ticket themselves. */
export async function notifyAssigned({
  ticket,
  actor,
  trx,
}: Pick<TicketAssigned, 'ticket' | 'actor' | 'trx'>) {
  const email = ticket.assigneeEmail
  if (!email || (actor.kind === 'agent' && actor.email === email)) return
  await queueNotification(trx, {
    recipient: email,
    audience: 'agent',
    type: 'ticket_assigned',
    ticketId: ticket.id,
    data: {
      number: ticket.number,
      title: ticket.title,
      by: actor.kind === 'agent' ? actor.name : 'The system',
      link: ticket.staffUrl,
    },
  })
}

/**
 * A status set by an agent reaches the customer (with the note when it is public);
 * automatic moves and the customer's own do not. With `withReply`, the reply mail already
 * tells the news.
 *
 * Status mails wait STATUS_MAIL_DELAY (two minutes) before they go out, and a change
 * within that time rewrites the waiting mail instead of adding one: resolving, reopening
 * and resolving again sends one mail with the latest status and every public note. A
 * reply that tells a newer status drops the waiting mail. Resolution also schedules the
 * satisfaction survey, once while one is waiting.
 */
export async function notifyStatusChanged({
  ticket,
  actor,
  note,
  withReply,
  trx,
}: TicketStatusChanged) {
  if (actor.kind !== 'agent') return
  const recipient = ticket.contactEmail
  const waiting = await waitingNotification(trx, {
    recipient,
    type: 'status_changed',
    ticketId: ticket.id,
  })
  if (withReply) {
    if (waiting) await dropNotification(trx, waiting, 'A reply told the customer a newer status')
  } else {
    const publicNote = note.isPublic ? note.text : null
    const notes = [waiting?.data.note, publicNote].filter(Boolean)
    const spec = {
      recipient,
      audience: 'customer' as const,
      type: 'status_changed' as const,
      ticketId: ticket.id,
      data: {
        ...customerData(ticket),
        status: ticket.status,
        note: notes.length ? notes.join('\n\n') : null,
      },
    }
    if (waiting) await rewriteNotification(trx, waiting, spec)
    else
      await queueNotification(trx, {
        ...spec,
        sendAfter: later(delaySeconds('STATUS_MAIL_DELAY', 120)),
      })
  }
  if (ticket.status === 'resolved') {
    const survey = { recipient, type: 'csat_request' as const, ticketId: ticket.id }
    if (await waitingNotification(trx, survey)) return
    await queueNotification(trx, {
      ...survey,
      audience: 'customer',
      data: customerData(ticket),
      sendAfter: later(delaySeconds('CSAT_REQUEST_DELAY', 3600)),
    })
  }
}

export async function notifyMessage({ ticket, message, actor, trx }: TicketMessageAdded) {
  if (message.kind === 'reply') {
    await queueNotification(trx, {
      recipient: ticket.contactEmail,
      audience: 'customer',
      type: 'agent_replied',
      ticketId: ticket.id,
      data: {
        ...customerData(ticket),
        author: message.authorName ?? 'Support',
        // The whole reply, Markdown: the mail renders it (mail_content).
        reply: message.body,
        // The reply's files go with the mail (read from the drive when it is sent).
        attachments: message.attachments,
      },
    })
  }
  if (message.kind === 'customer' && actor.kind === 'customer' && ticket.assigneeEmail) {
    await queueNotification(trx, {
      recipient: ticket.assigneeEmail,
      audience: 'agent',
      type: 'customer_replied',
      ticketId: ticket.id,
      data: {
        number: ticket.number,
        title: ticket.title,
        customer: customerLabel(ticket),
        excerpt: excerpt(message.body),
        link: ticket.staffUrl,
      },
    })
  }
}

/** Asked for on the expired-link page: always sent, whatever the preferences. */
export async function notifyFreshLink({ ticket, trx }: TicketLinkRequested) {
  await queueNotification(trx, {
    recipient: ticket.contactEmail,
    audience: 'customer',
    type: 'ticket_link',
    ticketId: ticket.id,
    data: { ...customerData(ticket), days: env.get('TICKET_LINK_TTL_DAYS', 90) },
  })
}

function later(seconds: number) {
  return new Date(Date.now() + seconds * 1000)
}

/** A delay setting (CSAT_REQUEST_DELAY, STATUS_MAIL_DELAY): seconds, or a number with s/m/h/d. */
function delaySeconds(name: 'CSAT_REQUEST_DELAY' | 'STATUS_MAIL_DELAY', fallback: number) {
  const raw = env.get(name)?.trim() ?? ''
  const match = /^(\d+)\s*([smhd]?)$/.exec(raw)
  if (!match) return fallback
  const unit = { '': 1, 's': 1, 'm': 60, 'h': 3600, 'd': 86_400 }[match[2]]!
  return Number(match[1]) * unit
}

/**
 * Before a breach: the assignee, or (unassigned) the agents who hear of new tickets, are
 * told which target ends when.
 */
export async function notifySlaAtRisk({ ticket, target, dueAt, trx }: TicketSlaAtRisk) {
  const recipients = ticket.assigneeEmail ? [ticket.assigneeEmail] : await newTicketSubscribers(trx)
  for (const email of recipients) {
    await queueNotification(trx, {
      recipient: email,
      audience: 'agent',
      type: 'sla_warning',
      ticketId: ticket.id,
      data: {
        number: ticket.number,
        title: ticket.title,
        target,
        due: `${dueAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
        link: ticket.staffUrl,
      },
    })
  }
}
