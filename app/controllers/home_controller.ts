import type { HttpContext } from '@adonisjs/core/http'
import { BREACH_WARNING_MINUTES, firstResponsesDue, viewCounts } from '#services/support'
import { runningExperimentSummaries } from '#services/results'

export default class HomeController {
  /**
   * Signed-in people land on their work: their open tickets, the unassigned ones, first
   * responses about to be late, and (admins) the running experiments. Everyone else goes
   * to the login page.
   */
  async index({ auth, view, response }: HttpContext) {
    const user = auth.user
    if (!user) return response.redirect().toRoute('session.create')
    const [counts, due, experiments] = await Promise.all([
      viewCounts(user.id),
      firstResponsesDue(),
      user.role === 'admin' ? runningExperimentSummaries() : [],
    ])
    return view.render('pages/home', {
      counts,
      due,
      warningMinutes: BREACH_WARNING_MINUTES,
      experiments,
    })
  }
}
