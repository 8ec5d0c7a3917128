import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/**
 * Guards a route group with a role-level ability from app/abilities/main.ts.
 * Runs after `auth`, so a user is always present here.
 */
export default class AuthorizeMiddleware {
  async handle(ctx: HttpContext, next: NextFn, options: { ability: 'admin' | 'staff' }) {
    await ctx.bouncer.authorize(options.ability)
    return next()
  }
}
