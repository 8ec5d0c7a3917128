import type { HttpContext } from '@adonisjs/core/http'
import { identifyHelpCenterVisitor } from '#services/experiments'
import { KNOWN_CUSTOMER_EMAIL } from '#middleware/visitor_middleware'
import { customerActor } from '#services/accounts'
import { Exception } from '@adonisjs/core/exceptions'
import { csatValidator, customerReplyValidator } from '#validators/ticket'
import {
  addTicketMessage,
  asksForRating,
  checkCustomerToken,
  findRating,
  openingAttachments,
  getTicket,
  rateTicket,
  ticketTimeline,
} from '#services/support'
import { CustomerLinkInvalid } from '#exceptions/customer_link_invalid'
import type Ticket from '#models/ticket'
import { uploadedFiles } from '#validators/attachment_input'

/**
 * The customer's view of a ticket, reached through the signed link (no account): public
 * messages and status, a reply box, and "How did we do?" once it is resolved. Internal
 * notes never reach this page.
 */
export default class CustomerTicketsController {
  async show(ctx: HttpContext) {
    const ticket = await this.authorize(ctx)
    await this.remember(ctx, ticket.contactEmail)
    const [timeline, rating, openingFiles] = await Promise.all([
      ticketTimeline(ticket, 'customer'),
      findRating(ticket),
      openingAttachments(ticket),
    ])
    return ctx.view.render('pages/help/ticket', {
      ticket,
      timeline,
      openingFiles,
      rating,
      asksForRating: asksForRating(ticket, rating),
      token: ctx.params.token,
    })
  }

  async reply(ctx: HttpContext) {
    const ticket = await this.authorize(ctx)
    const { body } = await ctx.request.validateUsing(customerReplyValidator)
    const attachments = await uploadedFiles(ctx.request)
    await addTicketMessage(
      ticket,
      { kind: 'customer', body, attachments },
      customerActor({ email: ticket.contactEmail, name: ticket.contactName })
    )
    ctx.session.flash('success', 'Your reply was added. Our answer will appear on this page.')
    return ctx.response.redirect().back()
  }

  async rate(ctx: HttpContext) {
    const ticket = await this.authorize(ctx)
    const { rating, comment } = await ctx.request.validateUsing(csatValidator)
    await rateTicket(ticket, rating, comment ?? null)
    ctx.session.flash('success', 'Thank you for rating our answer.')
    return ctx.response.redirect().back()
  }

  /**
   * The link proves the customer's email in this browser: the help-center experiment
   * assigns them by it from now on, and the visitor they were is linked to it.
   */
  private async remember(ctx: HttpContext, email: string) {
    const known = email.toLowerCase()
    if (ctx.session.get(KNOWN_CUSTOMER_EMAIL) === known) return
    ctx.session.put(KNOWN_CUSTOMER_EMAIL, known)
    if (ctx.visitorId && !ctx.visitorIsNew) await identifyHelpCenterVisitor(ctx.visitorId, known)
  }

  /** A forged link or one for another ticket is a 404 help page; an expired one says so. */
  private async authorize(ctx: HttpContext): Promise<Ticket> {
    const ticket = await getTicket(ctx.params.number).catch(() => null)
    const check = ticket ? checkCustomerToken(ticket, String(ctx.params.token)) : 'invalid'
    if (!ticket || check === 'invalid') {
      const number = Number(ctx.params.number)
      throw new CustomerLinkInvalid(Number.isSafeInteger(number) && number > 0 ? number : null)
    }
    if (check === 'expired') throw new LinkExpired(ticket.number)
    return ticket
  }
}

/** Rendered as a friendly page offering a fresh link (410 Gone). */
class LinkExpired extends Exception {
  constructor(public ticketNumber: number) {
    super('This ticket link has expired.', { status: 410, code: 'E_LINK_EXPIRED' })
  }

  async handle(error: this, ctx: HttpContext) {
    return ctx.response
      .status(410)
      .send(await ctx.view.render('pages/help/link_expired', { number: error.ticketNumber }))
  }
}
