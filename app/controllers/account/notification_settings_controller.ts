import type { HttpContext } from '@adonisjs/core/http'
import { preferencesFormValidator } from '#validators/notification'
import {
  LANGUAGES,
  preferencesFor,
  requeueUnsent,
  savePreferences,
  translator,
} from '#services/notifications'

/** An agent's own notification settings (their sign-in address), in their profile. */
export default class NotificationSettingsController {
  async show({ view, auth }: HttpContext) {
    const user = auth.getUserOrFail()
    const email = user.email
    // The page itself is in English like the rest of the app; the choice sets the mails'.
    const { t } = await translator('en', 'preferences')
    return view.render('pages/account/notifications', {
      email,
      preferences: await preferencesFor(email),
      languages: LANGUAGES,
      isAdmin: user.role === 'admin',
      t: (key: string, data: Record<string, unknown> = {}) => t(key, { email, ...data }),
    })
  }

  async update({ request, response, auth, session }: HttpContext) {
    const user = auth.getUserOrFail()
    const email = user.email
    const input = await request.validateUsing(preferencesFormValidator)
    await savePreferences(email, {
      emailEnabled: Boolean(input.email_enabled),
      frequency: input.frequency,
      language: input.language,
      newTicketAlerts: Boolean(input.new_ticket_alerts),
      // Experiments are the admins' business: agents' forms do not have these fields.
      ...(user.role === 'admin' && {
        experimentAlerts: Boolean(input.experiment_alerts),
        experimentDigest: input.experiment_digest ?? 'none',
      }),
    })
    await requeueUnsent(email)
    session.flash(
      'success',
      'Your email settings are saved. They apply to every email not sent yet.'
    )
    return response.redirect().toRoute('account.notifications')
  }
}
