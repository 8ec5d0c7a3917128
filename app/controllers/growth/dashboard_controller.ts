import type { HttpContext } from '@adonisjs/core/http'
import { dashboardFilters, filtersQuery } from '#services/growth/filters'
import { dashboardState, sectionState, type SectionName } from '#services/growth/sections'
import { growthCsv, type CsvTable } from '#services/growth/csv'
import { PRESET_PERIODS } from '#services/growth/periods'

/** The K-factor dashboard (admins): the page, its live sections and the CSV exports. */
export default class DashboardController {
  async index({ request, view }: HttpContext) {
    return view.render('pages/growth/dashboard', await this.state(request))
  }

  /** The filter form: every section for the new filters, and the page's URL for them. */
  async panels({ request, response, view }: HttpContext) {
    const state = await this.state(request)
    if (!state.errors) response.header('HX-Push-Url', `/dashboard/k-factor?${state.query}`)
    return view.render('partials/growth/dashboard', state)
  }

  async section({ params, request, view }: HttpContext) {
    const name = params.section as SectionName
    const { filters, errors } = await dashboardFilters(request.qs())
    return view.render(`partials/growth/${name}`, {
      ...(await sectionState(name, filters)),
      filters,
      errors,
      query: filtersQuery(filters),
    })
  }

  async csv({ params, request, response }: HttpContext) {
    const { filters } = await dashboardFilters(request.qs())
    const body = await growthCsv(params.table as CsvTable, filters)
    const name = `k-factor-${params.table}-${filters.period.from}-to-${filters.period.to}${filters.loop ? `-${filters.loop}` : ''}.csv`
    response.header('content-type', 'text/csv; charset=utf-8')
    response.header('content-disposition', `attachment; filename="${name}"`)
    return body
  }

  private async state(request: HttpContext['request']) {
    const { filters, errors } = await dashboardFilters(request.qs())
    return {
      ...(await dashboardState(filters)),
      filters,
      errors,
      query: filtersQuery(filters),
      presets: PRESET_PERIODS,
    }
  }
}
