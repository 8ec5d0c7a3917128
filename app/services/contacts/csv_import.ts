import { DomainError } from '#exceptions/domain_error'
import type { Actor } from '#services/accounts'
import { createContacts, MAX_CONTACTS_PER_REQUEST } from '#services/contacts/contact_service'
import type { ContactInput } from '#services/contacts/contact_input'

/** Where a CSV column goes: a contact attribute, a custom field, a channel's consent, or nowhere. */
export type ColumnTarget =
  | 'email'
  | 'phone'
  | 'first_name'
  | 'last_name'
  | 'time_zone'
  | 'consent.email'
  | 'consent.sms'
  | 'ignore'
  | `fields.${string}`

export const COLUMN_TARGETS = [
  'email',
  'phone',
  'first_name',
  'last_name',
  'time_zone',
  'consent.email',
  'consent.sms',
  'ignore',
] as const

const SYNONYMS: Record<string, ColumnTarget> = {
  email: 'email',
  e_mail: 'email',
  email_address: 'email',
  mail: 'email',
  phone: 'phone',
  phone_number: 'phone',
  mobile: 'phone',
  mobile_phone: 'phone',
  cell: 'phone',
  sms: 'phone',
  first_name: 'first_name',
  firstname: 'first_name',
  given_name: 'first_name',
  last_name: 'last_name',
  lastname: 'last_name',
  surname: 'last_name',
  family_name: 'last_name',
  time_zone: 'time_zone',
  timezone: 'time_zone',
  tz: 'time_zone',
  email_consent: 'consent.email',
  sms_consent: 'consent.sms',
}

const snake = (header: string) =>
  header
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')

/** The target a column's header suggests: a known attribute, else a custom field of that name. */
export function suggestedTarget(header: string): ColumnTarget {
  const name = snake(header)
  if (!name) return 'ignore'
  return (
    SYNONYMS[name] ??
    (`fields.${/^[a-z]/.test(name) ? name : `f_${name}`}`.slice(0, 70) as ColumnTarget)
  )
}

/**
 * RFC 4180 CSV: quoted fields (with "" for a quote, and line breaks inside), CRLF or LF,
 * an optional UTF-8 BOM; the delimiter is a comma, or a semicolon when the header line
 * has more of those (spreadsheets in many locales). Blank lines are skipped.
 */
export function parseCsv(text: string): string[][] {
  const source = text.replace(/^\uFEFF/, '')
  const firstLine = source.slice(0, source.search(/\r?\n|$/))
  const delimiter =
    (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ','
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let index = 0; index < source.length; index++) {
    const char = source[index]
    if (quoted) {
      if (char === '"' && source[index + 1] === '"') {
        field += '"'
        index++
      } else if (char === '"') quoted = false
      else field += char
    } else if (char === '"' && field === '') quoted = true
    else if (char === delimiter) {
      row.push(field)
      field = ''
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && source[index + 1] === '\n') index++
      row.push(field)
      if (row.some((value) => value.trim() !== '')) rows.push(row)
      row = []
      field = ''
    } else field += char
  }
  row.push(field)
  if (row.some((value) => value.trim() !== '')) rows.push(row)
  return rows
}

const YES = new Set(['1', 'true', 'yes', 'y', 'opted_in', 'granted'])
const NO = new Set(['0', 'false', 'no', 'n', 'opted_out', 'withdrawn'])

export interface ImportOptions {
  csv: string
  /** Header → target; headers left out get their suggested target. */
  mapping?: Record<string, ColumnTarget>
  dryRun?: boolean
  /** Where consent columns came from ("CSV import" when not given). */
  consentSource?: string
}

export interface ImportRowError {
  /** The line in the file (the header is line 1). */
  line: number
  field: string
  /** The CSV column the field came from, when one did. */
  column: string | null
  message: string
}

export interface ImportReport {
  dryRun: boolean
  headers: string[]
  mapping: Record<string, ColumnTarget>
  rows: number
  created: number
  updated: number
  duplicates: number
  failed: number
  errors: ImportRowError[]
}

