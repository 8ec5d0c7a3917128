import { UserSchema } from '#database/schema'
import hash from '@adonisjs/core/services/hash'
import { compose } from '@adonisjs/core/helpers'
import { withAuthFinder } from '@adonisjs/auth/mixins/lucid'
import { DbAccessTokensProvider } from '@adonisjs/auth/access_tokens'

export type UserRole = 'admin' | 'agent'

export default class User extends compose(UserSchema, withAuthFinder(hash, { uids: ['email'] })) {
  static accessTokens = DbAccessTokensProvider.forModel(User, {
    prefix: 'hxk_',
    table: 'auth_access_tokens',
    type: 'api_token',
    tokenSecretLength: 40,
  })

  get isActive() {
    return this.deactivatedAt === null
  }

  /** Invited people have no password until they accept the invitation. */
  get isPendingInvite() {
    return this.password === null
  }

  get initials() {
    return this.fullName
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((part) => part[0]!.toUpperCase())
      .join('')
  }
}
