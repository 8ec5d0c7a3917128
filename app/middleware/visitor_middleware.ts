import { randomUUID } from 'node:crypto'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { PageExperiments, VISITOR_COOKIE } from '#services/experiments'

/** The session key of the customer email a signed ticket link proved in this browser. */
export const KNOWN_CUSTOMER_EMAIL = 'helpCustomerEmail'

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
    // The help-center experiment's subject: the customer's email once a signed ticket link
    // proved it here (the same person on every device), else the cookie once it is stored.
    const email: unknown = ctx.session?.get(KNOWN_CUSTOMER_EMAIL)
    ctx.helpCenterSubject =
      typeof email === 'string' && email ? email : ctx.visitorIsNew ? undefined : visitorId
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
    /** Who the help-center experiment assigns: a known customer's email, else the visitor. */
    helpCenterSubject?: string
  }
}
