import type { HttpContext } from '@adonisjs/core/http'
import type TicketAttachment from '#models/ticket_attachment'
import { attachmentStream } from '#services/support'

/**
 * Sends a stored file. Images open in the browser (previews); everything else downloads.
 * The sandbox CSP and nosniff keep a file from ever running as a page of this site, and
 * nothing is cached where another person could find it.
 */
export async function sendAttachment({ response }: HttpContext, file: TicketAttachment) {
  const disposition = file.isImage ? 'inline' : 'attachment'
  const ascii = file.filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
  response
    .header('Content-Type', file.contentType)
    .header('Content-Length', String(file.size))
    .header(
      'Content-Disposition',
      `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`
    )
    .header('X-Content-Type-Options', 'nosniff')
    .header('Content-Security-Policy', "default-src 'none'; img-src 'self'; sandbox")
    .header('Cache-Control', 'private, no-store')
  return response.stream(await attachmentStream(file))
}
