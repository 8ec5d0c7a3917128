import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import env from '#start/env'
import type Ticket from '#models/ticket'
import type TicketMessage from '#models/ticket_message'
import User from '#models/user'
import type { SupportActor } from '#services/support/actor'
import { customerUrl } from '#services/support/customer_links'
import { newTicketSubscribers } from '#services/notifications/preferences'
import { queueNotification } from '#services/notifications/queue_notification'

/**
 * Which help-desk events mail whom. Called inside the transaction that makes the change.
 * Nobody is mailed about their own action; internal notes mail nobody.
 */
const EXCERPT_LENGTH = 1000

function excerpt(text: string) {
  return text.length > EXCERPT_LENGTH ? `${text.slice(0, EXCERPT_LENGTH - 1)}…` : text
}

function staffUrl(ticket: Ticket) {
  return new URL(`/tickets/${ticket.number}`, env.get('APP_URL')).toString()
}

function customerData(ticket: Ticket) {
  return {
    number: ticket.number,
    title: ticket.title,
    name: ticket.contactName,
    link: customerUrl(ticket),
  }
}

function customerLabel(ticket: Ticket) {
  return ticket.contactName || ticket.contactEmail
}

async function agentEmail(userId: number | null, trx: TransactionClientContract) {
  if (!userId) return null
  const user = await User.find(userId, { client: trx })
  return user && user.isActive ? user.email : null
}

export async function notifyTicketCreated(
  ticket: Ticket,
  actor: SupportActor,
  trx: TransactionClientContract
) {
  await queueNotification(trx, {
    recipient: ticket.contactEmail,
    audience: 'customer',
    type: 'ticket_created',
    ticketId: ticket.id,
    data: customerData(ticket),
  })
  const actorEmail = actor.type === 'agent' ? await agentEmail(actor.id, trx) : null
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
        link: staffUrl(ticket),
      },
    })
  }
  if (ticket.assigneeId) await notifyAssigned(ticket, actor, trx)
}

/** The new assignee hears of it, unless they took the ticket themselves. */
export async function notifyAssigned(
  ticket: Ticket,
  actor: SupportActor,
  trx: TransactionClientContract
) {
  if (actor.type === 'agent' && actor.id === ticket.assigneeId) return
  const email = await agentEmail(ticket.assigneeId, trx)
  if (!email) return
  await queueNotification(trx, {
    recipient: email,
    audience: 'agent',
    type: 'ticket_assigned',
    ticketId: ticket.id,
    data: {
      number: ticket.number,
      title: ticket.title,
      by: actor.type === 'agent' ? actor.name : 'The system',
      link: staffUrl(ticket),
    },
  })
}

/**
 * A status set by an agent reaches the customer (with the note when it is public);
 * automatic moves and the customer's own do not. With `withReply`, the reply mail already
 * tells the news. Resolution also schedules the satisfaction survey.
 */
export async function notifyStatusChanged(
  ticket: Ticket,
  actor: SupportActor,
  note: { text: string | null; isPublic: boolean },
  trx: TransactionClientContract,
  withReply = false
) {
  if (actor.type !== 'agent') return
  if (!withReply) {
    await queueNotification(trx, {
      recipient: ticket.contactEmail,
      audience: 'customer',
      type: 'status_changed',
      ticketId: ticket.id,
      data: {
        ...customerData(ticket),
        status: ticket.status,
        note: note.isPublic ? note.text : null,
      },
    })
  }
  if (ticket.status === 'resolved') {
    await queueNotification(trx, {
      recipient: ticket.contactEmail,
      audience: 'customer',
      type: 'csat_request',
      ticketId: ticket.id,
      data: customerData(ticket),
      sendAfter: new Date(Date.now() + csatDelaySeconds() * 1000),
    })
  }
}

export async function notifyMessage(
  ticket: Ticket,
  message: TicketMessage,
  actor: SupportActor,
  trx: TransactionClientContract
) {
  if (message.kind === 'reply') {
    await queueNotification(trx, {
      recipient: ticket.contactEmail,
      audience: 'customer',
      type: 'agent_replied',
      ticketId: ticket.id,
      data: {
        ...customerData(ticket),
        author: message.authorName ?? 'Support',
        excerpt: excerpt(message.body),
      },
    })
  }
  if (message.kind === 'customer' && actor.type === 'customer') {
    const email = await agentEmail(ticket.assigneeId, trx)
    if (!email) return
    await queueNotification(trx, {
      recipient: email,
      audience: 'agent',
      type: 'customer_replied',
      ticketId: ticket.id,
      data: {
        number: ticket.number,
        title: ticket.title,
        customer: customerLabel(ticket),
        excerpt: excerpt(message.body),
        link: staffUrl(ticket),
      },
    })
  }
}

/** Asked for on the expired-link page: always sent, whatever the preferences. */
export async function notifyFreshLink(ticket: Ticket, trx: TransactionClientContract) {
  await queueNotification(trx, {
    recipient: ticket.contactEmail,
    audience: 'customer',
    type: 'ticket_link',
    ticketId: ticket.id,
    data: { ...customerData(ticket), days: env.get('TICKET_LINK_TTL_DAYS', 90) },
  })
}

/** CSAT_REQUEST_DELAY: seconds, or a number with s/m/h/d (default one hour). */
function csatDelaySeconds() {
  const raw = env.get('CSAT_REQUEST_DELAY', '1h').trim()
  const match = /^(\d+)\s*([smhd]?)$/.exec(raw)
  if (!match) return 3600
  const unit = { '': 1, 's': 1, 'm': 60, 'h': 3600, 'd': 86_400 }[match[2]]!
  return Number(match[1]) * unit
}
