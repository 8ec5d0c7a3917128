import Ticket from '#models/ticket'

/** A customer's tickets by email, newest first (a contact's history). */
export function ticketsOfCustomer(email: string, limit = 50) {
  return Ticket.query()
    .where('contact_email', email.trim().toLowerCase())
    .select('id', 'number', 'title', 'status', 'priority', 'created_at')
    .orderBy('id', 'desc')
    .limit(limit)
}
