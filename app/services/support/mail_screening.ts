import type { ParsedMail } from 'mailparser'
import env from '#start/env'
import { publicHostname } from '#services/platform'

/**
 * Mail that must never become a ticket or a message, nor be answered (RFC 3834): automatic
 * replies, bulk and list mail, delivery status notifications (bounces), and our own mail
 * coming back (its Message-ID carries our host name, or it is from our own address).
 * Returns why the message is ignored, or null when a person wrote it.
 */
export function reasonToIgnore(mail: ParsedMail): string | null {
  const header = (name: string) => {
    const value = mail.headers.get(name)
    if (value === undefined || value === null) return null
    if (typeof value === 'string') return value.trim().toLowerCase()
    if (typeof value === 'object' && 'value' in value) return String(value.value).toLowerCase()
    return String(value).toLowerCase()
  }

  const autoSubmitted = header('auto-submitted')
  if (autoSubmitted && autoSubmitted !== 'no') return `Auto-Submitted: ${autoSubmitted}`
  const precedence = header('precedence')
  if (precedence && ['bulk', 'junk', 'list', 'auto_reply'].includes(precedence)) {
    return `Precedence: ${precedence}`
  }
  for (const name of ['x-autoreply', 'x-autorespond', 'x-auto-reply']) {
    if (header(name) !== null) return `${name} header`
  }
  if (header('content-type') === 'multipart/report') return 'delivery status notification'
  const sender = mail.from?.value[0]?.address?.toLowerCase() ?? ''
  if (/^(mailer-daemon|postmaster)@/.test(sender)) return 'delivery status notification'
  if (ownAddresses().has(sender)) return 'sent by this help desk (a loop)'
  if (mail.messageId && isOwnMessageId(mail.messageId)) return 'our own Message-ID (a loop)'
  return null
}

/** Message-IDs this app makes end with its host name (`<notification-12@desk.example>`). */
export function isOwnMessageId(messageId: string) {
  return messageId.toLowerCase().endsWith(`@${publicHostname().toLowerCase()}>`)
}

function ownAddresses() {
  return new Set(
    [env.get('SUPPORT_EMAIL'), env.get('MAIL_FROM_ADDRESS')]
      .filter((address): address is string => Boolean(address))
      .map((address) => address.toLowerCase())
  )
}
