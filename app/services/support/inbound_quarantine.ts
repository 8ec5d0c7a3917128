import db from '@adonisjs/lucid/services/db'
import { DomainError } from '#exceptions/domain_error'
import { isDatabaseUnavailable } from '#services/platform'
import {
  processInboundEmail,
  type InboundOrigin,
  type InboundResult,
} from '#services/support/inbound_email'

/**
 * Messages the inbound pipeline could not process (unparseable, too big, no sender, a
 * failure while threading), kept whole with the reason so that nothing is lost: admins
 * list them, retry them (after a fix) or delete them.
 */
export interface QuarantinedEmail {
  id: number
  reason: string
  origin: InboundOrigin
  messageId: string | null
  sender: string | null
  subject: string | null
  size: number
  attempts: number
  createdAt: Date
  updatedAt: Date
}

export async function quarantine(raw: Buffer, origin: InboundOrigin, reason: string) {
  const head = headerFields(raw)
  const now = new Date()
  await db.table('inbound_quarantine').insert({
    raw,
    size: raw.length,
    reason,
    origin: origin.kind,
    mailbox_id: origin.kind === 'imap' ? origin.mailboxId : null,
    message_id: head['message-id']?.slice(0, 998) ?? null,
    sender: head.from?.slice(0, 254) ?? null,
    subject: head.subject?.slice(0, 300) ?? null,
    created_at: now,
    updated_at: now,
  })
}

export async function quarantinedEmails(): Promise<QuarantinedEmail[]> {
  const rows = await db
    .from('inbound_quarantine')
    .select(
      'id',
      'reason',
      'origin',
      'mailbox_id',
      'message_id',
      'sender',
      'subject',
      'size',
      'attempts',
      'created_at',
      'updated_at'
    )
    .orderBy('id', 'desc')
  return rows.map((row) => ({
    id: row.id,
    reason: row.reason,
    origin: row.origin === 'imap' ? { kind: 'imap', mailboxId: row.mailbox_id } : { kind: 'http' },
    messageId: row.message_id,
    sender: row.sender,
    subject: row.subject,
    size: row.size,
    attempts: row.attempts,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }))
}

/**
 * Runs a quarantined message through the pipeline again: it leaves the quarantine when
 * it is taken in (or found a duplicate or ignorable); otherwise the new reason is kept.
 */
export async function retryQuarantined(id: unknown): Promise<InboundResult> {
  const row = await db.from('inbound_quarantine').where('id', quarantineId(id)).first()
  if (!row) throw gone()
  try {
    const result = await processInboundEmail(row.raw)
    await db.from('inbound_quarantine').where('id', row.id).delete()
    return result
  } catch (error) {
    if (isDatabaseUnavailable(error)) throw error
    const reason = error instanceof Error ? error.message : String(error)
    await db
      .from('inbound_quarantine')
      .where('id', row.id)
      .update({
        reason: reason.slice(0, 2000),
        attempts: db.raw('attempts + 1'),
        updated_at: new Date(),
      })
    return { outcome: 'quarantined' }
  }
}

export async function deleteQuarantined(id: unknown) {
  const deleted = await db.from('inbound_quarantine').where('id', quarantineId(id)).delete()
  if (!deleted) throw gone()
}

function quarantineId(id: unknown) {
  const value = Number(id)
  if (!Number.isSafeInteger(value) || value < 1 || value > 2 ** 31 - 1) throw gone()
  return value
}

function gone() {
  return new DomainError('That message is no longer in quarantine.', 'not_found', 404)
}

/** Message-ID, From and Subject read from the raw header block (it may not parse). */
function headerFields(raw: Buffer) {
  const end = raw.indexOf('\r\n\r\n')
  const block = raw
    .subarray(0, end === -1 ? Math.min(raw.length, 64 * 1024) : end)
    .toString('latin1')
    .replace(/\r?\n[ \t]+/g, ' ')
  const fields: Record<string, string> = {}
  for (const line of block.split(/\r?\n/)) {
    const match = /^(message-id|from|subject):\s*(.*)$/i.exec(line)
    if (match && !fields[match[1].toLowerCase()]) fields[match[1].toLowerCase()] = match[2].trim()
  }
  return fields
}
