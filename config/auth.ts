import { defineConfig } from '@adonisjs/auth'
import { sessionGuard, sessionUserProvider } from '@adonisjs/auth/session'
import { CachedTokensUserProvider } from '#auth/cached_tokens_user_provider'
import { quietTokensGuard } from '#auth/quiet_tokens_guard'
import type { InferAuthenticators, InferAuthEvents, Authenticators } from '@adonisjs/auth/types'

/**
 * People sign in with the session guard ("web"); host products call the JSON API
 * with access tokens ("api") whose abilities limit what they may do.
 */
const authConfig = defineConfig({
  default: 'web',
  guards: {
    web: sessionGuard({
      useRememberMeTokens: false,
      provider: sessionUserProvider({
        model: () => import('#models/user'),
      }),
    }),
    api: quietTokensGuard(
      new CachedTokensUserProvider({
        tokens: 'accessTokens',
        model: () => import('#models/user'),
      })
    ),
  },
})

export default authConfig

declare module '@adonisjs/auth/types' {
  export interface Authenticators extends InferAuthenticators<typeof authConfig> {}
}
declare module '@adonisjs/core/types' {
  interface EventsList extends InferAuthEvents<Authenticators> {}
}
