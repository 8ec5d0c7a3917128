import nodemailer from 'nodemailer'
import { MailResponse } from '@adonisjs/mail'
import type { MailTransportContract, NodeMailerMessage } from '@adonisjs/mail/types'

/**
 * The default mail transport: composes the message exactly as for an SMTP server (MIME,
 * headers, both parts) and stores it in `mail_outbox`, where admins read it. A fresh
 * install thus shows real notifications without any mail configuration.
 */
export default class OutboxTransport implements MailTransportContract {
  #composer = nodemailer.createTransport({ streamTransport: true, buffer: true })

  async send(message: NodeMailerMessage) {
    const info = await this.#composer.sendMail(message)
    const raw = (info.message as Buffer).toString('utf8')
    // Imported here: config/mail.ts loads this file before the database service exists.
    const { default: db } = await import('@adonisjs/lucid/services/db')
    await db.table('mail_outbox').insert({
      message_id: info.messageId,
      from_address: addressList(message.from),
      to_address: addressList(message.to),
      subject: message.subject ?? '',
      html: typeof message.html === 'string' ? message.html : null,
      text: typeof message.text === 'string' ? message.text : null,
      headers: JSON.stringify(message.headers ?? {}),
      raw,
      created_at: new Date(),
    })
    return new MailResponse(info.messageId, info.envelope, info)
  }
}

function addressList(value: NodeMailerMessage['to'] | NodeMailerMessage['from']): string {
  if (!value) return ''
  const list = Array.isArray(value) ? value : [value]
  return list
    .map((entry) => (typeof entry === 'string' ? entry : `${entry.name} <${entry.address}>`))
    .join(', ')
}
