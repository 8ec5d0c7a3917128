import { createHmac, timingSafeEqual } from 'node:crypto'
import twilio from 'twilio'

/**
 * Provider webhook signatures, one place for every webhook that receives them (inbound
 * SMS here, delivery statuses in campaigns).
 */

/**
 * Twilio's X-Twilio-Signature: base64 HMAC-SHA1, keyed with the account's auth token, of
 * the full URL Twilio requested (our public address) followed by each POST parameter's
 * name and value in name order. Verified by the official client.
 */
export function verifyTwilioSignature(
  authToken: string,
  signature: string | undefined | null,
  url: string,
  params: Record<string, unknown>
) {
  if (!authToken || !signature) return false
  return twilio.validateRequest(authToken, signature, url, params)
}

/** OpenPhone signatures older than this are refused (replays). */
export const OPENPHONE_MAX_AGE_MS = 5 * 60_000

export type OpenPhoneVerdict = 'valid' | 'invalid' | 'expired'

function openPhoneDigest(secretBase64: string, timestamp: string, rawBody: string) {
  return createHmac('sha256', Buffer.from(secretBase64, 'base64'))
    .update(`${timestamp}.${rawBody}`)
    .digest()
}

/**
 * The `openphone-signature` header: `hmac;1;<timestamp ms>;<base64 HMAC-SHA256 of
 * "<timestamp>.<raw body>">`, keyed with the base64-decoded webhook secret, at most five
 * minutes old (and not from the future beyond the same margin).
 */
export function verifyOpenPhoneSignature(
  header: string | undefined | null,
  rawBody: string,
  secretBase64: string,
  now = Date.now()
): OpenPhoneVerdict {
  if (!header || !secretBase64) return 'invalid'
  const [scheme, version, timestamp, signature] = header.split(';')
  if (scheme !== 'hmac' || version !== '1' || !/^\d{1,16}$/.test(timestamp ?? '') || !signature) {
    return 'invalid'
  }
  const given = Buffer.from(signature, 'base64')
  const expected = openPhoneDigest(secretBase64, timestamp, rawBody)
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid'
  return Math.abs(now - Number(timestamp)) > OPENPHONE_MAX_AGE_MS ? 'expired' : 'valid'
}

/** The header OpenPhone would send for this body (the loopback tests and tools sign with it). */
export function openPhoneSignatureHeader(rawBody: string, secretBase64: string, at = Date.now()) {
  const timestamp = String(at)
  const digest = openPhoneDigest(secretBase64, timestamp, rawBody).toString('base64')
  return `hmac;1;${timestamp};${digest}`
}
