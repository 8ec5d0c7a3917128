import type { HttpContext } from '@adonisjs/core/http'
import { knowledgeReport } from '#services/knowledge/reports'
import { REPORT_PERIODS, knowledgeReportValidator } from '#validators/faq'

/** What is read, what helps, and what customers could not find. */
export default class ReportsController {
  async show({ request, view }: HttpContext) {
    const { days = 30 } = await knowledgeReportValidator.validate(request.qs())
    return view.render('pages/knowledge/reports', {
      report: await knowledgeReport(days),
      periods: REPORT_PERIODS,
    })
  }
}
