import type { HttpContext } from '@adonisjs/core/http'
import {
  createExperimentValidator,
  experimentFiltersValidator,
  lifecycleValidator,
  updateExperimentValidator,
} from '#validators/experiment'
import { fromApi } from '#validators/experiment_input'
import {
  assignmentCounts,
  changeStatus,
  createExperiment,
  findExperimentOrFail,
  listExperiments,
  updateExperiment,
  type LifecycleAction,
} from '#services/experiments/experiment_service'
import { experimentJson } from '#transformers/experiment'
import { actorFrom } from '#services/experiments/actor'
import { snapshotState } from '#services/results/snapshots'
import { resultsJson } from '#transformers/experiment_results'

/** `/api/experiments`: manage experiments (token ability `manage`). */
export default class ExperimentsController {
  async index({ request }: HttpContext) {
    const filters = await experimentFiltersValidator.validate(request.qs())
    const experiments = await listExperiments(filters)
    return { success: true, data: experiments.map((e) => experimentJson(e)) }
  }

  async show({ params }: HttpContext) {
    const experiment = await findExperimentOrFail(params.id)
    return {
      success: true,
      data: experimentJson(experiment, await assignmentCounts(experiment.id)),
    }
  }

  /** GET /api/experiments/{id}/results — the latest results snapshot (never computed on the request). */
  async results({ params }: HttpContext) {
    const experiment = await findExperimentOrFail(params.id)
    return { success: true, data: resultsJson(experiment, await snapshotState(experiment.id)) }
  }

  async store(ctx: HttpContext) {
    const input = await createExperimentValidator.validate(fromApi(ctx.request.body()))
    const created = await createExperiment(input, actorFrom(ctx))
    const experiment = await findExperimentOrFail(created.id)
    return ctx.response.created({ success: true, data: experimentJson(experiment) })
  }

  async update(ctx: HttpContext) {
    const experiment = await findExperimentOrFail(ctx.params.id)
    const input = await updateExperimentValidator.validate(fromApi(ctx.request.body()))
    await updateExperiment(experiment, input, actorFrom(ctx))
    return { success: true, data: experimentJson(await findExperimentOrFail(experiment.id)) }
  }

  /** POST /api/experiments/:id/{start,pause,resume,complete} */
  async lifecycle(ctx: HttpContext) {
    const action = ctx.params.action as LifecycleAction
    const experiment = await findExperimentOrFail(ctx.params.id)
    const { reason, winner } = await lifecycleValidator.validate(ctx.request.body())
    await changeStatus(experiment, action, actorFrom(ctx), { reason, winner })
    return { success: true, data: experimentJson(await findExperimentOrFail(experiment.id)) }
  }
}
