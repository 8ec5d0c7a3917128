import { randomUUID } from 'node:crypto'
import type { HttpContext } from '@adonisjs/core/http'
import type Ticket from '#models/ticket'
import { customerActor } from '#services/accounts'
import { deflectionValidator, publicTicketValidator } from '#validators/ticket'
import {
  claimSubmission,
  createTicket,
  createTicketOnce,
  customerPath,
  PRIORITY_LABELS,
  recordDeflection,
  TICKET_PRIORITIES,
} from '#services/support'
import { uploadedFiles } from '#validators/attachment_input'
import {
  HELP_CENTER_EVENTS,
  helpCenterTreatment,
  recordHelpCenterEvents,
} from '#services/experiments'

/** What the thanks page shows of a ticket (kept with the form's key for a resubmission). */
function submittedFacts(ticket: Ticket) {
  return {
    number: ticket.number,
    title: ticket.title,
    email: ticket.contactEmail,
    link: customerPath(ticket),
  }
}

/** "Contact support" on the help center: the ticket form with answers suggested as you type. */
export default class TicketSubmissionsController {
  /** Each rendering carries a one-time key: sending the same form twice opens one ticket. */
  async create({ view, helpCenterSubject }: HttpContext) {
    // Where the help-center experiment's variant puts the suggestions (exposure comes later).
    const treatment = helpCenterSubject ? await helpCenterTreatment(helpCenterSubject) : null
    return view.render('pages/help/new_ticket', {
      priorities: TICKET_PRIORITIES,
      priorityLabels: PRIORITY_LABELS,
      submissionKey: randomUUID(),
      placement: treatment?.placement ?? 'beside',
    })
  }

  async store(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(publicTicketValidator)
    const attachments = await uploadedFiles(ctx.request)
    const limited = await claimSubmission(ctx.request.ip(), input.email)
    if (limited) {
      ctx.session.flashAll()
      ctx.session.flash('error', limited)
      return ctx.response.redirect().back()
    }
    const customer = customerActor({ email: input.email, name: input.name ?? null })
    const fields = {
      title: input.title,
      description: input.description,
      priority: input.priority,
      email: input.email,
      name: input.name ?? null,
      attachments,
    }
    const key = input.submission_key
    if (key) {
      // The key belongs to this browser's session: nobody else can replay it.
      const scope = `session:${ctx.session.sessionId}`
      const answer = await createTicketOnce({ scope, key }, fields, 'help_center', customer, (t) =>
        Promise.resolve({ status: 201, body: submittedFacts(t) })
      )
      const facts = answer.body as ReturnType<typeof submittedFacts>
      ctx.session.flash('submitted', { ...facts, repeated: answer.replayed })
      await this.recordSubmission(ctx, facts.number, input.email)
    } else {
      const ticket = await createTicket(fields, 'help_center', customer)
      ctx.session.flash('submitted', submittedFacts(ticket))
      await this.recordSubmission(ctx, ticket.number, input.email)
    }
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
    if (ctx.helpCenterSubject) {
      await recordHelpCenterEvents(ctx.helpCenterSubject, [
        { name: HELP_CENTER_EVENTS.answered, once: String(faq.id), properties: { faqId: faq.id } },
      ])
    }
    if (!ctx.request.isHtmx()) {
      return ctx.response.redirect().toRoute('help.article', { id: faq.id })
    }
    return ctx.view.render('partials/help/deflected', { faq })
  }

  /** The help-center experiment's conversion: the ticket links the visitor to its email. */
  private async recordSubmission(ctx: HttpContext, ticketNumber: number, email: string) {
    if (!ctx.helpCenterSubject) return
    await recordHelpCenterEvents(ctx.helpCenterSubject, [
      {
        name: HELP_CENTER_EVENTS.ticket,
        once: String(ticketNumber),
        properties: { ticketNumber, email: email.toLowerCase() },
      },
    ])
  }
}
