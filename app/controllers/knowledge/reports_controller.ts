import type { HttpContext } from '@adonisjs/core/http'
import { knowledgeReport } from '#services/knowledge'
import { REPORT_PERIODS, knowledgeReportValidator } from '#validators/faq'

/** What is read, what helps, and what customers could not find. */
export default class ReportsController {
  async show({ request, view }: HttpContext) {
    // An unknown period (an edited URL) shows the default one and says so.
    const [invalid, input] = await knowledgeReportValidator.tryValidate(request.qs())
    const days = input?.days ?? 30
    return view.render('pages/knowledge/reports', {
      report: await knowledgeReport(days),
      periods: REPORT_PERIODS,
      invalidPeriod: Boolean(invalid),
    })
  }
}
