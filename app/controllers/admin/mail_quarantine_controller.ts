import type { HttpContext } from '@adonisjs/core/http'
import { deleteQuarantined, quarantinedEmails, retryQuarantined } from '#services/support'
import { INBOUND_OUTCOME_TEXT } from '#presenters/inbound_labels'

/** Admins: inbound mail that could not be processed, with retry and delete. */
export default class MailQuarantineController {
  async index({ view }: HttpContext) {
    return view.render('pages/admin/mail_quarantine/index', { messages: await quarantinedEmails() })
  }

  async retry({ params, session, response }: HttpContext) {
    const result = await retryQuarantined(params.id)
    session.flash(
      result.outcome === 'quarantined' ? 'error' : 'success',
      INBOUND_OUTCOME_TEXT[result.outcome](result.ticketNumber)
    )
    return response.redirect().toRoute('admin.mail_quarantine.index')
  }

  async destroy({ params, session, response }: HttpContext) {
    await deleteQuarantined(params.id)
    session.flash('success', 'The message was deleted.')
    return response.redirect().toRoute('admin.mail_quarantine.index')
  }
}
