import encryption from '@adonisjs/core/services/encryption'
import ShieldMiddleware from '@adonisjs/shield/shield_middleware'
import shieldConfig from '#config/shield'

/**
 * Shield's response headers without its CSRF check, for the RFC 8058 one-click
 * unsubscribe POST: the mail provider sends it with no session and no token.
 */
export default class ShieldWithoutCsrfMiddleware extends ShieldMiddleware {
  constructor() {
    super({ ...shieldConfig, csrf: { enabled: false } }, encryption.use())
  }
}
