import type { HttpContext } from '@adonisjs/core/http'
import { findAttachment, getTicket } from '#services/support'
import { sendAttachment } from '#presenters/attachment_response'

/**
 * A ticket's file for its customer, through the signed address their ticket page gives
 * (it expires after two hours; the page hands out a fresh one). Files of internal notes
 * are never found here.
 */
export default class CustomerFilesController {
  async show(ctx: HttpContext) {
    if (!ctx.request.hasValidSignature('attachment')) {
      return ctx.response
        .status(403)
        .send('This download link has expired. Open your ticket again for a fresh one.')
    }
    const ticket = await getTicket(ctx.params.number)
    return sendAttachment(ctx, await findAttachment(ticket.id, ctx.params.id, true))
  }
}
