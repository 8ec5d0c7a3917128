import db from '@adonisjs/lucid/services/db'
import limiter from '@adonisjs/limiter/services/main'
import Ticket from '#models/ticket'
import { TicketLinkRequested } from '#events/ticket_events'
import { ticketFacts } from '#services/support/ticket_facts'

/**
 * "Email me a fresh link" from the expired-link page. The answer is the same whether or
 * not the number and address match (nobody learns which tickets exist), and requests are
 * limited per network address so the form cannot be used to flood a mailbox.
 */
const perAddress = () => limiter.use({ requests: 5, duration: '1 hour' })

/** Null when the request went ahead, or the minutes to wait. */
export async function requestFreshLink(number: number, email: string, ip: string) {
  const key = `ticket_link_${ip}`
  const limit = perAddress()
  if ((await limit.remaining(key)) <= 0) {
    return Math.max(1, Math.ceil((await limit.availableIn(key)) / 60))
  }
  await limit.increment(key)
  await db.transaction(async (trx) => {
    const ticket = await Ticket.query({ client: trx })
      .where('number', number)
      .where('contact_email', email.toLowerCase())
      .first()
    if (ticket) await TicketLinkRequested.publish(await ticketFacts(ticket, trx), trx)
  })
  return null
}
