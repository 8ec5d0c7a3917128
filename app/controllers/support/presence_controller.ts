import type { HttpContext } from '@adonisjs/core/http'
import { presenceValidator } from '#validators/ticket'
import { getTicket, heartbeat, leave, otherViewers } from '#services/support'

/** Who else has the ticket open: heartbeats from each open ticket page. */
export default class PresenceController {
  /** A heartbeat; answers with the other viewers. */
  async update(ctx: HttpContext) {
    const ticket = await getTicket(ctx.params.number)
    const { replying } = await presenceValidator.validate(ctx.request.body())
    const userId = ctx.auth.user!.id
    await heartbeat(ticket.id, ticket.number, userId, replying ?? false)
    return ctx.view.render('partials/support/presence', {
      ticket,
      viewers: await otherViewers(ticket.id, userId),
    })
  }

  /** The page was closed (a keepalive request from the page). */
  async destroy(ctx: HttpContext) {
    const ticket = await getTicket(ctx.params.number)
    await leave(ticket.id, ticket.number, ctx.auth.user!.id)
    return ctx.response.noContent()
  }
}
