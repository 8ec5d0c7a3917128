/*
|--------------------------------------------------------------------------
| Request helpers
|--------------------------------------------------------------------------
|
| `request.isHtmx()` and `ctx.actor`: what controllers read of a request, in one place.
|
*/
import { HttpContext, HttpRequest } from '@adonisjs/core/http'
import { SYSTEM_ACTOR, userActor, type Actor } from '#services/accounts'
import { LIVE_UID } from '#services/live'

/** Sent by htmx: the answer is a fragment (or an HX-* header), never a whole page. */
HttpRequest.macro('isHtmx', function (this: HttpRequest) {
  return this.header('hx-request') === 'true'
})

/**
 * Who is acting, for services: the owner of the API token (named in audit logs), else
 * the signed-in person with the live stream of their tab, else the system.
 */
HttpContext.getter('actor', function (this: HttpContext): Actor {
  const api = this.auth.use('api')
  if (api.isAuthenticated && api.user) {
    const token = api.user.currentAccessToken
    return userActor(api.user, { token: String(token.name ?? token.identifier) })
  }
  const user = this.auth.user
  if (!user) return SYSTEM_ACTOR
  const origin = this.request.header('x-live-uid')
  return userActor(user, { origin: origin && LIVE_UID.test(origin) ? origin : null })
})

declare module '@adonisjs/core/http' {
  interface HttpRequest {
    isHtmx(): boolean
  }
  interface HttpContext {
    actor: Actor
  }
}
