/*
|--------------------------------------------------------------------------
| Request helpers
|--------------------------------------------------------------------------
|
| `request.isHtmx()` and `ctx.actor`: what controllers read of a request, in one place;
| `ctx.signIn(user)` and `ctx.signOut()`: the only ways a session gains or loses a user.
|
*/
import { HttpContext, HttpRequest } from '@adonisjs/core/http'
import type User from '#models/user'
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

/**
 * Signs in (a new session id) and tags the server-side session with the user id, so that
 * "sign out everywhere" and a changed role can find and end it.
 */
HttpContext.macro('signIn', async function (this: HttpContext, user: User) {
  await this.auth.use('web').login(user)
  await this.session.tag(String(user.id))
})

/**
 * Signs out and continues with an empty session under a new id: committing the response
 * deletes the old id's stored session, so a copy of the old cookie is worth nothing.
 */
HttpContext.macro('signOut', async function (this: HttpContext) {
  await this.auth.use('web').logout()
  this.session.clear()
  this.session.regenerate()
})

declare module '@adonisjs/core/http' {
  interface HttpRequest {
    isHtmx(): boolean
  }
  interface HttpContext {
    actor: Actor
    signIn(user: User): Promise<void>
    signOut(): Promise<void>
  }
}
