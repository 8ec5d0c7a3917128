import type { HttpContext } from '@adonisjs/core/http'
import { customerActor } from '#services/accounts'
import { deflectionValidator, publicTicketValidator } from '#validators/ticket'
import {
  claimSubmission,
  createTicket,
  customerPath,
  PRIORITY_LABELS,
  recordDeflection,
  TICKET_PRIORITIES,
} from '#services/support'

/** "Contact support" on the help center: the ticket form with answers suggested as you type. */
export default class TicketSubmissionsController {
  async create({ view }: HttpContext) {
    return view.render('pages/help/new_ticket', {
      priorities: TICKET_PRIORITIES,
      priorityLabels: PRIORITY_LABELS,
    })
  }

  async store(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(publicTicketValidator)
    const limited = await claimSubmission(ctx.request.ip(), input.email)
    if (limited) {
      ctx.session.flashAll()
      ctx.session.flash('error', limited)
      return ctx.response.redirect().back()
    }
    const customer = customerActor({ email: input.email, name: input.name ?? null })
    const ticket = await createTicket(
      { ...input, name: input.name ?? null },
      'help_center',
      customer
    )
    ctx.session.flash('submitted', {
      number: ticket.number,
      title: ticket.title,
      email: ticket.contactEmail,
      link: customerPath(ticket),
    })
    return ctx.response.redirect().toRoute('help.tickets.thanks')
  }

  async thanks({ session, view, response }: HttpContext) {
    const submitted = session.flashMessages.get('submitted')
    if (!submitted) return response.redirect().toRoute('help.tickets.create')
    return view.render('pages/help/ticket_submitted', { submitted })
  }

  /** "This answered my question": recorded, and the form says it is glad to hear it. */
  async deflect(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(deflectionValidator)
    const faq = await recordDeflection(input.faq_id, input.q ?? '', ctx.visitorId ?? null)
    if (!ctx.request.isHtmx()) {
      return ctx.response.redirect().toRoute('help.article', { id: faq.id })
    }
    return ctx.view.render('partials/help/deflected', { faq })
  }
}
