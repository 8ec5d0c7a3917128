import type { HttpContext } from '@adonisjs/core/http'
import { chosenMapping, uploadedCsv } from '#validators/contact_pages'
import { COLUMN_TARGETS, csvColumns, importContactsCsv, parseCsv } from '#services/contacts'
import { DomainError } from '#exceptions/domain_error'

/**
 * The CSV import page: upload, map each column, a dry run with every row's errors, then
 * the import. The file is sent again with each step (the browser keeps it selected).
 */
export default class ContactImportsController {
  async show({ view }: HttpContext) {
    return view.render('pages/contacts/import', {
      columns: [],
      targets: COLUMN_TARGETS,
      report: null,
      problem: null,
    })
  }

  /** The mapping step: the file's columns, the suggested targets and a few sample values. */
  async columns({ request, view }: HttpContext) {
    const csv = await uploadedCsv(request)
    const samples = parseCsv(csv.slice(0, 64_000)).slice(1, 4)
    return view.render('partials/contacts/import_mapping', {
      columns: csvColumns(csv).map((column, index) => ({
        ...column,
        samples: samples.map((row) => row[index] ?? '').filter(Boolean),
      })),
      targets: COLUMN_TARGETS,
    })
  }

  /** POST /contacts/import/check (dry run) and /contacts/import. */
  async check(ctx: HttpContext) {
    return this.run(ctx, true)
  }

  async store(ctx: HttpContext) {
    return this.run(ctx, false)
  }

  private async run({ request, view, actor }: HttpContext, dryRun: boolean) {
    const csv = await uploadedCsv(request)
    let report = null
    let problem = null
    try {
      report = await importContactsCsv(
        {
          csv,
          mapping: chosenMapping(csv, request.input('targets')),
          dryRun,
          consentSource: request.input('consent_source') || undefined,
        },
        actor
      )
    } catch (error) {
      // A file that cannot be imported at all is shown in the report, keeping the form.
      if (!(error instanceof DomainError)) throw error
      problem = error.message
    }
    const data = { report, problem, columns: [], targets: COLUMN_TARGETS }
    return request.isHtmx()
      ? view.render('partials/contacts/import_report', data)
      : view.render('pages/contacts/import', data)
  }
}
