import type { HttpContext } from '@adonisjs/core/http'
import type User from '#models/user'
import { LIVE_UID } from '#services/live/live_updates'

/**
 * Who changes a ticket, as written in its history. `origin` is the browser tab's live
 * stream, so the tab that made a change is not told about it again.
 */
export type SupportActor =
  | { type: 'agent'; id: number; name: string; origin?: string | null }
  | { type: 'customer'; name: string | null }
  | { type: 'system' }

export const SYSTEM_ACTOR: SupportActor = { type: 'system' }

export function agentActor(user: User, origin?: string | null): SupportActor {
  return { type: 'agent', id: user.id, name: user.fullName, origin }
}

/** The signed-in agent, with the live stream id the page sends on htmx requests. */
export function actorFromRequest(ctx: HttpContext): SupportActor {
  const origin = ctx.request.header('x-live-uid')
  return agentActor(ctx.auth.user!, origin && LIVE_UID.test(origin) ? origin : null)
}

/** Columns actor_type, actor_id and actor_name of history rows. */
export function actorColumns(actor: SupportActor) {
  return {
    actor_type: actor.type,
    actor_id: actor.type === 'agent' ? actor.id : null,
    actor_name: actor.type === 'system' ? null : actor.name,
  }
}

export function actorOrigin(actor: SupportActor) {
  return actor.type === 'agent' ? (actor.origin ?? null) : null
}
