import { createHash } from 'node:crypto'
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import env from '#start/env'
import Ticket from '#models/ticket'
import { customerActor } from '#services/accounts'
import { isDatabaseUnavailable, publicHostname, withoutDurableCommit } from '#services/platform'
import { attachFiles, attachOpeningFiles } from '#services/support/attachments'
import { sanitizeMailHtml } from '#services/support/mail_html'
import { isOwnMessageId, reasonToIgnore } from '#services/support/mail_screening'
import { quarantine } from '#services/support/inbound_quarantine'
import { ticketNumberFromAddress } from '#services/support/reply_address'
import { addMessage, createTicket } from '#services/support/ticket_service'

/**
 * The email channel's way in: one raw message (from an IMAP mailbox or posted over HTTP)
 * becomes a new ticket or a message on its ticket. The change is committed before this
 * returns, so a fetcher may mark the message fetched once it has the answer; a Message-ID
 * taken before is answered `duplicate` and changes nothing.
 */
export type InboundOrigin = { kind: 'imap'; mailboxId: number } | { kind: 'http' }

export interface InboundResult {
  outcome: 'created' | 'threaded' | 'duplicate' | 'ignored' | 'quarantined'
  ticketNumber?: number
}

/** A message that cannot be processed: quarantined with this reason. */
export class UnprocessableMail extends Error {}

const MAX_TITLE = 200
/** Longer text is cut: the search vector of a ticket has a size limit. */
const MAX_BODY = 100_000

export function maxInboundBytes() {
  return env.get('INBOUND_EMAIL_MAX_BYTES', 25 * 1024 * 1024)
}

/**
 * `durable: false` commits without waiting for the disk (synchronous_commit off): the caller
 * must make a durable commit before it acts on the answer (PostgreSQL then flushes the log
 * up to it, earlier commits included), as the IMAP fetcher does once per batch before moving
 * it: one disk flush per batch instead of one per message.
 */
export async function receiveInboundEmail(
  raw: Buffer,
  origin: InboundOrigin,
  { durable = true } = {}
): Promise<InboundResult> {
  try {
    return await processInboundEmail(raw, durable)
  } catch (error) {
    // A database that is down is not the message's fault: the caller tries again later.
    if (!(error instanceof UnprocessableMail) && isDatabaseUnavailable(error)) throw error
    await quarantine(raw, origin, describe(error))
    return { outcome: 'quarantined' }
  }
}

/** The work itself; throws (with the reason) for a message that must be quarantined. */
export async function processInboundEmail(raw: Buffer, durable = true): Promise<InboundResult> {
  if (raw.length > maxInboundBytes()) {
    throw new UnprocessableMail(
      `The message is ${raw.length} bytes, over the limit of ${maxInboundBytes()} (INBOUND_EMAIL_MAX_BYTES).`
    )
  }
  const mail = await parse(raw)
  if (reasonToIgnore(mail)) return { outcome: 'ignored' }
  const sender = mail.from?.value[0]
  const email = sender?.address?.trim().toLowerCase()
  if (!email || !/^[^\s@]+@[^\s@]+$/.test(email) || email.length > 254) {
    throw new UnprocessableMail('The message has no usable sender address (From).')
  }
  const contact = { email, name: sender?.name?.trim().slice(0, 120) || null }
  const messageId = mail.messageId ?? contentId(raw)
  const text = bodyText(mail)
  const html = mail.html ? sanitizeMailHtml(mail.html) || null : null

  const inTransaction = durable
    ? <T>(work: (trx: TransactionClientContract) => Promise<T>) => db.transaction(work)
    : withoutDurableCommit
  return inTransaction(async (trx) => {
    const seen = await trx.rawQuery(
      `INSERT INTO inbound_emails (message_id, outcome, sender, created_at)
       VALUES (?, 'created', ?, now())
       ON CONFLICT (message_id) DO NOTHING RETURNING id`,
      [messageId.slice(0, 998), email]
    )
    if (!seen.rows.length) return { outcome: 'duplicate' as const }
    const recordId: number = seen.rows[0].id
    const actor = customerActor(contact)
    const existing = await ticketFor(mail, email, trx)

    if (existing && existing.status !== 'closed') {
      const message = await addMessage(
        existing,
        { kind: 'customer', body: text, viaEmail: true, html },
        actor,
        trx
      )
      await trx
        .from('inbound_emails')
        .where('id', recordId)
        .update({ outcome: 'threaded', ticket_id: existing.id, ticket_message_id: message.id })
      const { refused } = await attachFiles(message.id, attachmentsOf(mail), trx)
      if (refused.length) {
        await trx.from('ticket_messages').where('id', message.id).update({ refused_files: refused })
      }
      return { outcome: 'threaded' as const, ticketNumber: existing.number }
    }

    const ticket = await createTicket(
      {
        title: (mail.subject?.trim() || '(no subject)').slice(0, MAX_TITLE),
        description: text,
        email: contact.email,
        name: contact.name,
        followsTicketId: existing?.id ?? null,
        descriptionHtml: html,
      },
      'email',
      actor,
      trx
    )
    await trx.from('inbound_emails').where('id', recordId).update({ ticket_id: ticket.id })
    // The mail's files sit on its request, like the files of the public form.
    const { refused } = await attachOpeningFiles(ticket.id, attachmentsOf(mail), trx)
    if (refused.length) {
      await trx.from('tickets').where('id', ticket.id).update({ refused_files: refused })
    }
    return { outcome: 'created' as const, ticketNumber: ticket.number }
  })
}

