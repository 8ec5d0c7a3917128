import type { HttpContext } from '@adonisjs/core/http'
import { deflectionReport, type DeflectionReport } from '#services/results'
import { faqsByIds } from '#services/knowledge'
import { experimentChannel } from '#services/live'
import { DEFLECTION_PERIODS, deflectionCsv, deflectionView } from '#presenters/deflection_report'
import { deflectionReportValidator } from '#validators/deflection_report'

/**
 * Knowledge base → Reports → Deflection: how many tickets the help center's suggestions
 * prevented, measured against the help-center experiment's holdout (docs/deflection.md).
 */
export default class DeflectionController {
  async show(ctx: HttpContext) {
    const { report, invalidPeriod } = await this.report(ctx)
    const titles = await articleTitles(report)
    const page = ctx.request.isHtmx()
      ? 'partials/knowledge/deflection_panel'
      : 'pages/knowledge/deflection'
    return ctx.view.render(page, {
      ...deflectionView(report, titles),
      periods: DEFLECTION_PERIODS,
      invalidPeriod,
      // The experiment's live channel is for admins; agents' pages refresh every minute.
      liveChannel:
        report.experiment && ctx.auth.user?.role === 'admin'
          ? experimentChannel(report.experiment.id)
          : null,
    })
  }

  async csv(ctx: HttpContext) {
    const { report } = await this.report(ctx)
    ctx.response.header('content-type', 'text/csv; charset=utf-8')
    ctx.response.header(
      'content-disposition',
      `attachment; filename="deflection-last-${report.days}-days.csv"`
    )
    return deflectionCsv(report, await articleTitles(report))
  }

  private async report({ request }: HttpContext) {
    const [invalid, input] = await deflectionReportValidator.tryValidate(request.qs())
    const days = input?.days ?? DEFLECTION_PERIODS[0]
    return { report: await deflectionReport(days), invalidPeriod: Boolean(invalid) }
  }
}

/** The suggested articles' questions, for the table and the advice. */
async function articleTitles(report: DeflectionReport) {
  const faqs = report.articles.length ? await faqsByIds(report.articles.map((a) => a.faqId)) : []
  return new Map(faqs.map((faq) => [faq.id, faq.question]))
}
