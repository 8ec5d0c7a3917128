import { hash } from 'node:crypto'
import { AccessTokensLucidUserProvider, type AccessToken } from '@adonisjs/auth/access_tokens'
import type { Secret } from '@adonisjs/core/helpers'
import type { LucidTokenable } from '@adonisjs/auth/types/access_tokens'

/** How long a verified token (and its owner) is trusted without asking the database. */
const TTL_MS = 30_000
/** Tokens kept at most; beyond, the oldest entry goes (a process sees few tokens). */
const MAX_TOKENS = 1_000

interface Entry<T> {
  value: T
  until: number
}

/** Verified tokens by the hash of their secret. */
const tokens = new Map<string, Entry<AccessToken>>()
/** Each token's owner, by the token's id: the user model the requests of that token share. */
const owners = new Map<string, Entry<unknown>>()
/**
 * The outcome of a token's last authentication, by the hash of its secret: its owner with
 * `currentAccessToken` set to it, so that a request of that token within TTL_MS is
 * authenticated by one lookup (quiet_tokens_guard.ts).
 */
const authenticated = new Map<string, Entry<{ owner: unknown; token: AccessToken }>>()

/** A token secret's key in the caches: its SHA-256 (the secrets themselves are not kept). */
export const cacheKeyOf = (secret: string) => hash('sha256', secret, 'base64url')

/** Keeps an entry for TTL_MS, dropping the oldest entry of a full map. */
function keep<T>(map: Map<string, Entry<T>>, key: string, value: T, now: number) {
  if (map.size >= MAX_TOKENS && !map.has(key)) map.delete(map.keys().next().value!)
  map.set(key, { value, until: now + TTL_MS })
}

/**
 * Forget every cached token and owner of this process. Called when the accounts domain
 * says credentials changed (revocation, deactivation, role): here at once (the
 * CredentialsChanged event, start/events.ts), in other processes through NOTIFY
 * (providers/app_provider.ts).
 */
export function forgetCachedCredentials() {
  tokens.clear()
  owners.clear()
  authenticated.clear()
}

/**
 * The access-token user provider with a short in-process cache. Verifying a token costs
 * two queries and a write (last_used_at) on every API call; host products call the
 * assignment and tracking endpoints at high rates with the same few tokens. A verified
 * token and its owner are kept for 30 s (at most 1,000 tokens); revoking a token,
 * deactivating a user or changing a role clears the cache in every process at once, so
 * nothing stale outlives the change (and were a NOTIFY lost, nothing outlives 30 s).
 * last_used_at is then updated at most every 30 s per token. (An adapter of the auth
 * guard, loaded by config/auth.ts before the app boots: it imports no domain.)
 *
 * The guard sets `currentAccessToken` on the user model it is given, so the owner is
 * cached per token, never per user: a model shared by two tokens of one owner would carry
 * the token of whichever request came last (a browser client key could read as its
 * owner's server token). The guard of each request therefore gets its own view of the
 * provider (`forRequest`), which remembers the token it verified.
 */
export class CachedTokensUserProvider<
  TokenableProperty extends string,
  UserModel extends LucidTokenable<TokenableProperty>,
> extends AccessTokensLucidUserProvider<TokenableProperty, UserModel> {
  /** True on a request's view (forRequest), false on the shared provider. */
  private isView = false
  /** The token this request's view verified. */
  private verified?: AccessToken

  /** A view of this provider for one request's guard (quiet_tokens_guard.ts). */
  forRequest(): this {
    const view: this = Object.create(this)
    view.isView = true
    return view
  }

  async verifyToken(tokenValue: Secret<string>) {
    const key = cacheKeyOf(tokenValue.release())
    const now = Date.now()
    const hit = tokens.get(key)
    let token: AccessToken | null
    if (hit && hit.until > now && !hit.value.isExpired()) token = hit.value
    else {
      token = await super.verifyToken(tokenValue)
      if (token) keep(tokens, key, token, now)
      else tokens.delete(key)
    }
    if (this.isView) this.verified = token ?? undefined
    return token
  }

  /** The owner a token's secret authenticated within TTL_MS and the token, if still valid. */
  recentAuthentication(key: string) {
    const hit = authenticated.get(key)
    return hit && hit.until > Date.now() && !hit.value.token.isExpired() ? hit.value : undefined
  }

  /** Remembers that a token's secret authenticated `owner` (whose currentAccessToken it is). */
  rememberOwner(key: string, owner: unknown, token: AccessToken) {
    keep(authenticated, key, { owner, token }, Date.now())
  }

  async findById(identifier: string | number | BigInt) {
    const token = this.isView ? this.verified : undefined
    if (!token || String(token.tokenableId) !== String(identifier)) {
      return super.findById(identifier)
    }
    const key = String(token.identifier)
    const now = Date.now()
    const hit = owners.get(key)
    if (hit && hit.until > now)
      return hit.value as Awaited<
        ReturnType<AccessTokensLucidUserProvider<TokenableProperty, UserModel>['findById']>
      >
    const owner = await super.findById(identifier)
    if (owner) keep(owners, key, owner, now)
    return owner
  }
}
