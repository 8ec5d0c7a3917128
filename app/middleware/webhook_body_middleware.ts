import { inject } from '@adonisjs/core'
import string from '@adonisjs/core/helpers/string'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import bodyParserConfig from '#config/bodyparser'
import JsonBodyMiddleware, { isPlainBody, readUtf8 } from '#middleware/json_body_middleware'

const LIMIT = string.bytes.parse(bodyParserConfig.form.limit ?? '1mb') ?? 0
const PLAIN_FORM = /^application\/x-www-form-urlencoded(?:\s*;\s*charset=utf-?8)?$/i

/**
 * The body parser of the provider webhooks (start/kernel.ts). Twilio posts forms, which
 * its controller reads from the raw body (the signature covers the fields as sent): a
 * plain form POST is read here as text, its fields split flat as URLSearchParams does
 * (the controller's own reading, so what is checked for storable text is what is used),
 * without the framework's parser (type-is, raw-body, qs), about a tenth of a status
 * callback's CPU (bench/README.md, Campaigns). JSON (OpenPhone) and anything else go the
 * way of the JSON API (json_body_middleware.ts).
 */
@inject()
export default class WebhookBodyMiddleware {
  constructor(private json: JsonBodyMiddleware) {}

  async handle(ctx: HttpContext, next: NextFn) {
    const { request } = ctx
    if (!isPlainBody(request, PLAIN_FORM, LIMIT)) return this.json.handle(ctx, next)
    const raw = await readUtf8(request.request)
    ;(request as any)['__raw_files'] = {}
    request.setInitialBody(Object.fromEntries(new URLSearchParams(raw)))
    request.updateRawBody(raw)
    request.bodyType = 'urlencoded'
    return next()
  }
}
