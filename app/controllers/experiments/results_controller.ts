import type { HttpContext } from '@adonisjs/core/http'
import { experimentFiltersValidator } from '#validators/experiment'
import { getExperiment, listExperiments } from '#services/experiments'
import { latestSnapshots, recomputeMany, settlingCounts, snapshotState } from '#services/results'
import {
  overviewCounts,
  overviewRow,
  resultCharts,
  settlingNotice,
} from '#presenters/results_dashboard'
import { dailyCsv, resultsCsv } from '#presenters/results_csv'
import { DomainError } from '#exceptions/domain_error'

/** Results dashboards (admins): the overview and one experiment's results, with CSV exports. */
export default class ResultsController {
  async index({ view, request }: HttpContext) {
    return view.render('pages/experiments/results/index', await this.overview(request))
  }

  async overviewPanel({ view, request }: HttpContext) {
    return view.render('partials/experiments/results_overview', await this.overview(request))
  }

  async show({ params, view }: HttpContext) {
    return view.render('pages/experiments/results/show', await this.detail(params.id))
  }

  async panel({ params, view }: HttpContext) {
    return view.render('partials/experiments/results_panel', await this.detail(params.id))
  }

  async csv({ params, response }: HttpContext) {
    const { experiment, latest } = await this.requireSnapshot(params.id)
    return this.download(response, `${experiment.key}-results.csv`, resultsCsv(latest))
  }

  async dailyCsv({ params, response }: HttpContext) {
    const { experiment, latest } = await this.requireSnapshot(params.id)
    return this.download(response, `${experiment.key}-daily.csv`, dailyCsv(latest))
  }

  /** "Recompute now": the same path as cron, for this experiment. */
  async recompute({ params, response, session }: HttpContext) {
    const experiment = await getExperiment(params.id)
    const run = await recomputeMany([experiment], { computedBy: 'dashboard' })
    const report = run.reports[0]
    if (!run.acquired)
      session.flash(
        'error',
        'A recompute is already running; results will appear when it finishes.'
      )
    else if (report.status === 'failed') session.flash('error', `Recompute failed: ${report.error}`)
    else {
      session.flash(
        'success',
        `Recomputed in ${report.durationMs} ms (${report.eventsFolded} new events).`
      )
      const settling = await settlingCounts(experiment.id)
      if (settling.events + settling.exposures > 0)
        session.flash('settling', settlingNotice(settling))
    }
    return response.redirect().toRoute('experiments.results.show', { id: experiment.id })
  }

  private download(response: HttpContext['response'], filename: string, body: string) {
    response.header('content-type', 'text/csv; charset=utf-8')
    response.header('content-disposition', `attachment; filename="${filename}"`)
    return body
  }

  private async overview(request: HttpContext['request']) {
    const filters = await experimentFiltersValidator.validate(request.qs())
    const experiments = await listExperiments(filters)
    const snapshots = await latestSnapshots(experiments.map((e) => e.id))
    const rows = experiments.map((e) => overviewRow(e, snapshots.get(e.id) ?? null))
    return { rows, counts: overviewCounts(rows), filters }
  }

  private async detail(id: string) {
    const experiment = await getExperiment(id)
    const results = await snapshotState(experiment.id)
    return { experiment, results, charts: resultCharts(results.latest) }
  }

  private async requireSnapshot(id: string) {
    const experiment = await getExperiment(id)
    const { latest } = await snapshotState(experiment.id)
    if (!latest) throw new DomainError('No results yet for this experiment.', 'no_results', 404)
    return { experiment, latest }
  }
}
