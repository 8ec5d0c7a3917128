import type { HttpContext } from '@adonisjs/core/http'
import { urlFor } from '@adonisjs/core/services/url_builder'
import { getTicket, ticketMailHtml } from '#services/support'
import { contentIdKey, placeInlineImages, sendSandboxedHtml } from '#presenters/mail_preview'

/**
 * Staff: a customer's mail as it was sent in HTML (sanitised), in a sandboxed frame, its
 * inline images shown from the authorised attachment route.
 */
export default class MailHtmlController {
  async show({ params, response }: HttpContext) {
    const ticket = await getTicket(params.number)
    const { html, inlineFiles } = await ticketMailHtml(ticket, params.id)
    const urls = new Map(
      inlineFiles.map((file) => [
        contentIdKey(file.contentId),
        urlFor('tickets.attachments.show', { number: ticket.number, id: file.id }),
      ])
    )
    return sendSandboxedHtml(response, placeInlineImages(html, urls), { sameOrigin: true })
  }
}
