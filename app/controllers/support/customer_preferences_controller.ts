import type { HttpContext } from '@adonisjs/core/http'
import { customerPreferencesValidator } from '#validators/notification'
import { getTicket } from '#services/support'
import { preferencesFor, requeueUnsent, savePreferences } from '#services/notifications'

/** The ticket's customer's notification preferences, as staff see and change them (seed 004). */
export default class CustomerPreferencesController {
  async update(ctx: HttpContext) {
    const ticket = await getTicket(ctx.params.number)
    const input = await ctx.request.validateUsing(customerPreferencesValidator)
    await savePreferences(ticket.contactEmail, {
      emailEnabled: Boolean(input.email_enabled),
      smsEnabled: Boolean(input.sms_enabled),
      frequency: input.frequency,
      language: input.language,
    })
    // Mail not yet sent follows the new settings.
    await requeueUnsent(ticket.contactEmail)
    if (!ctx.request.isHtmx()) {
      ctx.session.flash('success', 'The customer’s preferences were saved.')
      return ctx.response.redirect().toRoute('tickets.show', { number: ticket.number })
    }
    return ctx.view.render('partials/support/customer_preferences', {
      ticket,
      customerPreferences: await preferencesFor(ticket.contactEmail),
      saved: true,
    })
  }
}
