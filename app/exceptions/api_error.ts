import { Exception } from '@adonisjs/core/exceptions'
import type { HttpContext } from '@adonisjs/core/http'

/**
 * An error of the JSON API with a stable machine-readable code:
 * `{ "error": { "code": "...", "message": "..." } }`.
 */
export class ApiError extends Exception {
  constructor(
    status: number,
    public errorCode: string,
    message: string
  ) {
    super(message, { status, code: `E_API_${errorCode.toUpperCase()}` })
  }

  async handle(error: this, ctx: HttpContext) {
    ctx.response
      .status(error.status)
      .send({ error: { code: error.errorCode, message: error.message } })
  }
}
