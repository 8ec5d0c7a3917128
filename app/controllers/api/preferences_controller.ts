import type { HttpContext } from '@adonisjs/core/http'
import { preferencesApiValidator, preferencesEmailValidator } from '#validators/notification'
import {
  preferencesFor,
  preferenceSummary,
  requeueUnsent,
  savePreferences,
  type Preferences,
} from '#services/notifications'

/** Notification preferences per email address (docs/api.md), `support` ability. */
export default class PreferencesController {
  /** Stored preferences, or the defaults (`is_default: true`) when none are stored. */
  async show({ params }: HttpContext) {
    const { email } = await preferencesEmailValidator.validate({ email: params.email })
    return preferencesJson(await preferencesFor(email))
  }

  /** Creates or updates; fields left out keep their value. */
  async store({ request, response }: HttpContext) {
    const input = await request.validateUsing(preferencesApiValidator)
    const before = await preferencesFor(input.email)
    const saved = await savePreferences(input.email, {
      emailEnabled: input.email_notifications,
      smsEnabled: input.sms_notifications,
      frequency: input.notification_frequency,
      language: input.preferred_language,
      newTicketAlerts: input.new_ticket_alerts,
    })
    await requeueUnsent(input.email)
    return response.status(before.stored ? 200 : 201).send(preferencesJson(saved))
  }

  async summary() {
    const summary = await preferenceSummary()
    return {
      stored: summary.stored,
      email_disabled: summary.emailDisabled,
      by_frequency: summary.byFrequency,
      by_language: summary.byLanguage,
      new_ticket_alerts: summary.newTicketAlerts,
      note: 'Counts stored preferences; every other address uses the defaults (email on, immediate, en).',
    }
  }
}

function preferencesJson(preferences: Preferences) {
  return {
    email: preferences.email,
    email_notifications: preferences.emailEnabled,
    sms_notifications: preferences.smsEnabled,
    notification_frequency: preferences.frequency,
    preferred_language: preferences.language,
    new_ticket_alerts: preferences.newTicketAlerts,
    is_default: !preferences.stored,
    updated_at: preferences.updatedAt,
  }
}
