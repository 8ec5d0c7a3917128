import db from '@adonisjs/lucid/services/db'
import limiter from '@adonisjs/limiter/services/main'
import Ticket from '#models/ticket'
import SendFreshLink from '#jobs/send_fresh_link'
import { TicketLinkRequested } from '#events/ticket_events'
import { ticketFacts } from '#services/support/ticket_facts'
import { secondsToWait } from '#services/support/submission_limits'

/**
 * "Email me a fresh link" from the expired-link page. Nobody may learn which tickets exist,
 * not even from the time the answer takes: the request only checks the per-address limit
 * and queues the pair as typed, the same work whether or not it matches; the job looks the
 * ticket up. The limit keeps the form from being used to flood a mailbox.
 */
const perAddress = () => limiter.use({ requests: 5, duration: '1 hour' })

/** Null when the request was queued, or the minutes to wait. */
export async function requestFreshLink(number: number, email: string, ip: string) {
  const seconds = await secondsToWait(perAddress(), `ticket_link_${ip}`)
  if (seconds > 0) return Math.max(1, Math.ceil(seconds / 60))
  await SendFreshLink.dispatch({ number, email }).run()
  return null
}

/** The queued part: mails a fresh link when the ticket was opened with this address. */
export async function sendFreshLink(number: number, email: string) {
  await db.transaction(async (trx) => {
    const ticket = await Ticket.query({ client: trx })
      .where('number', number)
      .where('contact_email', email.toLowerCase())
      .first()
    if (ticket) await TicketLinkRequested.publish(await ticketFacts(ticket, trx), trx)
  })
}
