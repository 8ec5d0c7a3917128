import { AccessTokensGuard } from '@adonisjs/auth/access_tokens'
import type { HttpContext } from '@adonisjs/core/http'
import type { EmitterService } from '@adonisjs/core/types'
import type { GuardConfigProvider } from '@adonisjs/auth/types'
import type { CachedTokensUserProvider } from '#auth/cached_tokens_user_provider'

/**
 * The access-token guard of @adonisjs/auth over the caching provider, each request's guard
 * with its own view of the provider, emitting its authentication events only when
 * something listens. The guard emits two events on every API call; emitting through the
 * event bus costs a few promises each even with no listener (2.6 % of an OFREP call's CPU
 * in bench/README.md's profile), and nothing in Beacon listens to them. A listener added
 * later receives them as before.
 */
export function quietTokensGuard<UserProvider extends CachedTokensUserProvider<any, any>>(
  provider: UserProvider
): GuardConfigProvider<(ctx: HttpContext) => AccessTokensGuard<UserProvider>> {
  return {
    async resolver(name, app) {
      const emitter: EmitterService = await app.container.make('emitter')
      const quiet = {
        emit(event: string, data: unknown) {
          if (emitter.hasListeners(event as never)) emitter.emit(event as never, data as never)
        },
      }
      // Each request's guard gets its own view of the provider (see CachedTokensUserProvider).
      return (ctx) => new AccessTokensGuard(name, ctx, quiet as never, provider.forRequest())
    },
  }
}
