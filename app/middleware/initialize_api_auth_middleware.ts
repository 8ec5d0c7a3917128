import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/**
 * `ctx.auth` for the JSON API. @adonisjs/auth's initialize middleware also shares the
 * authenticator with templates, and asking for `ctx.view` builds an Edge renderer for
 * every request (about 2 % of an API call's CPU in the profile of bench/README.md); the API
 * renders no template.
 */
export default class InitializeApiAuthMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const manager = await ctx.containerResolver.make('auth.manager')
    ctx.auth = manager.createAuthenticator(ctx)
    return next()
  }
}
