import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/**
 * First in the API stack (start/kernel.ts): marks the request so that its errors are
 * answered as JSON, never as a page (app/exceptions/handler.ts, DomainError).
 */
export default class AnswersJsonMiddleware {
  handle(ctx: HttpContext, next: NextFn) {
    ctx.answersJson = true
    return next()
  }
}

declare module '@adonisjs/core/http' {
  export interface HttpContext {
    /** Set by the API stack: errors answer `{ error: { code, message } }`. */
    answersJson?: boolean
  }
}
