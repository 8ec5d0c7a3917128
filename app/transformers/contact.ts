import type Contact from '#models/contact'
import type { ContactResult, ImportReport } from '#services/contacts'

/** A contact in the JSON API (snake_case, like the campaign seed). */
export function contactJson(contact: Contact) {
  return {
    id: contact.id,
    email: contact.email,
    phone: contact.phone,
    first_name: contact.firstName,
    last_name: contact.lastName,
    time_zone: contact.timeZone,
    fields: contact.fields,
    consent: contact.consent,
    email_opted_out_at: contact.emailOptedOutAt?.toISO() ?? null,
    sms_opted_out_at: contact.smsOptedOutAt?.toISO() ?? null,
    created_at: contact.createdAt.toISO(),
    updated_at: contact.updatedAt.toISO(),
  }
}

/** Each input of a bulk request, in order: its id and what happened, or its errors. */
export function bulkResultsJson(results: ContactResult[]) {
  const counts = { created: 0, updated: 0, duplicate: 0, failed: 0 }
  const data = results.map((result, index) => {
    if (!result.ok) {
      counts.failed++
      return { index, errors: result.errors }
    }
    counts[result.status]++
    return { index, id: result.id, status: result.status }
  })
  return { data, ...counts }
}

export function importReportJson(report: ImportReport) {
  return {
    dry_run: report.dryRun,
    headers: report.headers,
    mapping: report.mapping,
    rows: report.rows,
    created: report.created,
    updated: report.updated,
    duplicates: report.duplicates,
    failed: report.failed,
    errors: report.errors,
  }
}
