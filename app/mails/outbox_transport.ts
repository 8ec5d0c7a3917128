import nodemailer from 'nodemailer'
import { MailResponse } from '@adonisjs/mail'
import type { MailTransportContract, NodeMailerMessage } from '@adonisjs/mail/types'

/**
 * The default mail transport: composes the message exactly as for an SMTP server (MIME,
 * headers, both parts) and hands it to the notifications domain's outbox, where admins
 * read it. A fresh install thus shows real notifications without any mail configuration.
 */
export default class OutboxTransport implements MailTransportContract {
  #composer = nodemailer.createTransport({ streamTransport: true, buffer: true })

  async send(message: NodeMailerMessage) {
    const info = await this.#composer.sendMail(message)
    // Imported here: config/mail.ts loads this file before the app (and its database) boots.
    const { keepInOutbox } = await import('#services/notifications')
    await keepInOutbox({
      messageId: info.messageId,
      from: addressList(message.from),
      to: addressList(message.to),
      subject: message.subject ?? '',
      html: typeof message.html === 'string' ? message.html : null,
      text: typeof message.text === 'string' ? message.text : null,
      headers: message.headers ?? {},
      raw: (info.message as Buffer).toString('utf8'),
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
