import type { HttpContext } from '@adonisjs/core/http'
import { createAccessTokenValidator } from '#validators/access_token'
import { createToken, listTokens, revokeToken, TOKEN_ABILITIES } from '#services/accounts'

export default class AccessTokensController {
  async index({ view }: HttpContext) {
    return view.render('pages/admin/tokens/index', {
      tokens: await listTokens(),
      abilities: TOKEN_ABILITIES,
    })
  }

  async store({ request, response, auth, session }: HttpContext) {
    const data = await request.validateUsing(createAccessTokenValidator)
    const { secret } = await createToken(auth.getUserOrFail(), {
      name: data.name,
      kind: data.kind,
      abilities: data.abilities,
      expiresInDays: data.expiresInDays ?? null,
    })
    // Shown once, on the next page only; never stored in clear.
    session.flash('newToken', { name: data.name, secret })
    return response.redirect().toRoute('admin.access_tokens.index')
  }

  async destroy({ params, response, session }: HttpContext) {
    const revoked = await revokeToken(Number(params.id))
    session.flash(
      revoked ? 'success' : 'error',
      revoked ? 'Token revoked.' : 'That token no longer exists.'
    )
    return response.redirect().toRoute('admin.access_tokens.index')
  }
}
