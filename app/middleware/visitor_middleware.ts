import { randomUUID } from 'node:crypto'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { PageExperiments, VISITOR_COOKIE } from '#services/experiments'

/**
 * Gives every browser that opens a page (the web stack) a visitor id, a signed cookie that
 * lasts a year, and the request a PageExperiments for the @experiment Edge tag.
 */
export default class VisitorMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    let visitorId: string | undefined = ctx.request.cookie(VISITOR_COOKIE)
    ctx.visitorIsNew = !visitorId
    if (!visitorId) {
      visitorId = randomUUID()
      ctx.response.cookie(VISITOR_COOKIE, visitorId, {
        maxAge: '365d',
        httpOnly: true,
        sameSite: 'lax',
      })
    }
    ctx.visitorId = visitorId
    // The first page already renders with the new id, so its variant is stable from the start.
    const user = ctx.auth.user
    ctx.experiments = new PageExperiments({
      userId: user ? String(user.id) : null,
      teamId: null,
      visitorId,
      attributes: {
        signedIn: !!user,
        ...(user ? { role: user.role, emailDomain: user.email.split('@')[1] } : {}),
        path: ctx.request.url(),
      },
    })
    if ('view' in ctx) ctx.view.share({ experiments: ctx.experiments })
    return next()
  }
}

declare module '@adonisjs/core/http' {
  export interface HttpContext {
    experiments: PageExperiments
    /** The browser's visitor id (pages only; the JSON API has none). */
    visitorId?: string
    /** The visitor id was made on this request: nothing can be stored for it yet. */
    visitorIsNew?: boolean
  }
}
