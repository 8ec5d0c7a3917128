import type { HttpContext } from '@adonisjs/core/http'
import { inAppAlerts, markAlertsRead } from '#services/notifications'

/**
 * A person's experiment alerts in the app; showing them marks them read. The page re-fetches
 * its list when an alert is raised (live channel `account/alerts`).
 */
export default class AlertsController {
  async index(ctx: HttpContext) {
    return ctx.view.render('pages/account/alerts', { alerts: await this.readAlerts(ctx) })
  }

  /** GET /account/alerts/list — the list alone (the page's live partial). */
  async list(ctx: HttpContext) {
    return ctx.view.render('partials/account/alerts_list', { alerts: await this.readAlerts(ctx) })
  }

  private async readAlerts({ auth }: HttpContext) {
    const email = auth.getUserOrFail().email
    const alerts = await inAppAlerts(email)
    await markAlertsRead(email)
    return alerts
  }
}
