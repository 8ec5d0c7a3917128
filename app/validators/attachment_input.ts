import { readFile } from 'node:fs/promises'
import type { HttpRequest } from '@adonisjs/core/http'
import { errors as vineErrors } from '@vinejs/vine'
import { attachmentProblems, type IncomingFile } from '#services/support'

/** The form field (and API multipart field) that carries files: `attachments` (or `attachments[]`). */
export const ATTACHMENTS_FIELD = 'attachments'

/**
 * The files of a form or multipart API request, checked against the attachment rules
 * (type, size, count). A refused file fails the request as a field error of `attachments`
 * (HTML field errors, or a JSON 422), before anything is written.
 */
export async function uploadedFiles(request: HttpRequest): Promise<IncomingFile[]> {
  const files = request.files(ATTACHMENTS_FIELD).filter((file) => file.size > 0 || file.clientName)
  const problems = attachmentProblems(
    files.map((file) => ({
      filename: file.clientName,
      contentType: [file.type, file.subtype].filter(Boolean).join('/'),
      size: file.size,
    }))
  )
  if (problems.length) {
    throw new vineErrors.E_VALIDATION_ERROR(
      problems.map((message) => ({ field: ATTACHMENTS_FIELD, rule: 'attachment', message }))
    )
  }
  return Promise.all(
    files.map(async (file) => ({
      filename: file.clientName,
      contentType: [file.type, file.subtype].filter(Boolean).join('/'),
      content: file.tmpPath ? await readFile(file.tmpPath) : Buffer.alloc(0),
    }))
  )
}
