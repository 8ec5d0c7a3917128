import { createHmac } from 'node:crypto'

/**
 * Twilio's way of signing a webhook, written out independently of the `twilio` package
 * (which the app verifies with): base64 HMAC-SHA1, keyed with the auth token, of the URL
 * followed by every POST parameter's name and value, sorted by name.
 */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>) {
  const data = Object.keys(params)
    .sort()
    .reduce((text, key) => text + key + params[key], url)
  return createHmac('sha1', authToken).update(data).digest('base64')
}
