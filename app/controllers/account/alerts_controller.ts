import type { HttpContext } from '@adonisjs/core/http'
import { inAppAlerts, markAlertsRead } from '#services/notifications'

/** A person's experiment alerts in the app; opening the list marks them read. */
export default class AlertsController {
  async index({ view, auth }: HttpContext) {
    const email = auth.getUserOrFail().email
    const alerts = await inAppAlerts(email)
    await markAlertsRead(email)
    return view.render('pages/account/alerts', { alerts })
  }
}
