import { BaseSeeder } from '@adonisjs/lucid/seeders'
import db from '@adonisjs/lucid/services/db'
import Ticket from '#models/ticket'
import TicketMessage from '#models/ticket_message'
import { TicketCreated, TicketMessageAdded } from '#events/ticket_events'
import { customerActor } from '#services/accounts'
import { savePreferences } from '#services/notifications'
import { actorFacts, ticketFacts } from '#services/support'

/**
 * A few real notifications about the newest demo tickets (the bulk-inserted history wrote
 * none), so the outbox and the log have mail to show on first start: the web process's
 * queue worker delivers them within seconds. One customer reads Spanish; the demo agent
 * gets new-ticket alerts. Skipped when notifications exist.
 */
export default class NotificationsSeeder extends BaseSeeder {
  static environment = ['development']

  async run() {
    const existing = await db.from('notifications').count('* as total').first()
    if (Number(existing?.total) > 0) return
    const tickets = await Ticket.query().orderBy('created_at', 'desc').limit(6)
    if (!tickets.length) return

    await savePreferences('agent@example.com', { newTicketAlerts: true })
    await savePreferences(tickets[0].contactEmail, { language: 'es' })
    // And the latest answers agents gave, as the customers received them.
    const answered = await TicketMessage.query()
      .where('kind', 'reply')
      .orderBy('created_at', 'desc')
      .limit(3)
    await db.transaction(async (trx) => {
      for (const ticket of tickets) {
        const customer = customerActor({ email: ticket.contactEmail, name: ticket.contactName })
        await TicketCreated.publish(await ticketFacts(ticket, trx), actorFacts(customer), trx)
      }
      for (const reply of answered) {
        const ticket = await Ticket.findOrFail(reply.ticketId, { client: trx })
        const said = {
          kind: reply.kind,
          body: reply.body,
          authorName: reply.authorName,
          attachments: [],
        }
        const author = { kind: 'agent' as const, email: null, name: reply.authorName }
        await TicketMessageAdded.publish(await ticketFacts(ticket, trx), said, author, trx)
      }
    })
  }
}
