import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { ApiError } from '#exceptions/api_error'
import { abilitiesWithinRole, CLIENT_KEY_MARKER, type TokenAbility } from '#services/accounts'

/**
 * JSON API authentication: a bearer access token whose owner is active and whose
 * abilities, within its owner's role, include the one the route needs (401 without a valid token, 403 without
 * the ability). With `optional`, a request without a token passes as anonymous (public
 * reads); a token that is sent must still be valid.
 */
export default class ApiAuthMiddleware {
  async handle(
    ctx: HttpContext,
    next: NextFn,
    options: {
      ability?: TokenAbility
      allowKeyInQuery?: boolean
      optional?: boolean
      /** Refuse browser client keys (they are public): server-to-server endpoints. */
      serverOnly?: boolean
    } = {}
  ) {
    if (options.optional && !ctx.request.header('authorization')) return next()
    // navigator.sendBeacon cannot send headers: browser client keys may come as ?key=.
    const queryKey =
      options.allowKeyInQuery && !ctx.request.header('authorization') ? ctx.request.qs().key : null
    if (typeof queryKey === 'string' && queryKey) {
      ctx.request.request.headers.authorization = `Bearer ${queryKey}`
    }
    const user = await ctx.auth.use('api').authenticate()
    if (queryKey && !user.currentAccessToken.allows(CLIENT_KEY_MARKER)) {
      throw new ApiError(401, 'secret_in_url', 'Only browser client keys may be sent in the URL.')
    }
    if (!user.isActive) {
      throw new ApiError(401, 'account_deactivated', 'The owner of this token is deactivated.')
    }
    const token = user.currentAccessToken
    // A token never does more than its owner's role allows now (an owner may have been
    // demoted since it was made); every reader of the token sees the bounded set.
    token.abilities = abilitiesWithinRole(user.role, token.abilities)
    if (options.serverOnly && token.allows(CLIENT_KEY_MARKER)) {
      throw new ApiError(403, 'server_token_required', 'Browser client keys may not call this.')
    }
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
