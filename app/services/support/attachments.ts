import { randomUUID } from 'node:crypto'
import drive from '@adonisjs/drive/services/main'
import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import TicketAttachment from '#models/ticket_attachment'
import TicketMessage from '#models/ticket_message'
import type Ticket from '#models/ticket'
import { DomainError } from '#exceptions/domain_error'
import { attachmentLimits, checkFile } from '#services/support/attachment_rules'

/** A file as it arrives: uploaded in a form or the API, or parsed out of an email. */
export interface IncomingFile {
  filename: string
  contentType: string
  content: Buffer
  /** An image shown inside an HTML email (referenced there by its Content-ID). */
  inline?: boolean
  contentId?: string
}

/** Why each refused file was refused (too large, wrong type, over the count). */
export function attachmentProblems(
  files: { filename: string; contentType: string; size: number }[]
) {
  const { maxCount } = attachmentLimits()
  const problems = files.flatMap((file) => {
    const checked = checkFile(file)
    return 'refused' in checked ? [checked.refused] : []
  })
  if (files.length > maxCount) problems.unshift(`At most ${maxCount} files can be attached.`)
  return problems
}

/**
 * Writes the files to the drive and their rows in the writer's transaction. If the
 * transaction rolls back, the written files are deleted again.
 */
export async function storeAttachments(
  ticketId: number,
  messageId: number | null,
  files: IncomingFile[],
  trx: TransactionClientContract
): Promise<TicketAttachment[]> {
  const problems = attachmentProblems(files.map(withSize))
  if (problems.length) throw new DomainError(problems.join(' '), 'attachment_refused', 422)
  return writeAll(ticketId, messageId, files, trx)
}

/**
 * The files of an email (attachments and inline images) on its message. Files that break
 * the rules (type, size, count) are left out and named in `refused`: the mail still
 * becomes a message, and the agent sees what was kept.
 */
export async function attachFiles(
  messageId: number,
  files: IncomingFile[],
  outer?: TransactionClientContract
): Promise<{ attached: TicketAttachment[]; refused: string[] }> {
  const run = async (trx: TransactionClientContract) => {
    const message = await TicketMessage.findOrFail(messageId, { client: trx })
    return keepAcceptable(message.ticketId, message.id, files, trx)
  }
  return outer ? run(outer) : db.transaction(run)
}

/**
 * The files of an email that opened a ticket, kept with its request (the description)
 * like the files of the public form; the same rules as `attachFiles`.
 */
export async function attachOpeningFiles(
  ticketId: number,
  files: IncomingFile[],
  outer?: TransactionClientContract
) {
  const run = (trx: TransactionClientContract) => keepAcceptable(ticketId, null, files, trx)
  return outer ? run(outer) : db.transaction(run)
}

async function keepAcceptable(
  ticketId: number,
  messageId: number | null,
  files: IncomingFile[],
  trx: TransactionClientContract
) {
  const { maxCount } = attachmentLimits()
  const refused: string[] = []
  const accepted: IncomingFile[] = []
  for (const file of files) {
    const checked = checkFile(withSize(file))
    if ('refused' in checked) refused.push(checked.refused)
    else if (accepted.length >= maxCount) refused.push(`${checked.filename}: too many files.`)
    else accepted.push(file)
  }
  const attached = await writeAll(ticketId, messageId, accepted, trx)
  return { attached, refused }
}

async function writeAll(
  ticketId: number,
  messageId: number | null,
  files: IncomingFile[],
  trx: TransactionClientContract
) {
  const disk = drive.use()
  const written: string[] = []
  trx.after('rollback', () => forget(written))
  const rows: TicketAttachment[] = []
  for (const file of files) {
    const checked = checkFile(withSize(file))
    if ('refused' in checked) continue
    const storageKey = `tickets/${ticketId}/${randomUUID()}`
    await disk.put(storageKey, file.content, { contentType: checked.contentType })
    written.push(storageKey)
    rows.push(
      await TicketAttachment.create(
        {
          ticketId,
          messageId,
          filename: checked.filename,
          contentType: checked.contentType,
          size: file.content.length,
          storageKey,
          inline: Boolean(file.inline),
          contentId: file.contentId?.replace(/^<|>$/g, '').slice(0, 255) || null,
        },
        { client: trx }
      )
    )
  }
  return rows
}

const withSize = (file: IncomingFile) => ({ ...file, size: file.content.length })

async function forget(keys: string[]) {
  const disk = drive.use()
  for (const key of keys) {
    await disk.delete(key).catch((error) => logger.warn({ err: error, key }, 'orphan attachment'))
  }
}

/** A ticket's files, oldest first; `forCustomer` leaves out those of internal notes. */
export function ticketAttachments(
  ticketId: number,
  forCustomer = false,
  client?: TransactionClientContract
) {
  const query = TicketAttachment.query({ client }).where('ticket_id', ticketId).orderBy('id')
  if (forCustomer) {
    query.where((scope) =>
      scope
        .whereNull('message_id')
        .orWhereIn('message_id', (sub) =>
          sub
            .from('ticket_messages')
            .select('id')
            .where('ticket_id', ticketId)
            .whereNot('kind', 'note')
        )
    )
  }
  return query
}

/**
 * The files sent with the request that opened the ticket (the form, the API), read in the
 * ticket's transaction while it has one (an idempotent create answers before it commits).
 */
export function openingAttachments(ticket: Ticket) {
  return ticketAttachments(ticket.id, false, ticket.$trx).whereNull('message_id')
}

/** One file of a ticket, if the viewer may see it (a customer never sees a note's files). */
export async function findAttachment(ticketId: number, attachmentId: unknown, forCustomer = false) {
  const id = Number(attachmentId)
  const found = Number.isSafeInteger(id)
    ? await ticketAttachments(ticketId, forCustomer).where('id', id).first()
    : null
  if (!found) throw new DomainError('That file does not exist.', 'not_found', 404)
  return found
}

/** The file's bytes as a stream, from whichever disk holds it. */
export function attachmentStream(attachment: TicketAttachment) {
  return drive.use().getStream(attachment.storageKey)
}

/** The file's bytes (for mail attachments). */
export async function attachmentContent(attachment: TicketAttachment) {
  return Buffer.from(await drive.use().getBytes(attachment.storageKey))
}
