import { createTicket, type NewTicket } from '#services/support/ticket_service'
import { customerPath } from '#services/support/customer_links'
import type Ticket from '#models/ticket'

/** A ticket opened by a customer on the help center. */
export function openTicket(overrides: Partial<NewTicket> = {}): Promise<Ticket> {
  return createTicket(
    {
      title: 'Cannot export my board to CSV',
      description: 'The export button spins forever on the Marketing board.',
      email: 'dana@example.com',
      name: 'Dana Customer',
      ...overrides,
    },
    'help_center',
    { kind: 'customer', name: overrides.name ?? 'Dana Customer', email: null }
  )
}

/** The customer's signed portal path for a ticket. */
export const portalPath = (ticket: Ticket) => customerPath(ticket)
