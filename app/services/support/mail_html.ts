import sanitizeHtml from 'sanitize-html'
import type Ticket from '#models/ticket'
import TicketMessage from '#models/ticket_message'
import TicketAttachment from '#models/ticket_attachment'
import { DomainError } from '#exceptions/domain_error'

/**
 * The HTML of an inbound mail as it is kept: formatting, tables, links and inline images
 * (`cid:` references to the mail's own attachments) only. Script, styles, forms, event
 * handlers and remote images (tracking pixels) are dropped; links open in a new tab.
 * Shown to agents only inside a sandboxed frame, as a second line of defence.
 */
const TAGS = [
  ...sanitizeHtml.defaults.allowedTags.filter((tag) => tag !== 'img'),
  'img',
  'font',
  'center',
]

export function sanitizeMailHtml(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: TAGS,
    allowedAttributes: {
      a: ['href', 'title'],
      img: ['src', 'alt', 'width', 'height'],
      td: ['colspan', 'rowspan', 'align', 'valign'],
      th: ['colspan', 'rowspan', 'align', 'valign'],
      table: ['border', 'cellpadding', 'cellspacing', 'width'],
      font: ['color'],
    },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['cid'] },
    allowProtocolRelative: false,
    transformTags: {
      a: sanitizeHtml.simpleTransform('a', { target: '_blank', rel: 'noopener noreferrer' }),
    },
  })
}

export interface KeptMailHtml {
  html: string
  /** The mail's files that its HTML can show inline, by Content-ID (without <>). */
  inlineFiles: { id: number; contentId: string }[]
}

/** The kept HTML of the mail that opened a ticket, or of one of its messages. */
export async function ticketMailHtml(ticket: Ticket, messageId?: unknown): Promise<KeptMailHtml> {
  let html: string | null = null
  let ofMessage: number | null = null
  if (messageId === undefined) {
    html = ticket.descriptionHtml
  } else {
    const id = Number(messageId)
    const message = Number.isSafeInteger(id)
      ? await TicketMessage.query().where('ticket_id', ticket.id).where('id', id).first()
      : null
    html = message?.htmlBody ?? null
    ofMessage = message?.id ?? null
  }
  if (!html) throw new DomainError('That message has no HTML version.', 'not_found', 404)
  const files = await TicketAttachment.query()
    .where('ticket_id', ticket.id)
    .if(
      ofMessage === null,
      (query) => query.whereNull('message_id'),
      (query) => query.where('message_id', ofMessage!)
    )
    .whereNotNull('content_id')
    .select('id', 'content_id')
  return {
    html,
    inlineFiles: files.map((file) => ({ id: file.id, contentId: file.contentId! })),
  }
}
