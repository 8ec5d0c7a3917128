import vine from '@vinejs/vine'
import { TOKEN_ABILITY_NAMES } from '#services/accounts'

export const createAccessTokenValidator = vine.create({
  name: vine.string().trim().minLength(2).maxLength(80),
  /** server: a secret for back ends; client: a browser-safe key (evaluate and track only, rate-limited). */
  kind: vine.enum(['server', 'client'] as const).optional(),
  abilities: vine.array(vine.enum(TOKEN_ABILITY_NAMES)).minLength(1).distinct(),
  expiresInDays: vine.number().in([7, 30, 90, 365]).optional(),
})
