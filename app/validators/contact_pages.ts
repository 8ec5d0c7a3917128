import { readFile } from 'node:fs/promises'
import vine from '@vinejs/vine'
import type { HttpContext } from '@adonisjs/core/http'
import { errors as vineErrors } from '@vinejs/vine'
import { csvColumns, type ColumnTarget } from '#services/contacts'

export const contactListValidator = vine.create({
  q: vine.string().trim().maxLength(200).optional(),
  page: vine.number().withoutDecimals().min(1).max(100_000).optional(),
})

/** The import form's file, read as text; a missing or unreadable file is a field error. */
export async function uploadedCsv(request: HttpContext['request']) {
  const file = request.file('file', { size: '8mb', extnames: ['csv', 'txt', 'tsv'] })
  if (!file || !file.isValid || !file.tmpPath) {
    throw new vineErrors.E_VALIDATION_ERROR([
      {
        field: 'file',
        rule: 'file',
        message: file?.errors[0]?.message ?? 'Choose a CSV file (at most 8 MB)',
      },
    ])
  }
  return readFile(file.tmpPath, 'utf8')
}

const TARGET =
  /^(email|phone|first_name|last_name|time_zone|consent\.email|consent\.sms|ignore|fields\.[a-z][a-z0-9_]{0,62})$/

/** The mapping chosen on the page: one target per column, in the file's column order. */
export function chosenMapping(csv: string, targets: unknown) {
  const list = Array.isArray(targets) ? targets : []
  const mapping: Record<string, ColumnTarget> = {}
  csvColumns(csv).forEach(({ header, target }, index) => {
    const chosen = String(list[index] ?? '')
    mapping[header] = (TARGET.test(chosen) ? chosen : target) as ColumnTarget
  })
  return mapping
}

export const audienceFormValidator = vine.create({
  name: vine.string().trim().minLength(1).maxLength(120),
  description: vine.string().trim().maxLength(500).optional(),
  rule: vine.string().trim().minLength(2).maxLength(20_000),
})
