import type { HttpContext } from '@adonisjs/core/http'
import { recordClick, recordOpen } from '#services/campaigns'

/** A transparent 1×1 GIF. */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64')

/**
 * Recipients' tracked links and the open pixel. No session, cookie or CSRF (they are
 * opened from mail clients and phones); an unknown or forged token is a plain 404.
 */
export default class CampaignTrackingController {
  async click({ params, request, response }: HttpContext) {
    const token = String(params.token)
    const index = params.index === undefined ? 0 : Number(params.index)
    const found =
      Number.isInteger(index) && index >= 0 && index < 100
        ? await recordClick(token, index, {
            method: request.method(),
            userAgent: request.header('user-agent'),
          })
        : null
    if (!found) return response.notFound('This link does not exist.')
    response.header('Cache-Control', 'no-store')
    response.header('Referrer-Policy', 'no-referrer')
    return response.redirect(found.target)
  }

  async open({ params, request, response }: HttpContext) {
    const token = String(params.pixel).replace(/\.gif$/, '')
    if (request.method() === 'GET') await recordOpen(token)
    response.header('Cache-Control', 'no-store, private')
    response.header('Content-Type', 'image/gif')
    return response.send(PIXEL)
  }
}
