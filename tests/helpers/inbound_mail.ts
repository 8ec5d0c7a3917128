import { randomUUID } from 'node:crypto'

export interface MailFields {
  from?: string
  to?: string
  subject?: string
  text?: string
  messageId?: string
  inReplyTo?: string
  references?: string
  headers?: Record<string, string>
}

/** A raw RFC 5322 message as a customer's mail program would send it. */
export function rawMail(fields: MailFields = {}): Buffer {
  const headers: Record<string, string> = {
    'From': fields.from ?? 'Dana Customer <dana@example.com>',
    'To': fields.to ?? 'support@example.com',
    'Subject': fields.subject ?? 'Export is stuck',
    'Date': new Date().toUTCString(),
    'Message-ID': fields.messageId ?? `<${randomUUID()}@mail.example.com>`,
    'MIME-Version': '1.0',
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Transfer-Encoding': '8bit',
    ...(fields.inReplyTo ? { 'In-Reply-To': fields.inReplyTo } : {}),
    ...(fields.references ? { References: fields.references } : {}),
    ...fields.headers,
  }
  const head = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\r\n')
  const body = (fields.text ?? 'The export button spins forever.').replace(/\r?\n/g, '\r\n')
  return Buffer.from(`${head}\r\n\r\n${body}\r\n`)
}
