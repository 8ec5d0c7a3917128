import { createHmac, timingSafeEqual } from 'node:crypto'
import env from '#start/env'
import { publicUrl } from '#services/platform'

/**
 * Every mail carries a link to its recipient's preferences, for people without an
 * account: `<address, base64url>.<HMAC>` keyed by APP_KEY. It does not expire (an
 * unsubscribe link must keep working) and names one address only.
 */
function signature(email: string) {
  return createHmac('sha256', env.get('APP_KEY').release())
    .update(`notification-preferences:${email}`)
    .digest('base64url')
    .slice(0, 32)
}

export function preferencesToken(email: string) {
  const address = email.toLowerCase()
  return `${Buffer.from(address).toString('base64url')}.${signature(address)}`
}

/** The address a token was made for, or null when it is malformed or forged. */
export function emailFromToken(token: string): string | null {
  const match = /^([\w-]{1,400})\.([\w-]{32})$/.exec(token)
  if (!match) return null
  const email = Buffer.from(match[1], 'base64url').toString('utf8')
  const expected = Buffer.from(signature(email))
  const given = Buffer.from(match[2])
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null
  return email
}

export function preferencesUrl(email: string) {
  return publicUrl(`/preferences/${preferencesToken(email)}`)
}

/** RFC 8058 one-click target (List-Unsubscribe-Post): turns email off, no page. */
export function unsubscribeUrl(email: string) {
  return publicUrl(`/preferences/${preferencesToken(email)}/unsubscribe`)
}
