import type { Actor } from '#services/accounts'

/**
 * Columns actor_type ('agent', 'customer' or 'system'), actor_id and actor_name of the
 * history rows: the help desk calls the people of the app agents.
 */
export function actorColumns(actor: Actor) {
  return {
    actor_type: actor.kind === 'user' ? 'agent' : actor.kind,
    actor_id: actor.kind === 'user' ? actor.id : null,
    actor_name: actor.kind === 'system' ? null : actor.name,
  }
}

/** The live stream of the tab that made the change, which need not hear of it. */
export function actorOrigin(actor: Actor) {
  return actor.kind === 'user' ? (actor.origin ?? null) : null
}
