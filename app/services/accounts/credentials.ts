import db from '@adonisjs/lucid/services/db'
import { CredentialsChanged } from '#events/account_events'

/** The PostgreSQL channel on which any process says "tokens or users changed". */
export const PG_CREDENTIALS_CHANNEL = 'app_credentials'

/**
 * After revoking a token or changing a user: whatever caches credentials forgets them,
 * in this process at once and in every other one through NOTIFY. `signOut` names the
 * person whose sessions end (they are in the shared store, so ending them once is enough).
 */
export async function credentialsChanged(signOut: CredentialsChanged['signOut'] = null) {
  await CredentialsChanged.publish(signOut)
  await db.rawQuery('SELECT pg_notify(?, ?)', [PG_CREDENTIALS_CHANNEL, ''])
}
