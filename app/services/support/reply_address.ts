import { createHmac, timingSafeEqual } from 'node:crypto'
import env from '#start/env'

/**
 * The per-ticket address customers reply to: SUPPORT_EMAIL with `+t<number>-<signature>`
 * after the local part (`support+t1300-k3j9x2m8qa@example.com`). The signature is an
 * HMAC (keyed by APP_KEY) over the number, so nobody can post into a ticket by guessing
 * its address. Mail servers that deliver plus-addresses to the base mailbox need no setup.
 */
const SIGNATURE_LENGTH = 10

function signature(number: number) {
  return createHmac('sha256', env.get('APP_KEY').release())
    .update(`reply-address:${number}`)
    .digest('base64url')
    .replace(/[-_]/g, '')
    .toLowerCase()
    .slice(0, SIGNATURE_LENGTH)
}

function supportAddress() {
  const address = env.get('SUPPORT_EMAIL')
  const at = address?.lastIndexOf('@') ?? -1
  return address && at > 0 ? { local: address.slice(0, at), domain: address.slice(at + 1) } : null
}

/** The ticket's Reply-To address, or null while SUPPORT_EMAIL is not set. */
export function ticketReplyAddress(number: number): string | null {
  const base = supportAddress()
  return base ? `${base.local}+t${number}-${signature(number)}@${base.domain}` : null
}

/** The ticket number a recipient address stands for, when its signature is right. */
export function ticketNumberFromAddress(address: string): number | null {
  const match = /^[^@+]+\+t(\d{1,10})-([a-z0-9]+)@/i.exec(address.trim())
  if (!match) return null
  const number = Number(match[1])
  const expected = Buffer.from(signature(number))
  const given = Buffer.from(match[2].toLowerCase())
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null
  return number
}
