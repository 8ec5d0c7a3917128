import type { HttpContext } from '@adonisjs/core/http'

export default class HomeController {
  /** Signed-in people land on their workspace overview; everyone else on the login page. */
  async index({ auth, view, response }: HttpContext) {
    if (!auth.user) return response.redirect().toRoute('session.create')
    return view.render('pages/home')
  }
}
