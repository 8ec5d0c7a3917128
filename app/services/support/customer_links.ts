import { createHmac, timingSafeEqual } from 'node:crypto'
import env from '#start/env'
import type Ticket from '#models/ticket'
import { publicUrl } from '#services/platform'

/**
 * Customers follow a ticket through a link, without an account. The link carries an
 * expiry and an HMAC (keyed by APP_KEY) over the ticket number, the contact address and
 * that expiry, so it cannot be forged for another ticket and stops working when the
 * ticket changes hands. Forged and expired are told apart: an expired link is honest
 * about it and offers a fresh one.
 */
const DAY_MS = 24 * 60 * 60 * 1000

export type LinkCheck = 'valid' | 'expired' | 'invalid'

function signature(ticket: Pick<Ticket, 'number' | 'contactEmail'>, expires: number) {
  return createHmac('sha256', env.get('APP_KEY').release())
    .update(`ticket-link:${ticket.number}:${ticket.contactEmail}:${expires}`)
    .digest('base64url')
    .slice(0, 32)
}

/** `<expiry, base 36>.<signature>` for the portal route. */
export function customerToken(
  ticket: Pick<Ticket, 'number' | 'contactEmail'>,
  now = Date.now()
): string {
  const expires = Math.floor((now + (env.get('TICKET_LINK_TTL_DAYS') ?? 90) * DAY_MS) / 1000)
  return `${expires.toString(36)}.${signature(ticket, expires)}`
}

export function checkCustomerToken(
  ticket: Pick<Ticket, 'number' | 'contactEmail'>,
  token: string,
  now = Date.now()
): LinkCheck {
  const match = /^([0-9a-z]{1,10})\.([\w-]{32})$/.exec(token)
  if (!match) return 'invalid'
  const expires = Number.parseInt(match[1], 36)
  const expected = Buffer.from(signature(ticket, expires))
  const given = Buffer.from(match[2])
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'invalid'
  return expires * 1000 < now ? 'expired' : 'valid'
}

/** The portal path of a ticket (relative; mails make it absolute). */
export function customerPath(ticket: Pick<Ticket, 'number' | 'contactEmail'>) {
  return `/help/tickets/${ticket.number}/${customerToken(ticket)}`
}

export function customerUrl(ticket: Pick<Ticket, 'number' | 'contactEmail'>) {
  return publicUrl(customerPath(ticket))
}
