import type { HttpContext } from '@adonisjs/core/http'
import { assignmentsValidator, exposureValidator } from '#validators/experiment_api'
import { assignVariants, definitions, findDefinition, recordExposures } from '#services/experiments'
import { subjectFromContext } from '#evaluation/subject'
import { assignmentJson } from '#transformers/experiment'
import { DomainError } from '#exceptions/domain_error'

/** Which variant a subject sees (ability `evaluate`), and that they saw it (`track`). */
export default class AssignmentsController {
  /**
   * POST /api/experiments/assignments — every running experiment for the user context, or
   * the listed ids/keys (which also report why a subject is not in one).
   */
  async store({ request }: HttpContext) {
    const { userContext, experimentIds } = await assignmentsValidator.validate(request.body())
    const all = await definitions()
    const experiments = experimentIds
      ? experimentIds.map((idOrKey) => {
          const found = findDefinition(all, idOrKey)
          if (!found)
            throw new DomainError(`No experiment "${idOrKey}".`, 'experiment_not_found', 404)
          return found
        })
      : [...all.experimentsById.values()].filter((e) => e.status === 'running')
    const assignments = await assignVariants(subjectFromContext(userContext), experiments)
    const served = experimentIds ? assignments : assignments.filter((a) => a.variant !== null)
    return { success: true, data: served.map(assignmentJson) }
  }

  /** POST /api/experiments/exposures — the variant was shown; the first time is kept. */
  async expose({ request, response }: HttpContext) {
    const { experimentId, userContext } = await exposureValidator.validate(request.body())
    const all = await definitions()
    const experiment = findDefinition(all, experimentId)
    if (!experiment)
      throw new DomainError(`No experiment "${experimentId}".`, 'experiment_not_found', 404)
    const [assignment] = await assignVariants(subjectFromContext(userContext), [experiment])
    // A held-out subject sees the control: that exposure counts for the holdout.
    const seen = assignment.active || assignment.reason === 'holdout'
    if (!seen || !assignment.subjectId) {
      throw new DomainError(
        `Nothing to expose: the subject is not in this experiment (${assignment.reason}).`,
        'not_assigned'
      )
    }
    const first = await recordExposures([
      { experimentId: experiment.id, subjectId: assignment.subjectId },
    ])
    return response.ok({
      success: true,
      data: { ...assignmentJson(assignment), firstExposure: first > 0 },
    })
  }
}
