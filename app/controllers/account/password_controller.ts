import type { HttpContext } from '@adonisjs/core/http'
import { changePasswordValidator } from '#validators/user'
import { changePassword } from '#services/accounts'

/** "Change password" on the account page. */
export default class PasswordController {
  async update({ request, response, auth, session }: HttpContext) {
    const input = await request.validateUsing(changePasswordValidator)
    await changePassword(auth.getUserOrFail(), input, session.sessionId)
    session.flash('success', 'Your password is changed. Every other browser is signed out.')
    return response.redirect().toRoute('account.notifications')
  }
}
