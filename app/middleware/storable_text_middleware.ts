import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { errors as coreErrors } from '@adonisjs/core'
import { errors as vineErrors } from '@vinejs/vine'

/**
 * PostgreSQL cannot store a NUL character, and a lone UTF-16 surrogate is not text at
 * all (validators and encoders throw on it). Such input is refused here, before any
 * handler sees it: a path parameter that holds it names nothing (404), a query or body
 * field that holds it is invalid (422 naming the field).
 */
export default class StorableTextMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    if (Object.values(ctx.params).some((value) => unstorablePath(value) !== null)) {
      throw new coreErrors.E_ROUTE_NOT_FOUND([ctx.request.method(), ctx.request.url()])
    }
    const field = unstorablePath(ctx.request.qs()) ?? unstorablePath(ctx.request.body())
    if (field !== null) {
      throw new vineErrors.E_VALIDATION_ERROR([
        {
          field: field || 'body',
          rule: 'storableText',
          message: 'Text may not contain NUL characters or unpaired surrogates',
        },
      ])
    }
    return next()
  }
}

/** The dotted path of the first string (or key) that cannot be stored, else null. */
export function unstorablePath(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return isStorable(value) ? null : path
  if (value === null || typeof value !== 'object') return null
  for (const [key, item] of Object.entries(value)) {
    const itemPath = path ? `${path}.${key}` : key
    if (!isStorable(key)) return itemPath
    const found = unstorablePath(item, itemPath)
    if (found !== null) return found
  }
  return null
}

const isStorable = (text: string) => !text.includes('\u0000') && text.isWellFormed()