/** A file that cannot be imported at all (empty, too long, no address column): a 422 on `field`. */
export class CsvImportError extends DomainError {
  constructor(message: string, field: string) {
    super(message, 'validation_failed', 422, { fields: [{ field, rule: 'csv', message }] })
  }
}

/** The headers of a CSV and the target suggested for each (the mapping step). */
export function csvColumns(csv: string) {
  const [headers = []] = parseCsv(csv.slice(0, 64_000))
  return headers.map((header) => ({ header, target: suggestedTarget(header) }))
}

/**
 * Imports (or, with `dryRun`, checks) the rows of a CSV with a header line: each row is
 * a contact, deduplicated by email and phone against the others and the stored ones.
 * Every row's errors are reported with its line, field and column.
 */
export async function importContactsCsv(
  options: ImportOptions,
  actor: Actor
): Promise<ImportReport> {
  const [headers, ...rows] = parseCsv(options.csv)
  if (!headers) throw new CsvImportError('The file is empty.', 'csv')
  if (rows.length > MAX_CONTACTS_PER_REQUEST) {
    throw new CsvImportError(
      `At most ${MAX_CONTACTS_PER_REQUEST} rows per import (this file has ${rows.length}).`,
      'csv'
    )
  }
  const mapping: Record<string, ColumnTarget> = {}
  for (const header of headers)
    mapping[header] = options.mapping?.[header] ?? suggestedTarget(header)
  const targets = Object.values(mapping)
  if (!targets.includes('email') && !targets.includes('phone')) {
    throw new CsvImportError('Map a column to the email or the phone number.', 'mapping')
  }

  const columnOf = new Map<string, string>()
  const source = options.consentSource?.trim() || 'CSV import'
  const preErrors = new Map<number, ImportRowError[]>()
  const inputs = rows.map((row, position) => {
    const input: ContactInput = {}
    headers.forEach((header, column) => {
      const target = mapping[header]
      const value = (row[column] ?? '').trim()
      if (target === 'ignore' || value === '') return
      if (target.startsWith('fields.')) {
        const name = target.slice('fields.'.length)
        input.fields = { ...input.fields, [name]: value }
        columnOf.set(target, header)
      } else if (target === 'consent.email' || target === 'consent.sms') {
        const channel = target === 'consent.email' ? 'email' : 'sms'
        const word = value.toLowerCase()
        columnOf.set(target, header)
        if (YES.has(word) || NO.has(word)) {
          input.consent = { ...input.consent, [channel]: { granted: YES.has(word), source } }
        } else {
          const errors = preErrors.get(position) ?? []
          errors.push({
            line: position + 2,
            field: target,
            column: header,
            message: 'must be yes or no (true/false, 1/0)',
          })
          preErrors.set(position, errors)
        }
      } else {
        const key = { first_name: 'firstName', last_name: 'lastName', time_zone: 'timeZone' }[
          target as string
        ] as keyof ContactInput | undefined
        ;(input as Record<string, unknown>)[key ?? target] = value
        columnOf.set(target, header)
      }
    })
    return input
  })

  // Rows with unreadable consent are not imported; the rest go through the usual checks.
  const importable = inputs.map((input, position) => (preErrors.has(position) ? null : input))
  const results = await createContacts(
    importable.filter((input): input is ContactInput => input !== null),
    actor,
    { dryRun: options.dryRun }
  )
  const report: ImportReport = {
    dryRun: Boolean(options.dryRun),
    headers,
    mapping,
    rows: rows.length,
    created: 0,
    updated: 0,
    duplicates: 0,
    failed: preErrors.size,
    errors: [],
  }
  let next = 0
  importable.forEach((input, position) => {
    if (!input) {
      report.errors.push(...preErrors.get(position)!)
      return
    }
    const result = results[next++]
    if (result.ok) {
      report[result.status === 'duplicate' ? 'duplicates' : result.status]++
      return
    }
    report.failed++
    for (const error of result.errors) {
      report.errors.push({
        line: position + 2,
        field: error.field,
        column: columnOf.get(error.field) ?? null,
        message: error.message,
      })
    }
  })
  return report
}
