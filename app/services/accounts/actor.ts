import type User from '#models/user'

/**
 * Who made a change, as audit logs and ticket histories record it: a person (in the app,
 * or through one of their API tokens), a customer writing from outside, or the system.
 * `origin` is the browser tab's live stream: the tab that made a change is not told of it
 * again.
 */
export type Actor =
  | {
      kind: 'user'
      id: number
      name: string
      email: string
      /** The API token acted for the person (its name). */
      token?: string | null
      origin?: string | null
    }
  | { kind: 'customer'; name: string | null; email: string | null }
  | { kind: 'system' }

export const SYSTEM_ACTOR: Actor = { kind: 'system' }

export function userActor(
  user: Pick<User, 'id' | 'fullName' | 'email'>,
  via: { token?: string | null; origin?: string | null } = {}
): Actor {
  return { kind: 'user', id: user.id, name: user.fullName, email: user.email, ...via }
}

export function customerActor(contact: { email: string | null; name: string | null }): Actor {
  return { kind: 'customer', name: contact.name, email: contact.email }
}

/** The person's id, or null for customers and the system. */
export function actorUserId(actor: Actor) {
  return actor.kind === 'user' ? actor.id : null
}

/** 'Ada Lovelace (ada@example.com)', 'API token "ci" of ada@example.com', 'System'. */
export function actorLabel(actor: Actor) {
  if (actor.kind === 'system') return 'System'
  if (actor.kind === 'customer') return actor.name || actor.email || 'Customer'
  return actor.token
    ? `API token "${actor.token}" of ${actor.email}`
    : `${actor.name} (${actor.email})`
}