async function parse(raw: Buffer): Promise<ParsedMail> {
  try {
    return await simpleParser(raw, { skipImageLinks: true, skipTextLinks: true })
  } catch (error) {
    throw new UnprocessableMail(`The message could not be parsed: ${describe(error)}`)
  }
}

/**
 * The ticket a reply belongs to, tried in this order: the signed per-ticket address among
 * the recipients; In-Reply-To and References (our own thread id `<ticket-1300@host>`, or a
 * customer's earlier mail we took in); `[#1300]` in the subject when the sender is the
 * ticket's contact.
 */
async function ticketFor(mail: ParsedMail, sender: string, trx: TransactionClientContract) {
  for (const address of recipients(mail)) {
    const number = ticketNumberFromAddress(address)
    if (number !== null) {
      const ticket = await Ticket.query({ client: trx }).where('number', number).first()
      if (ticket) return ticket
    }
  }

  const ids = referencedIds(mail)
  const threadPattern = new RegExp(`^<ticket-(\\d{1,10})@${escapeRegExp(publicHostname())}>$`, 'i')
  for (const id of ids) {
    const match = threadPattern.exec(id)
    if (match) {
      const ticket = await Ticket.query({ client: trx }).where('number', Number(match[1])).first()
      if (ticket) return ticket
    }
  }
  const foreign = ids.filter((id) => !isOwnMessageId(id))
  if (foreign.length) {
    const row = await trx
      .from('inbound_emails')
      .whereIn('message_id', foreign)
      .whereNotNull('ticket_id')
      .orderBy('id', 'desc')
      .first()
    if (row) return Ticket.query({ client: trx }).where('id', row.ticket_id).first()
  }

  const subject = /\[#(\d{1,10})\]/.exec(mail.subject ?? '')
  if (subject) {
    const ticket = await Ticket.query({ client: trx }).where('number', Number(subject[1])).first()
    if (ticket && ticket.contactEmail === sender) return ticket
  }
  return null
}

function recipients(mail: ParsedMail) {
  const list = (value: AddressObject | AddressObject[] | undefined) =>
    (Array.isArray(value) ? value : value ? [value] : []).flatMap((group) =>
      group.value.map((address) => address.address ?? '')
    )
  const delivered = ['delivered-to', 'x-original-to'].flatMap((name) => {
    const value = mail.headers.get(name)
    return typeof value === 'string' ? [value] : []
  })
  return [...list(mail.to), ...list(mail.cc), ...delivered].filter(Boolean)
}

function referencedIds(mail: ParsedMail) {
  const references = mail.references ?? []
  const all = [...(Array.isArray(references) ? references : [references])]
  if (mail.inReplyTo) all.unshift(...mail.inReplyTo.split(/\s+/))
  return [...new Set(all.map((id) => id.trim()).filter((id) => /^<[^<>\s]+>$/.test(id)))]
}

/** The text as written (quoted history included: it is folded on display, never lost). */
function bodyText(mail: ParsedMail) {
  const text = (mail.text ?? '').replace(/\r\n/g, '\n').trim()
  if (!text) return '(The message had no text.)'
  return text.length > MAX_BODY
    ? `${text.slice(0, MAX_BODY)}\n\n[The rest of the message was cut.]`
    : text
}

function attachmentsOf(mail: ParsedMail) {
  return mail.attachments.map((attachment) => ({
    filename: attachment.filename ?? 'attachment',
    contentType: attachment.contentType,
    content: attachment.content,
    inline: attachment.contentDisposition === 'inline' || attachment.related,
    contentId: attachment.cid,
  }))
}

/** A message without a Message-ID is known by its content. */
function contentId(raw: Buffer) {
  return `<sha256-${createHash('sha256').update(raw).digest('hex')}@inbound.invalid>`
}

function escapeRegExp(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

function describe(error: unknown) {
  return (error instanceof Error ? error.message : String(error)).slice(0, 2000)
}
