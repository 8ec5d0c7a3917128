import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import type { AuthManager } from '@adonisjs/auth'
import type { Authenticators } from '@adonisjs/auth/types'

/**
 * `ctx.auth` for the JSON API. @adonisjs/auth's initialize middleware also shares the
 * authenticator with templates, and asking for `ctx.view` builds an Edge renderer for
 * every request (about 2 % of an API call's CPU in the profile of bench/README.md); the API
 * renders no template. The auth manager is a container singleton, asked for once (this
 * middleware is made once, start/kernel.ts).
 */
export default class InitializeApiAuthMiddleware {
  #manager?: AuthManager<Authenticators>

  async handle(ctx: HttpContext, next: NextFn) {
    const manager = (this.#manager ??= await ctx.containerResolver.make('auth.manager'))
    ctx.auth = manager.createAuthenticator(ctx)
    return next()
  }
}
