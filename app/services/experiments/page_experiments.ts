import type { HttpContext } from '@adonisjs/core/http'
import { assign, recordExposures } from '#services/experiments/assignment_service'
import { definitions } from '#services/experiments/definitions'
import type { SubjectContext } from '#evaluation/types'

/** A first-party, signed cookie with the visitor id: the unit of `visitor` experiments. */
export const VISITOR_COOKIE = 'bcn_vid'

/**
 * Experiments on server-rendered pages. The Edge tag
 *
 *   @experiment('checkout-copy')
 *     @variant(['control', null]) … @end
 *     @variant('short') … @end
 *   @end
 *
 * asks this object which variant the signed-in user (or the visitor cookie) gets, and
 * records the exposure as the page renders: no flicker, no client JavaScript. One
 * instance per request, so a variant shown twice on a page is exposed once.
 */
export class PageExperiments {
  #answers = new Map<string, Promise<string | null>>()

  constructor(
    private ctx: HttpContext,
    private visitorId: string
  ) {}

  /** The variant key to render, or null (unknown or draft experiment, not targeted). */
  variantFor(key: string): Promise<string | null> {
    let answer = this.#answers.get(key)
    if (!answer) {
      answer = this.#resolve(key)
      this.#answers.set(key, answer)
    }
    return answer
  }

  subject(): SubjectContext {
    const user = this.ctx.auth.user
    return {
      userId: user ? String(user.id) : null,
      teamId: null,
      visitorId: this.visitorId,
      attributes: {
        signedIn: !!user,
        ...(user ? { role: user.role, emailDomain: user.email.split('@')[1] } : {}),
        path: this.ctx.request.url(),
      },
    }
  }

  async #resolve(key: string) {
    const all = await definitions()
    const experiment = all.experimentsByKey.get(key)
    if (!experiment) return null
    const [assignment] = await assign(this.subject(), [experiment])
    if (assignment.active && assignment.subjectId) {
      await recordExposures([{ experimentId: experiment.id, subjectId: assignment.subjectId }])
    }
    return assignment.variant?.key ?? null
  }
}
