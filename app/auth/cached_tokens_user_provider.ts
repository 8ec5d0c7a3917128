import { hash } from 'node:crypto'
import { AccessTokensLucidUserProvider, type AccessToken } from '@adonisjs/auth/access_tokens'
import type { Secret } from '@adonisjs/core/helpers'
import type { LucidTokenable } from '@adonisjs/auth/types/access_tokens'
import type { LucidRow } from '@adonisjs/lucid/types/model'

/** How long a verified token (and its user) is trusted without asking the database. */
const TTL_MS = 30_000

interface Entry<T> {
  value: T
  until: number
}

const tokens = new Map<string, Entry<AccessToken>>()
/** A user's attributes as read: each request gets a model of its own (see findById). */
const users = new Map<string, Entry<Record<string, unknown>>>()

/**
 * Forget every cached token and user of this process. Called when the accounts domain
 * says credentials changed (revocation, deactivation, role): here at once (the
 * CredentialsChanged event, start/events.ts), in other processes through NOTIFY
 * (providers/app_provider.ts).
 */
export function forgetCachedCredentials() {
  tokens.clear()
  users.clear()
}

/**
 * The access-token user provider with a short in-process cache. Verifying a token costs
 * two queries and a write (last_used_at) on every API call; host products call the
 * assignment and tracking endpoints at high rates with the same few tokens. A verified
 * token and its user are kept for 30 s; revoking a token, deactivating a user or changing
 * a role clears the cache in every process at once, so nothing stale outlives the change.
 * last_used_at is then updated at most every 30 s per token. (An adapter of the auth
 * guard, loaded by config/auth.ts before the app boots: it imports no domain.)
 */
export class CachedTokensUserProvider<
  TokenableProperty extends string,
  UserModel extends LucidTokenable<TokenableProperty>,
> extends AccessTokensLucidUserProvider<TokenableProperty, UserModel> {
  async verifyToken(tokenValue: Secret<string>) {
    const key = hash('sha256', tokenValue.release(), 'base64url')
    const now = Date.now()
    const hit = tokens.get(key)
    if (hit && hit.until > now && !hit.value.isExpired()) return hit.value
    const token = await super.verifyToken(tokenValue)
    if (token) tokens.set(key, { value: token, until: now + TTL_MS })
    else tokens.delete(key)
    return token
  }

  /**
   * The guard sets `currentAccessToken` on the user it is given, so every request gets a
   * model of its own, made from the cached attributes: a shared one would carry the token of
   * whichever request of the same owner came last (a browser client key could read as the
   * owner's server token).
   */
  async findById(identifier: string | number | BigInt) {
    const key = String(identifier)
    const now = Date.now()
    const hit = users.get(key)
    if (hit && hit.until > now) {
      const Model = await this.getModel()
      const user: LucidRow = new Model()
      user.$attributes = { ...hit.value }
      user.$hydrateOriginals()
      user.$isPersisted = true
      user.$isLocal = false
      return this.createUserForGuard(user as InstanceType<UserModel>)
    }
    const user = await super.findById(identifier)
    if (user)
      users.set(key, {
        value: { ...(user.getOriginal() as LucidRow).$attributes },
        until: now + TTL_MS,
      })
    return user
  }
}
