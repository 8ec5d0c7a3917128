import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/**
 * The API stack runs no Shield: its answers say themselves that a browser must take them
 * for what their Content-Type says (JSON), never sniff them into a script or page.
 */
export default class NoSniffMiddleware {
  handle({ response }: HttpContext, next: NextFn) {
    response.header('X-Content-Type-Options', 'nosniff')
    return next()
  }
}
