import app from '@adonisjs/core/services/app'
import { SessionCollection } from '@adonisjs/session'
import type { CredentialsChanged } from '#events/account_events'

/**
 * Ends a person's server-side sessions (every browser signed in as them), except `keep`
 * (the id of a session that stays). Sessions are found by the user id they were tagged
 * with at sign-in; a browser whose session ended is anonymous on its next request.
 */
export async function endSessions(userId: number, keep?: string) {
  const sessions = await app.container.make(SessionCollection)
  const tagged = await sessions.tagged(String(userId))
  await Promise.all(tagged.filter(({ id }) => id !== keep).map(({ id }) => sessions.destroy(id)))
}

/** A new role, password or a deactivation (CredentialsChanged with `signOut`) ends sessions. */
export async function endSessionsOnCredentialsChange(event: CredentialsChanged) {
  if (event.signOut) await endSessions(event.signOut.userId, event.signOut.keepSession)
}
