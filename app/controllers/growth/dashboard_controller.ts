import type { HttpContext } from '@adonisjs/core/http'
import { dashboardFilters, filtersQuery } from '#validators/growth_filters'
import { dashboardSections, sectionHtml, type SectionName } from '#presenters/growth_sections'
import { growthCsv, type CsvTable } from '#presenters/growth_csv'
import { PRESET_PERIODS } from '#services/growth'

/** The K-factor dashboard (admins): the page, its live sections and the CSV exports. */
export default class DashboardController {
  async index(ctx: HttpContext) {
    return ctx.view.render('pages/growth/dashboard', await this.state(ctx))
  }

  /** The filter form: every section for the new filters, and the page's URL for them. */
  async panels(ctx: HttpContext) {
    const state = await this.state(ctx)
    if (!state.errors) ctx.response.header('HX-Push-Url', `/dashboard/k-factor?${state.query}`)
    return ctx.view.render('partials/growth/dashboard', state)
  }

  /** One section (partials/growth/<section>), for its 60 s refresh and live messages. */
  async section({ params, request }: HttpContext) {
    const { filters } = await dashboardFilters(request.qs())
    return sectionHtml(params.section as SectionName, filters)
  }

  async csv({ params, request, response }: HttpContext) {
    const { filters } = await dashboardFilters(request.qs())
    const body = await growthCsv(params.table as CsvTable, filters)
    const name = `k-factor-${params.table}-${filters.period.from}-to-${filters.period.to}${filters.loop ? `-${filters.loop}` : ''}.csv`
    response.header('content-type', 'text/csv; charset=utf-8')
    response.header('content-disposition', `attachment; filename="${name}"`)
    return body
  }

  private async state({ request }: HttpContext) {
    const { filters, errors } = await dashboardFilters(request.qs())
    return {
      ...(await dashboardSections(filters)),
      filters,
      errors,
      query: filtersQuery(filters),
      presets: PRESET_PERIODS,
    }
  }
}
