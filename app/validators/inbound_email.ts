import type { HttpContext } from '@adonisjs/core/http'
import { DomainError } from '#exceptions/domain_error'

/**
 * The body of `POST /api/inbound/email`: one whole message, `message/rfc822`, read as bytes
 * (the body parser leaves this type alone, so nothing is decoded as text on the way).
 * Refused when it is another type, empty, or over `maxBytes`.
 */
export async function rawMessage(request: HttpContext['request'], maxBytes: number) {
  if (request.is(['message/rfc822']) !== 'message/rfc822') {
    throw new DomainError(
      'Send the message itself with Content-Type: message/rfc822.',
      'validation_failed',
      422,
      {
        fields: [{ field: 'content-type', rule: 'in', message: 'must be message/rfc822' }],
      }
    )
  }
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request.request) {
    size += (chunk as Buffer).length
    if (size > maxBytes) {
      throw new DomainError(`The message is over ${maxBytes} bytes.`, 'payload_too_large', 413)
    }
    chunks.push(chunk as Buffer)
  }
  if (!size) {
    throw new DomainError('The message is empty.', 'validation_failed', 422, {
      fields: [{ field: 'body', rule: 'required', message: 'must hold the raw message' }],
    })
  }
  return Buffer.concat(chunks)
}
