import { AccessTokensGuard } from '@adonisjs/auth/access_tokens'
import type { HttpContext } from '@adonisjs/core/http'
import type { EmitterService } from '@adonisjs/core/types'
import type { GuardConfigProvider } from '@adonisjs/auth/types'
import { cacheKeyOf, type CachedTokensUserProvider } from '#auth/cached_tokens_user_provider'

/** What the guard emits through: the event bus, only when something listens. */
interface QuietEmitter {
  emit(event: string, data: unknown): void
}

/**
 * The access-token guard of @adonisjs/auth, taking a shortcut for a token that
 * authenticated within the provider's cache time (CachedTokensUserProvider): its owner,
 * whose `currentAccessToken` is already that token, is the request's user at once. The
 * guard's own path asks the provider for the token and the owner and sets the owner's
 * token through the model's proxy on every call (≈ 5 % of an OFREP call's CPU,
 * bench/README.md). Revocation, deactivation and role changes clear that cache as before.
 */
class CachingTokensGuard<
  UserProvider extends CachedTokensUserProvider<any, any>,
> extends AccessTokensGuard<UserProvider> {
  constructor(
    private guardName: string,
    private context: HttpContext,
    private events: QuietEmitter,
    private tokens: UserProvider
  ) {
    super(guardName, context, events as never, tokens)
  }

  async authenticate() {
    if (this.authenticationAttempted) return this.getUserOrFail()
    // The bearer token as the guard reads it; anything else takes the guard's path (and its 401).
    const [type, secret] = this.context.request.header('authorization', '')!.split(' ')
    const key = type?.toLowerCase() === 'bearer' && secret ? cacheKeyOf(secret) : null
    const recent = key ? this.tokens.recentAuthentication(key) : undefined
    if (!recent) {
      const user = await super.authenticate()
      if (key) this.tokens.rememberOwner(key, user, user.currentAccessToken)
      return user
    }
    const ctx = this.context
    const guardName = this.guardName
    const user = recent.owner as NonNullable<this['user']>
    this.authenticationAttempted = true
    this.events.emit('access_tokens_auth:authentication_attempted', { ctx, guardName })
    this.isAuthenticated = true
    this.user = user
    this.events.emit('access_tokens_auth:authentication_succeeded', {
      ctx,
      guardName,
      token: recent.token,
      user,
    })
    return user
  }
}

/**
 * The access-token guard over the caching provider, each request's guard with its own view
 * of the provider, emitting its authentication events only when something listens. The
 * guard emits two events on every API call; emitting through the event bus costs a few
 * promises each even with no listener (2.6 % of an OFREP call's CPU in bench/README.md's
 * profile), and nothing in Beacon listens to them. A listener added later receives them
 * as before.
 */
export function quietTokensGuard<UserProvider extends CachedTokensUserProvider<any, any>>(
  provider: UserProvider
): GuardConfigProvider<(ctx: HttpContext) => AccessTokensGuard<UserProvider>> {
  return {
    async resolver(name, app) {
      const emitter: EmitterService = await app.container.make('emitter')
      const quiet: QuietEmitter = {
        emit(event, data) {
          if (emitter.hasListeners(event as never)) emitter.emit(event as never, data as never)
        },
      }
      // Each request's guard gets its own view of the provider (see CachedTokensUserProvider).
      return (ctx) => new CachingTokensGuard(name, ctx, quiet, provider.forRequest())
    },
  }
}
