import type { HttpContext } from '@adonisjs/core/http'
import {
  assignmentsValidator,
  bulkAssignmentsValidator,
  exposureValidator,
} from '#validators/experiment_api'
import {
  assignSubjects,
  assignVariants,
  definitions,
  findDefinition,
  recordExposures,
  type Assignment,
} from '#services/experiments'
import { subjectFromContext } from '#evaluation/subject'
import type { ExperimentDefinition } from '#evaluation/types'
import { assignmentJson, unknownExperimentJson } from '#transformers/experiment'
import { DomainError } from '#exceptions/domain_error'

type Wanted = ExperimentDefinition | { unknown: string | number }

/** The listed experiments in order (unknown ids kept as such), or every running one. */
async function wanted(experimentIds: (string | number)[] | undefined): Promise<Wanted[]> {
  const all = await definitions()
  if (!experimentIds) return [...all.experimentsById.values()].filter((e) => e.status === 'running')
  return experimentIds.map((idOrKey) => findDefinition(all, idOrKey) ?? { unknown: idOrKey })
}

const known = (list: Wanted[]) => list.filter((w): w is ExperimentDefinition => !('unknown' in w))

/**
 * One subject's answer: with a list, every listed id in order (an unknown one as an error
 * entry); without, only the experiments the subject is in.
 */
function answer(list: Wanted[], assignments: Assignment[], listed: boolean) {
  if (!listed) return assignments.filter((a) => a.variant !== null).map(assignmentJson)
  const byId = new Map(assignments.map((a) => [a.experiment.id, a]))
  return list.map((w) =>
    'unknown' in w ? unknownExperimentJson(w.unknown) : assignmentJson(byId.get(w.id)!)
  )
}

/** Which variant a subject sees (ability `evaluate`), and that they saw it (`track`). */
export default class AssignmentsController {
  /**
   * POST /api/experiments/assignments — every running experiment for the user context, or
   * the listed ids/keys (which also report why a subject is not in one).
   */
  async store({ request }: HttpContext) {
    const { userContext, experimentIds } = await assignmentsValidator.validate(request.body())
    const list = await wanted(experimentIds)
    const assignments = await assignVariants(subjectFromContext(userContext), known(list))
    return { success: true, data: answer(list, assignments, !!experimentIds) }
  }

  /** POST /api/experiments/assignments/lookup — the same answer, but nothing is stored. */
  async lookup({ request }: HttpContext) {
    const { userContext, experimentIds } = await assignmentsValidator.validate(request.body())
    const list = await wanted(experimentIds)
    const [assignments] = await assignSubjects(
      [subjectFromContext(userContext)],
      known(list),
      'look_up'
    )
    return { success: true, data: answer(list, assignments, !!experimentIds) }
  }

  /** POST /api/experiments/assignments/bulk — many subjects in one call, stored together. */
  async bulk({ request }: HttpContext) {
    const { subjects, experimentIds } = await bulkAssignmentsValidator.validate(request.body())
    const list = await wanted(experimentIds)
    const perSubject = await assignSubjects(subjects.map(subjectFromContext), known(list), 'store')
    return {
      success: true,
      data: perSubject.map((assignments, index) => ({
        index,
        assignments: answer(list, assignments, !!experimentIds),
      })),
    }
  }

  /** POST /api/experiments/exposures — the variant was shown; the first time is kept. */
  async expose({ request, response }: HttpContext) {
    const { experimentId, userContext } = await exposureValidator.validate(request.body())
    const all = await definitions()
    const experiment = findDefinition(all, experimentId)
    if (!experiment)
      throw new DomainError(`No experiment "${experimentId}".`, 'experiment_not_found', 404)
    const [assignment] = await assignVariants(subjectFromContext(userContext), [experiment])
    if (!assignment.active || !assignment.subjectId) {
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
