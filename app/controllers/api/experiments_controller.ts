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
  unarchiveExperiment,
  assignmentCounts,
  changeExperimentStatus,
  convertFlagToExperiment,
  createExperiment,
  definitions,
  deleteExperiment,
  getExperiment,
  getFlag,
  listExperiments,
  updateExperiment,
  type LifecycleAction,
} from '#services/experiments'
import { activeExperimentJson, experimentJson } from '#transformers/experiment'
import { recomputeMany, snapshotState } from '#services/results'
import { resultsJson } from '#transformers/experiment_results'
import { DomainError } from '#exceptions/domain_error'
import { fromFlagValidator } from '#validators/experiment_api'

/** `/api/experiments`: manage experiments (token ability `manage`; `active` needs `evaluate`). */
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

  /**
   * POST /api/experiments/{id}/recompute — folds new events and analyses now (winner
   * identification included: auto-winner completes the experiment), then answers the results.
   */
  async recompute({ params }: HttpContext) {
    const experiment = await getExperiment(params.id)
    const run = await recomputeMany([experiment], { computedBy: 'api' })
    if (!run.acquired) {
      throw new DomainError(
        'A recompute is already running; ask for the results when it finishes.',
        'recompute_running',
        409
      )
    }
    const [report] = run.reports
    const current = await getExperiment(experiment.id)
    return {
      success: true,
      data: {
        recompute: {
          status: report.status,
          durationMs: report.durationMs,
          eventsFolded: report.eventsFolded,
          autoWinner: report.autoWinner ?? null,
          error: report.error ?? null,
        },
        results: resultsJson(current, await snapshotState(current.id)),
      },
    }
  }

  /**
   * GET /api/experiments/active (`evaluate`) — the running experiments as a client needs
   * them to render variants; nothing secret (see activeExperimentJson).
   */
  async active() {
    const all = await definitions()
    const running = [...all.experimentsById.values()].filter((e) => e.status === 'running')
    return { success: true, data: running.map(activeExperimentJson) }
  }

  /** DELETE /api/experiments/{id} — drafts only; started experiments keep their history. */
  async destroy(ctx: HttpContext) {
    const experiment = await getExperiment(ctx.params.id)
    await deleteExperiment(experiment, ctx.actor)
    return { success: true, data: { id: experiment.id, key: experiment.key, deleted: true } }
  }

  /** POST /api/experiments/from-flag/{flagKey} — a draft experiment from a flag's variations. */
  async fromFlag(ctx: HttpContext) {
    const flag = await getFlag(ctx.params.flagKey)
    const { primaryMetric } = await fromFlagValidator.validate(ctx.request.body())
    const created = await convertFlagToExperiment(flag, ctx.actor, primaryMetric)
    return ctx.response.created({
      success: true,
      data: experimentJson(await getExperiment(created.id)),
    })
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

  /** POST /api/experiments/:id/unarchive — editable again, in the status it was archived in. */
  async unarchive(ctx: HttpContext) {
    const experiment = await getExperiment(ctx.params.id)
    await unarchiveExperiment(experiment, ctx.actor)
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
