import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/**
 * Resolves the signed-in user (if any) on every page, so the layout can show the
 * navigation. A deactivated user's session is ended here.
 */
export default class SilentAuthMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const url = ctx.request.url()
    if (url.startsWith('/api/') || url.startsWith('/ofrep/')) return next()
    await ctx.auth.check()
    const user = ctx.auth.user
    if (user && !user.isActive) {
      await ctx.auth.use('web').logout()
    }
    return next()
  }
}
