import type { HttpContext } from '@adonisjs/core/http'
import { followLink, landingUrl } from '#services/growth'

/** The public invite link: records the click and forwards to the host product. */
export default class ReferralRedirectsController {
  async show({ params, response, view }: HttpContext) {
    const destination = await followLink(String(params.token))
    if (!destination) {
      // Not counted anywhere: an unknown token is a mistyped or made-up link.
      return response
        .status(404)
        .send(await view.render('pages/growth/unknown_link', { landing: landingUrl() }))
    }
    return response.redirect(destination)
  }
}
