import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/**
 * Resolves the signed-in user (if any) on every page, so the layout can show the
 * navigation. A deactivated user's session is ended here.
 */
export default class SilentAuthMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    // Only when the session holds a user: for everyone else (every help-center visitor) the
    // guard would build, and catch, an exception with a stack trace on each request.
    // (Remember-me tokens are off in config/auth.ts, so the session is the only way in.)
    const guard = ctx.auth.use('web')
    if (ctx.session.has(guard.sessionKeyName)) await ctx.auth.check()
    const user = ctx.auth.user
    if (user && !user.isActive) {
      await ctx.signOut()
    }
    return next()
  }
}
