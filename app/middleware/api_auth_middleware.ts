import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { ApiError } from '#exceptions/api_error'
import type { TokenAbility } from '#services/accounts/token_abilities'

/**
 * JSON API authentication: a bearer access token whose owner is active and whose
 * abilities include the one the route needs (401 without a valid token, 403 without
 * the ability).
 */
export default class ApiAuthMiddleware {
  async handle(ctx: HttpContext, next: NextFn, options: { ability?: TokenAbility } = {}) {
    const user = await ctx.auth.use('api').authenticate()
    if (!user.isActive) {
      throw new ApiError(401, 'account_deactivated', 'The owner of this token is deactivated.')
    }
    const token = user.currentAccessToken
    if (options.ability && !token.allows(options.ability)) {
      throw new ApiError(
        403,
        'missing_ability',
        `This token lacks the "${options.ability}" ability.`
      )
    }
    return next()
  }
}
