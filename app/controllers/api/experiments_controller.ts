import type { HttpContext } from '@adonisjs/core/http'
import {
  createExperimentValidator,
  experimentFiltersValidator,
  lifecycleValidator,
  updateExperimentValidator,
} from '#validators/experiment'
import { fromApi } from '#validators/experiment_input'
import {
  archiveExperiment,
  assignmentCounts,
  changeExperimentStatus,
  createExperiment,
  getExperiment,
  listExperiments,
  updateExperiment,
  type LifecycleAction,
} from '#services/experiments'
import { experimentJson } from '#transformers/experiment'
import { snapshotState } from '#services/results'
import { resultsJson } from '#transformers/experiment_results'

/** `/api/experiments`: manage experiments (token ability `manage`). */
export default class ExperimentsController {
  async index({ request }: HttpContext) {
    const filters = await experimentFiltersValidator.validate(request.qs())
    const experiments = await listExperiments(filters)
    return { success: true, data: experiments.map((e) => experimentJson(e)) }
  }

  async show({ params }: HttpContext) {
    const experiment = await getExperiment(params.id)
    return {
      success: true,
      data: experimentJson(experiment, await assignmentCounts(experiment.id)),
    }
  }

  /** GET /api/experiments/{id}/results — the latest results snapshot (never computed on the request). */
  async results({ params }: HttpContext) {
    const experiment = await getExperiment(params.id)
    return { success: true, data: resultsJson(experiment, await snapshotState(experiment.id)) }
  }

  async store(ctx: HttpContext) {
    const input = await createExperimentValidator.validate(fromApi(ctx.request.body()))
    const created = await createExperiment(input, ctx.actor)
    const experiment = await getExperiment(created.id)
    return ctx.response.created({ success: true, data: experimentJson(experiment) })
  }

  async update(ctx: HttpContext) {
    const experiment = await getExperiment(ctx.params.id)
    const input = await updateExperimentValidator.validate(fromApi(ctx.request.body()))
    await updateExperiment(experiment, input, ctx.actor)
    return { success: true, data: experimentJson(await getExperiment(experiment.id)) }
  }

  /** POST /api/experiments/:id/archive — read-only and out of the default list; results kept. */
  async archive(ctx: HttpContext) {
    const experiment = await getExperiment(ctx.params.id)
    await archiveExperiment(experiment, ctx.actor)
    return { success: true, data: experimentJson(await getExperiment(experiment.id)) }
  }

  /** POST /api/experiments/:id/{start,pause,resume,complete} */
  async lifecycle(ctx: HttpContext) {
    const action = ctx.params.action as LifecycleAction
    const experiment = await getExperiment(ctx.params.id)
    const { reason, winner } = await lifecycleValidator.validate(ctx.request.body())
    await changeExperimentStatus(experiment, action, ctx.actor, { reason, winner })
    return { success: true, data: experimentJson(await getExperiment(experiment.id)) }
  }
}
