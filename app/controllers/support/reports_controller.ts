import type { HttpContext } from '@adonisjs/core/http'
import { slaReport, supportReport } from '#services/support'
import { volumeChart } from '#presenters/support_report'
import { REPORT_PERIODS, supportReportValidator } from '#validators/ticket'

/** Volume, response and resolution times, SLA targets met, satisfaction and deflections over a period. */
export default class ReportsController {
  async show({ request, view }: HttpContext) {
    // An unknown period (an edited URL) shows the default one and says so.
    const [invalid, input] = await supportReportValidator.tryValidate(request.qs())
    const days = input?.days ?? 30
    const [report, sla] = await Promise.all([supportReport(days), slaReport(days)])
    return view.render('pages/support/reports', {
      report,
      sla,
      volumeChart: volumeChart(report),
      periods: REPORT_PERIODS,
      invalidPeriod: Boolean(invalid),
    })
  }
}
