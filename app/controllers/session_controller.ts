import type { HttpContext } from '@adonisjs/core/http'
import { errors as authErrors } from '@adonisjs/auth'
import { errors as limiterErrors } from '@adonisjs/limiter'
import { loginValidator } from '#validators/session'
import { attemptLogin } from '#services/accounts'

export default class SessionController {
  async create({ view }: HttpContext) {
    return view.render('pages/auth/login')
  }

  async store(ctx: HttpContext) {
    const { request, response, session } = ctx
    const { email, password } = await request.validateUsing(loginValidator)
    try {
      const user = await attemptLogin(email, password, request.ip())
      await ctx.signIn(user)
      return response.redirect().toIntended('/')
    } catch (error) {
      if (error instanceof limiterErrors.E_TOO_MANY_REQUESTS) {
        const minutes = Math.max(1, Math.ceil(error.response.availableIn / 60))
        session.flash(
          'error',
          `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`
        )
      } else if (error instanceof authErrors.E_INVALID_CREDENTIALS) {
        session.flash(
          'error',
          error.message.includes('deactivated') ? error.message : 'Wrong email or password.'
        )
      } else {
        throw error
      }
      session.flashOnly(['email'])
      return response.redirect().toRoute('session.create')
    }
  }

  async destroy(ctx: HttpContext) {
    const { response, session } = ctx
    await ctx.signOut()
    session.flash('success', 'You are signed out.')
    return response.redirect().toRoute('session.create')
  }
}
