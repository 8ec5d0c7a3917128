import type { HttpContext } from '@adonisjs/core/http'
import { freshLinkValidator } from '#validators/notification'
import { requestFreshLink } from '#services/support'

/** A customer whose ticket link expired asks for a fresh one by email. */
export default class TicketLinksController {
  async create({ view, request }: HttpContext) {
    const number = Number(request.input('number'))
    return view.render('pages/help/request_link', {
      number: Number.isSafeInteger(number) && number > 0 ? number : '',
    })
  }

  async store({ request, response, session }: HttpContext) {
    const { number, email } = await request.validateUsing(freshLinkValidator)
    const waitMinutes = await requestFreshLink(number, email, request.ip())
    if (waitMinutes) {
      session.flash(
        'error',
        `You asked for several links in a short time. Please try again in ${waitMinutes} minute${waitMinutes === 1 ? '' : 's'}.`
      )
      session.flashAll()
      return response.redirect().back()
    }
    session.flash(
      'success',
      `If ticket #${number} was opened with ${email}, a fresh link is on its way there. It can take a minute to arrive.`
    )
    return response.redirect().toRoute('help.tickets.link.create', {}, { qs: { number } })
  }
}
