import type { HttpContext } from '@adonisjs/core/http'
import { rawMessage } from '#validators/inbound_email'
import { maxInboundBytes, receiveInboundEmail } from '#services/support'

/**
 * `POST /api/inbound/email` (docs/api.md): a mail provider forwards each inbound message
 * as raw MIME with a token that has the `inbound` ability. 200 with what became of it;
 * a message that cannot be processed is quarantined (still 200: resending will not help).
 */
export default class InboundEmailsController {
  async store({ request }: HttpContext) {
    const raw = await rawMessage(request, maxInboundBytes())
    const result = await receiveInboundEmail(raw, { kind: 'http' })
    return { outcome: result.outcome, ticket_number: result.ticketNumber ?? null }
  }
}
