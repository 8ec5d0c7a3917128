import type { HttpContext } from '@adonisjs/core/http'
import { endSessions } from '#services/accounts'

/** "Sign out everywhere" on the account page. */
export default class SessionsController {
  /**
   * Ends every session of the signed-in person, this browser's included: whoever holds a
   * copy of any of their cookies is out, and they sign in again here.
   */
  async destroy(ctx: HttpContext) {
    const user = ctx.auth.getUserOrFail()
    await ctx.signOut()
    await endSessions(user.id)
    ctx.session.flash('success', 'You are signed out everywhere, including this browser.')
    return ctx.response.redirect().toRoute('session.create')
  }
}
