import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { liveSubscriptionValidator } from '#validators/live'

/**
 * Transmit reads `uid` and `channel` from the body as it comes; a missing or non-text
 * value would crash its channel matcher. Validate them before it runs.
 */
export default class LiveSubscriptionMiddleware {
  async handle({ request }: HttpContext, next: NextFn) {
    await request.validateUsing(liveSubscriptionValidator)
    return next()
  }
}
