import { createHmac, timingSafeEqual } from 'node:crypto'
import env from '#start/env'

/**
 * A recipient's tracking token (click links `/c/{token}/{n}`, the open pixel): the
 * message id (base 36) and an HMAC of it keyed by APP_KEY, `<id>-<24 hex>` (96 bits), so
 * nothing is stored per recipient (adding 100,000 recipients writes no random token and
 * no index entry for it) and nobody can guess another recipient's link. Messages added
 * before these tokens keep their stored 32-hex token, which still works.
 */
const SIGNED = /^([1-9a-z][0-9a-z]{0,10})-([0-9a-f]{24})$/
const STORED = /^[0-9a-f]{32}$/

function signature(messageId: number) {
  return createHmac('sha256', env.get('APP_KEY').release())
    .update(`campaign-link:${messageId}`)
    .digest('hex')
    .slice(0, 24)
}

export function linkToken(messageId: number) {
  return `${messageId.toString(36)}-${signature(messageId)}`
}

/** A token as long as a recipient's (ids in the millions) that names none: for previews. */
export const SAMPLE_LINK_TOKEN = `${(1_000_000).toString(36)}-${'0'.repeat(24)}`

/**
 * Which message a token names: `{ id }` for a signed token whose HMAC matches,
 * `{ stored }` for an older stored token (looked up as it is), null when it is malformed
 * or forged.
 */
export function parseLinkToken(token: string): { id: number } | { stored: string } | null {
  if (STORED.test(token)) return { stored: token }
  const match = SIGNED.exec(token)
  if (!match) return null
  const id = Number.parseInt(match[1], 36)
  if (!Number.isSafeInteger(id)) return null
  const expected = Buffer.from(signature(id))
  const given = Buffer.from(match[2])
  return timingSafeEqual(expected, given) ? { id } : null
}
