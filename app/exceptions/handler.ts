import app from '@adonisjs/core/services/app'
import { errors as coreErrors } from '@adonisjs/core'
import { errors as authErrors } from '@adonisjs/auth'
import { errors as bouncerErrors } from '@adonisjs/bouncer'
import { errors as shieldErrors } from '@adonisjs/shield'
import { errors as limiterErrors } from '@adonisjs/limiter'
import { errors as vineErrors } from '@vinejs/vine'
import { type HttpContext, ExceptionHandler } from '@adonisjs/core/http'
import type { HttpError, StatusPageRange, StatusPageRenderer } from '@adonisjs/core/types/http'
import { isDatabaseUnavailable, uniqueViolationField } from '#services/platform'

export default class HttpExceptionHandler extends ExceptionHandler {
  /** Stack traces (Youch) for unexpected errors in development only. */
  protected debug = !app.inProduction

  /** Friendly pages everywhere; in development an unexpected 500 shows Youch's stack trace instead. */
  protected renderStatusPages = true

  protected statusPages: Record<StatusPageRange, StatusPageRenderer> = {
    '403': (error, { view }) => view.render('pages/errors/forbidden', { error }),
    '404': (error, { view }) => view.render('pages/errors/not_found', { error }),
    '410': (error, { view }) => view.render('pages/errors/gone', { error }),
    '429': (error, { view }) => view.render('pages/errors/too_many_requests', { error }),
    '503': (error, { view }) => view.render('pages/errors/unavailable', { error }),
    ...(app.inProduction
      ? {
          '500..502': (error, { view }) => view.render('pages/errors/server_error', { error }),
          '504..599': (error, { view }) => view.render('pages/errors/server_error', { error }),
        }
      : {}),
  }

  async handle(error: unknown, ctx: HttpContext) {
    const taken = uniqueViolationField(error)
    if (taken) {
      // A race its validator could not see: answer as the validator would have.
      error = new vineErrors.E_VALIDATION_ERROR([
        { field: taken, rule: 'unique', message: `That ${taken} is already taken` },
      ])
    }
    const isApi = answersJson(ctx)
    const isHtmx = ctx.request.isHtmx()

    if (isDatabaseUnavailable(error)) {
      return this.databaseUnavailable(ctx, isApi)
    }
    if (isApi) {
      return this.renderApiError(error, ctx)
    }
    if (error instanceof bouncerErrors.E_AUTHORIZATION_FAILURE) {
      // Bouncer would flash and redirect back; a page that is not yours is a plain 403.
      return ctx.response.status(403).send(await ctx.view.render('pages/errors/forbidden'))
    }
    if (isHtmx && error instanceof shieldErrors.E_BAD_CSRF_TOKEN) {
      // The page is stale (token rotated, session expired): reload it whole.
      return ctx.response.header('HX-Refresh', 'true').status(403).send('')
    }
    if (isHtmx && error instanceof authErrors.E_UNAUTHORIZED_ACCESS) {
      // Never swap the login page into a fragment: send the whole window there.
      return ctx.response.header('HX-Redirect', '/login').status(401).send('')
    }
    return super.handle(error, ctx)
  }

  /**
   * A failed form comes back with what was typed, except secrets: the session's own version
   * leaves out only `password` and `password_confirmation`, and sessions (the flashed input
   * with them) are stored on the server as plain JSON.
   */
  async renderValidationErrorAsHTML(error: HttpError, ctx: HttpContext) {
    ctx.session.flashValidationErrors(error, false)
    const secret = (key: string) => key === '_csrf' || key === '_method' || /password/i.test(key)
    ctx.session.flashExcept(Object.keys(ctx.request.original()).filter(secret))
    ctx.response.redirect('back', true)
  }

  /** An outage is logged once per request as a warning, without a stack trace. */
  async report(error: unknown, ctx: HttpContext) {
    if (uniqueViolationField(error)) return // answered as a validation error
    if (isDatabaseUnavailable(error)) {
      ctx.logger.warn(`database unavailable: ${(error as Error).message}`)
      return
    }
    return super.report(error, ctx)
  }

  /** The API always answers JSON with `{ error: { code, message, fields? } }`. */
  private async renderApiError(error: unknown, ctx: HttpContext) {
    const send = (status: number, code: string, message: string, extra: object = {}) =>
      ctx.response.status(status).send({ error: { code, message, ...extra } })

    if (error instanceof vineErrors.E_VALIDATION_ERROR) {
      const fields = (error.messages as { field: string; rule: string; message: string }[]).map(
        ({ field, rule, message }) => ({ field, rule, message })
      )
      return send(422, 'validation_failed', 'The request has invalid fields.', { fields })
    }
    if (error instanceof authErrors.E_UNAUTHORIZED_ACCESS) {
      return send(401, 'unauthenticated', 'A valid bearer token is required.')
    }
    if (error instanceof bouncerErrors.E_AUTHORIZATION_FAILURE) {
      return send(403, 'forbidden', 'This token may not do that.')
    }
    if (error instanceof limiterErrors.E_TOO_MANY_REQUESTS) {
      const retryAfter = error.response.availableIn
      ctx.response.header('Retry-After', String(retryAfter))
      return send(429, 'rate_limited', `Too many requests. Retry in ${retryAfter} s.`)
    }
    if (error instanceof coreErrors.E_ROUTE_NOT_FOUND) {
      return send(404, 'not_found', 'No such endpoint.')
    }
    const httpError = this.toHttpError(error)
    if (typeof httpError.handle === 'function') {
      return httpError.handle(httpError, ctx)
    }
    if (httpError.status === 400) {
      return send(400, 'bad_request', `The request body could not be read: ${httpError.message}`)
    }
    if (httpError.status === 413) {
      return send(413, 'payload_too_large', 'The request body is too large.')
    }
    if (httpError.status >= 500) {
      return send(500, 'internal_error', 'Something went wrong on our side. It has been logged.', {
        requestId: ctx.request.id(),
      })
    }
    return send(httpError.status, 'error', httpError.message)
  }

  private async databaseUnavailable(ctx: HttpContext, isApi: boolean) {
    ctx.response.header('Retry-After', '5')
    if (isApi) {
      return ctx.response.status(503).send({
        error: {
          code: 'database_unavailable',
          message: 'The database is unavailable; retry shortly.',
        },
      })
    }
    return ctx.response.status(503).send(await ctx.view.render('pages/errors/unavailable'))
  }
}

/** API and OFREP routes run the API stack, which marks their requests (start/kernel.ts). */
function answersJson(ctx: HttpContext) {
  // A request that matched no route ran no stack: only its address can tell.
  return ctx.route ? ctx.answersJson === true : /^\/(api|ofrep)\//.test(ctx.request.url())
}
