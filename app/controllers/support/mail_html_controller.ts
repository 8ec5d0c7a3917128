import type { HttpContext } from '@adonisjs/core/http'
import { getTicket, ticketMailHtml } from '#services/support'
import { sendSandboxedHtml } from '#presenters/mail_preview'

/** Staff: a customer's mail as it was sent in HTML (sanitised), in a sandboxed frame. */
export default class MailHtmlController {
  async show({ params, response }: HttpContext) {
    const ticket = await getTicket(params.number)
    return sendSandboxedHtml(response, await ticketMailHtml(ticket, params.id))
  }
}
