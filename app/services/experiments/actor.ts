import type { HttpContext } from '@adonisjs/core/http'

/** Who made a change, as stored in the audit log. */
export interface Actor {
  id: number | null
  label: string
}

export const SYSTEM_ACTOR: Actor = { id: null, label: 'System' }

/** The signed-in person, or the API token (and its owner) behind the request. */
export function actorFrom(ctx: HttpContext): Actor {
  const api = ctx.auth.use('api')
  if (api.isAuthenticated && api.user) {
    const token = api.user.currentAccessToken
    return {
      id: api.user.id,
      label: `API token "${token.name ?? token.identifier}" of ${api.user.email}`,
    }
  }
  const user = ctx.auth.user
  return user ? { id: user.id, label: `${user.fullName} (${user.email})` } : SYSTEM_ACTOR
}
