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
  archiveExperiment,
  unarchiveExperiment,
  assignmentCounts,
  auditTrail,
  changeExperimentStatus,
  createExperiment,
  deleteExperiment,
  experimentStatusCounts,
  getExperiment,
  getTemplate,
  listExperiments,
  listHoldouts,
  listSegments,
  updateExperiment,
  type LifecycleAction,
  metricChoices,
} from '#services/experiments'
import { INLINE_KINDS } from '#evaluation/metrics'
import { experimentKFactor, namesKFactor } from '#services/growth'
import { latestSnapshots } from '#services/results'

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

  /** `?template=<id>`: the form starts from that template's metrics and analysis. */
  async create({ view, request }: HttpContext) {
    const templateId = request.qs().template
    const fromTemplate = templateId ? await getTemplate(templateId) : null
    return view.render('pages/experiments/create', { fromTemplate, ...(await this.formData()) })
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
    // Archived experiments are read-only.
    const actions = experiment.archivedAt ? [] : allowedLifecycleActions(experiment.status)
    const [counts, audit, kFactor, snapshots] = await Promise.all([
      assignmentCounts(experiment.id),
      auditTrail('experiment', experiment.id),
      namesKFactor(experiment) ? experimentKFactor(experiment) : null,
      // The Complete dialog quotes the latest recommendation and preselects its winner.
      actions.includes('complete') ? latestSnapshots([experiment.id]) : null,
    ])
    return view.render('pages/experiments/show', {
      experiment,
      counts,
      audit,
      kFactor,
      actions,
      latestResults: snapshots?.get(experiment.id) ?? null,
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
    // A started experiment's form shows its variants and design read-only: keep them.
    if (experiment.status !== 'draft') {
      for (const field of ['variants', 'kind', 'bandit', 'scheduledStartAt']) delete body[field]
    }
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

  /** DELETE /experiments/:id — drafts only; anything else is archived instead. */
  async destroy(ctx: HttpContext) {
    const experiment = await getExperiment(ctx.params.id)
    await deleteExperiment(experiment, ctx.actor)
    ctx.session.flash('success', `Draft “${experiment.name}” deleted.`)
    return ctx.response.redirect().toRoute('experiments.index')
  }

  async archive(ctx: HttpContext) {
    const experiment = await getExperiment(ctx.params.id)
    await archiveExperiment(experiment, ctx.actor)
    ctx.session.flash('success', `Experiment archived: it is read-only and its results are kept.`)
    return ctx.response.redirect().toRoute('experiments.show', { id: experiment.id })
  }

  async unarchive(ctx: HttpContext) {
    const experiment = await getExperiment(ctx.params.id)
    await unarchiveExperiment(experiment, ctx.actor)
    ctx.session.flash('success', `Experiment back from the archive: it can be edited again.`)
    return ctx.response.redirect().toRoute('experiments.show', { id: experiment.id })
  }

  private async formData() {
    const [segments, holdouts, library] = await Promise.all([
      listSegments(),
      listHoldouts(),
      metricChoices(),
    ])
    return { segments, holdouts, metricKinds: INLINE_KINDS, library }
  }
}
