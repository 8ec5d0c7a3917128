import { Exception } from '@adonisjs/core/exceptions'
import type { HttpContext } from '@adonisjs/core/http'

/**
 * A request that is well-formed but not allowed by a business rule ("the last admin
 * cannot be demoted", "a completed experiment cannot start"), or names something that
 * does not exist. The JSON API gets the status (422 by default) with a code; pages get the
 * message as a flash on the page they came from, or the 404 page.
 */
export class DomainError extends Exception {
  constructor(
    message: string,
    public reason: string = 'rule_violated',
    status: number = 422,
    /** Extra fields of the API error object (e.g. the allowed statuses). */
    public details: Record<string, unknown> = {}
  ) {
    super(message, { status, code: 'E_DOMAIN' })
  }

  async handle(error: this, ctx: HttpContext) {
    if (ctx.answersJson) {
      return ctx.response
        .status(error.status)
        .send({ error: { code: error.reason, message: error.message, ...error.details } })
    }
    if (error.status === 404) {
      return ctx.response.status(404).send(await ctx.view.render('pages/errors/not_found'))
    }
    ctx.session.flash('error', error.message)
    if (ctx.request.isHtmx()) {
      return ctx.response.header('HX-Refresh', 'true').status(204).send('')
    }
    return ctx.response.redirect().back()
  }
}
