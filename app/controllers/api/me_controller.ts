import type { HttpContext } from '@adonisjs/core/http'

/** `GET /api/me`: who a server token belongs to and what it may do (client keys get 403). */
export default class MeController {
  async show({ auth }: HttpContext) {
    const user = auth.use('api').getUserOrFail()
    const token = user.currentAccessToken
    return {
      user: { id: user.id, name: user.fullName, email: user.email, role: user.role },
      token: {
        name: token.name,
        abilities: token.abilities,
        expiresAt: token.expiresAt?.toISOString() ?? null,
      },
    }
  }
}
