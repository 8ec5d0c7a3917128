import type { HttpContext } from '@adonisjs/core/http'
import { errors as vineErrors } from '@vinejs/vine'
import { DomainError } from '#exceptions/domain_error'
import { unstorablePath } from '#middleware/storable_text_middleware'

/**
 * A JSON body larger than the body parser's 1 MB (bulk contacts, CSV imports): read here,
 * on routes whose stack has no body parser, up to `maxBytes`. Refused like the parser
 * would: 413 when too large, 400 when not JSON, 422 naming a field holding unstorable text.
 */
export async function largeJsonBody(request: HttpContext['request'], maxBytes: number) {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request.request) {
    size += (chunk as Buffer).length
    if (size > maxBytes) {
      throw new DomainError(
        `The body is over ${maxBytes / 1_000_000} MB.`,
        'payload_too_large',
        413
      )
    }
    chunks.push(chunk as Buffer)
  }
  let body: unknown
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8'))
  } catch {
    throw new DomainError('The body is not valid JSON.', 'bad_request', 400)
  }
  const field = unstorablePath(body)
  if (field !== null) {
    throw new vineErrors.E_VALIDATION_ERROR([
      {
        field: field || 'body',
        rule: 'storableText',
        message: 'Text may not contain NUL characters or unpaired surrogates',
      },
    ])
  }
  return body
}
