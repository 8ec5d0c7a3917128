import type { HttpContext } from '@adonisjs/core/http'
import { findAttachment, getTicket } from '#services/support'
import { sendAttachment } from '#presenters/attachment_response'

/** A ticket's file for agents: the staff route checks the viewer on every download. */
export default class AttachmentsController {
  async show(ctx: HttpContext) {
    const ticket = await getTicket(ctx.params.number)
    return sendAttachment(ctx, await findAttachment(ticket.id, ctx.params.id))
  }
}
