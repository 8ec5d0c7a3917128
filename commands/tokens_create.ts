import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { printValidationErrors } from '#presenters/validation_errors'

/**
 * Mints an API access token for a user. The token is printed alone on the last line,
 * so scripts can capture it: TOKEN=$(node ace tokens:create ... | tail -n 1)
 */
export default class TokensCreate extends BaseCommand {
  static commandName = 'tokens:create'
  static description = 'Create an API access token for a user; prints the token on the last line'
  static options: CommandOptions = { startApp: true }

  @flags.string({ description: 'Email of the user the token acts as', required: true })
  declare email: string

  @flags.array({
    description: 'Abilities, comma separated: manage,evaluate,track,support',
    required: true,
  })
  declare abilities: string[]

  @flags.string({ description: 'A label for the token, e.g. "Marketing site"', required: true })
  declare name: string

  @flags.boolean({
    description: 'A browser-safe client key (evaluate and track only, rate-limited)',
  })
  declare client: boolean

  @flags.number({ description: 'Days until the token expires (7, 30, 90 or 365); default: never' })
  declare expiresInDays?: number

  async run() {
    const { default: User } = await import('#models/user')
    const { createAccessTokenValidator } = await import('#validators/access_token')
    const { createToken } = await import('#services/accounts')
    const { normalizeEmail } = await import('#services/accounts')

    const user = await User.findBy('email', normalizeEmail(this.email))
    if (!user || !user.isActive) {
      this.logger.error(`No active user with email ${this.email}`)
      this.exitCode = 1
      return
    }
    try {
      const data = await createAccessTokenValidator.validate({
        name: this.name,
        abilities: this.abilities
          .flatMap((a) => a.split(','))
          .map((a) => a.trim())
          .filter(Boolean),
        expiresInDays: this.expiresInDays,
      })
      const { secret } = await createToken(user, {
        name: data.name,
        kind: this.client ? 'client' : 'server',
        abilities: data.abilities,
        expiresInDays: data.expiresInDays ?? null,
      })
      this.logger.success(
        `Token "${data.name}" for ${user.email} with ${data.abilities.join(', ')}`
      )
      console.log(secret)
    } catch (error) {
      if (!printValidationErrors(error, this.logger)) throw error
      this.exitCode = 1
    }
  }
}
