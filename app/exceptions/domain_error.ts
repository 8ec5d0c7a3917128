import { Exception } from '@adonisjs/core/exceptions'
import type { HttpContext } from '@adonisjs/core/http'

/**
 * A request that is well-formed but not allowed by a business rule ("the last admin
 * cannot be demoted"). Pages get the message as a flash on the page they came from;
 * the JSON API gets 422 with a code.
 */
export class DomainError extends Exception {
  static status = 422

  constructor(
    message: string,
    public reason: string = 'rule_violated'
  ) {
    super(message, { status: 422, code: 'E_DOMAIN' })
  }

  async handle(error: this, ctx: HttpContext) {
    if (ctx.request.url().startsWith('/api/')) {
      return ctx.response
        .status(422)
        .send({ error: { code: error.reason, message: error.message } })
    }
    ctx.session.flash('error', error.message)
    if (ctx.request.header('HX-Request') === 'true') {
      return ctx.response.header('HX-Refresh', 'true').status(204).send('')
    }
    return ctx.response.redirect().back()
  }
}
