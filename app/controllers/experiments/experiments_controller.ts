import type { HttpContext } from '@adonisjs/core/http'
import {
  createExperimentValidator,
  experimentFiltersValidator,
  lifecycleValidator,
  updateExperimentValidator,
} from '#validators/experiment'
import { fromForm } from '#validators/experiment_input'
import {
  allowedLifecycleActions,
  assignmentCounts,
  auditTrail,
  changeExperimentStatus,
  createExperiment,
  experimentStatusCounts,
  getExperiment,
  listExperiments,
  listSegments,
  updateExperiment,
  type LifecycleAction,
  metricChoices,
} from '#services/experiments'
import { INLINE_KINDS } from '#evaluation/metrics'
import { experimentKFactor, namesKFactor } from '#services/growth'

/** Admin pages of experiments: list, create, edit, lifecycle, live assignment counts. */
export default class ExperimentsController {
  async index({ view, request }: HttpContext) {
    const filters = await experimentFiltersValidator.validate(request.qs())
    const [experiments, counts] = await Promise.all([
      listExperiments(filters),
      experimentStatusCounts(),
    ])
    return view.render('pages/experiments/index', { experiments, counts, filters })
  }

  /** The table alone, for filter changes and live refreshes. */
  async table({ view, request }: HttpContext) {
    const filters = await experimentFiltersValidator.validate(request.qs())
    const [experiments, counts] = await Promise.all([
      listExperiments(filters),
      experimentStatusCounts(),
    ])
    return view.render('partials/experiments/table', { experiments, counts, filters })
  }

  async create({ view }: HttpContext) {
    return view.render('pages/experiments/create', await this.formData())
  }

  async store(ctx: HttpContext) {
    const input = await createExperimentValidator.validate(fromForm(ctx.request.body()))
    const experiment = await createExperiment(input, ctx.actor)
    ctx.session.flash(
      'success',
      `Experiment “${experiment.name}” created as a draft. Start it when you are ready.`
    )
    return ctx.response.redirect().toRoute('experiments.show', { id: experiment.id })
  }

  async show({ params, view }: HttpContext) {
    const experiment = await getExperiment(params.id)
    const [counts, audit, kFactor] = await Promise.all([
      assignmentCounts(experiment.id),
      auditTrail('experiment', experiment.id),
      namesKFactor(experiment) ? experimentKFactor(experiment) : null,
    ])
    return view.render('pages/experiments/show', {
      experiment,
      counts,
      audit,
      kFactor,
      actions: allowedLifecycleActions(experiment.status),
    })
  }

  /** Assignment counts per variant (refreshed live while subjects arrive). */
  async assignments({ params, view }: HttpContext) {
    const experiment = await getExperiment(params.id)
    return view.render('partials/experiments/assignments', {
      experiment,
      counts: await assignmentCounts(experiment.id),
    })
  }

  async auditLog({ params, view }: HttpContext) {
    const experiment = await getExperiment(params.id)
    return view.render('partials/experiments/audit', {
      audit: await auditTrail('experiment', experiment.id),
    })
  }

  async edit({ params, view }: HttpContext) {
    const experiment = await getExperiment(params.id)
    return view.render('pages/experiments/edit', { experiment, ...(await this.formData()) })
  }

  async update(ctx: HttpContext) {
    const experiment = await getExperiment(ctx.params.id)
    const body = fromForm(ctx.request.body())
    // A started experiment's form shows its variants read-only: keep them as they are.
    if (experiment.status !== 'draft') delete body.variants
    const input = await updateExperimentValidator.validate(body)
    await updateExperiment(experiment, input, ctx.actor)
    ctx.session.flash('success', 'Changes saved.')
    return ctx.response.redirect().toRoute('experiments.show', { id: experiment.id })
  }

  async lifecycle(ctx: HttpContext) {
    const experiment = await getExperiment(ctx.params.id)
    const action = ctx.params.action as LifecycleAction
    const { reason, winner } = await ctx.request.validateUsing(lifecycleValidator)
    await changeExperimentStatus(experiment, action, ctx.actor, { reason, winner })
    const done = { start: 'started', pause: 'paused', resume: 'resumed', complete: 'completed' }[
      action
    ]
    ctx.session.flash('success', `Experiment ${done}.`)
    return ctx.response.redirect().toRoute('experiments.show', { id: experiment.id })
  }

  private async formData() {
    const segments = await listSegments()
    return { segments, metricKinds: INLINE_KINDS, library: await metricChoices() }
  }
}
