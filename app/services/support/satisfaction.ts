import db from '@adonisjs/lucid/services/db'
import type Ticket from '#models/ticket'
import CsatResponse from '#models/csat_response'
import { DomainError } from '#exceptions/domain_error'
import { TicketRated } from '#events/ticket_events'
import { customerActor } from '#services/accounts'
import { announceTicket } from '#services/support/ticket_service'

/** "How did we do?" is asked once a ticket is resolved (or closed), and answered once. */
export function asksForRating(ticket: Ticket, existing: CsatResponse | null) {
  return !existing && (ticket.status === 'resolved' || ticket.status === 'closed')
}

export async function rateTicket(ticket: Ticket, rating: number, comment: string | null) {
  if (ticket.status !== 'resolved' && ticket.status !== 'closed') {
    throw new DomainError('You can rate the answer once the ticket is resolved.', 'not_resolved')
  }
  await db.transaction(async (trx) => {
    const inserted = await trx
      .insertQuery()
      .table('csat_responses')
      .insert({
        ticket_id: ticket.id,
        rating,
        comment: comment?.trim() || null,
        created_at: new Date(),
      })
      .onConflict('ticket_id')
      .ignore()
      .returning('ticket_id')
    if (!inserted.length) {
      throw new DomainError('You already rated this ticket. Thank you!', 'already_rated', 409)
    }
    const customer = customerActor({ email: ticket.contactEmail, name: ticket.contactName })
    await announceTicket(ticket, 'csat', trx, customer)
    const facts = { id: ticket.id, number: ticket.number, contactEmail: ticket.contactEmail }
    await TicketRated.publish(facts, rating, trx)
  })
}

export async function findRating(ticket: Ticket) {
  return CsatResponse.find(ticket.id)
}
