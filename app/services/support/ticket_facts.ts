import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type Ticket from '#models/ticket'
import User from '#models/user'
import type { ActorFacts, TicketFacts } from '#events/ticket_events'
import type { Actor } from '#services/accounts'
import { publicUrl } from '#services/platform'
import { customerUrl } from '#services/support/customer_links'
import { ticketReplyAddress } from '#services/support/reply_address'

/** A ticket as the ticket events carry it (see app/events/ticket_events.ts). */
export async function ticketFacts(
  ticket: Ticket,
  trx: TransactionClientContract
): Promise<TicketFacts> {
  const assignee = ticket.assigneeId ? await User.find(ticket.assigneeId, { client: trx }) : null
  return {
    id: ticket.id,
    number: ticket.number,
    title: ticket.title,
    description: ticket.description,
    priority: ticket.priority,
    status: ticket.status,
    contactEmail: ticket.contactEmail,
    contactName: ticket.contactName,
    assigneeEmail: assignee?.isActive ? assignee.email : null,
    staffUrl: publicUrl(`/tickets/${ticket.number}`),
    customerUrl: customerUrl(ticket),
    replyTo: ticketReplyAddress(ticket.number),
  }
}

export function actorFacts(actor: Actor): ActorFacts {
  if (actor.kind === 'system') return { kind: 'system', email: null, name: null }
  return {
    kind: actor.kind === 'user' ? 'agent' : 'customer',
    email: actor.email,
    name: actor.name,
  }
}
