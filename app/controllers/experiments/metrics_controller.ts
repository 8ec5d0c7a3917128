import type { HttpContext } from '@adonisjs/core/http'
import { createMetricValidator, updateMetricValidator } from '#validators/metric'
import { metricFromForm } from '#validators/metric_input'
import {
  auditTrail,
  createLibraryMetric,
  getLibraryMetric,
  listLibraryMetrics,
  updateLibraryMetric,
} from '#services/experiments'

/** Admin pages of the metric library. */
export default class MetricsController {
  async index({ view }: HttpContext) {
    return view.render('pages/experiments/metrics/index', { metrics: await listLibraryMetrics() })
  }

  async create({ view }: HttpContext) {
    return view.render('pages/experiments/metrics/create')
  }

  async store(ctx: HttpContext) {
    const input = await createMetricValidator.validate(metricFromForm(ctx.request.body()))
    const metric = await createLibraryMetric(input, ctx.actor)
    ctx.session.flash('success', `Metric “${metric.name}” added to the library.`)
    return ctx.response.redirect().toRoute('experiments.metrics.index')
  }

  async edit({ params, view }: HttpContext) {
    const metric = await getLibraryMetric(params.id)
    return view.render('pages/experiments/metrics/edit', {
      metric,
      audit: await auditTrail('metric', metric.id),
    })
  }

  async update(ctx: HttpContext) {
    const metric = await getLibraryMetric(ctx.params.id)
    const input = await updateMetricValidator.validate(metricFromForm(ctx.request.body()))
    const { experiments } = await updateLibraryMetric(metric, input, ctx.actor)
    ctx.session.flash(
      'success',
      `Metric “${metric.name}” saved${experiments ? `; ${experiments} experiment${experiments === 1 ? '' : 's'} use${experiments === 1 ? 's' : ''} it and will be recomputed with it` : ''}.`
    )
    return ctx.response.redirect().toRoute('experiments.metrics.index')
  }
}
