import { Exception } from '@adonisjs/core/exceptions'
import type { HttpContext } from '@adonisjs/core/http'

/**
 * A customer link (a ticket's, or the email preferences') that is forged, mistyped, cut
 * short or names another ticket. Customers have no account, so they get a help-center page
 * that says what to do next, never the staff pages (404, as before: nothing is revealed).
 */
export class CustomerLinkInvalid extends Exception {
  constructor(
    /** The ticket the link named, when it named one: the fresh-link form is filled in. */
    public ticketNumber: number | null = null
  ) {
    super('That link is not valid.', { status: 404, code: 'E_CUSTOMER_LINK_INVALID' })
  }

  async handle(error: this, ctx: HttpContext) {
    return ctx.response
      .status(404)
      .send(await ctx.view.render('pages/help/link_invalid', { number: error.ticketNumber }))
  }
}
