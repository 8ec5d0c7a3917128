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

  /** `subject`: the signed-in user and the visitor cookie, with what targeting may read. */
  constructor(private subject: SubjectContext) {}

  /** The variant key to render, or null (unknown or draft experiment, not targeted). */
  variantFor(key: string): Promise<string | null> {
    let answer = this.#answers.get(key)
    if (!answer) {
      answer = this.#resolve(key)
      this.#answers.set(key, answer)
    }
    return answer
  }

  async #resolve(key: string) {
    const all = await definitions()
    const experiment = all.experimentsByKey.get(key)
    if (!experiment) return null
    const [assignment] = await assign(this.subject, [experiment])
    if (assignment.active && assignment.subjectId) {
      await recordExposures([{ experimentId: experiment.id, subjectId: assignment.subjectId }])
    }
    return assignment.variant?.key ?? null
  }
}
