import app from '@adonisjs/core/services/app'
import { defineConfig } from '@adonisjs/core/http'
import proxyAddr from 'proxy-addr'
import { randomBytes } from 'node:crypto'
import env from '#start/env'

const trustedProxies = env.get('TRUSTED_PROXIES')

/**
 * Request ids (X-Request-Id, `request_id` in logs) are this process's random prefix (72
 * bits, drawn at start) and a counter: unique across instances and restarts like a UUID,
 * without drawing random bytes for every request.
 */
const instancePrefix = randomBytes(9).toString('base64url')
let requestCount = 0

/**
 * The framework's default serializer (safe-stable-stringify with a replacer, written in
 * JavaScript) writes a BigInt as a string and leaves a circular reference out. Native
 * JSON.stringify gives the same text for everything else, several times faster, and
 * throws on exactly those two: then the default writes it.
 */
const safeJson = defineConfig({}).serializeJSON
function serializeJSON(payload: unknown) {
  try {
    return JSON.stringify(payload)
  } catch {
    return safeJson(payload)
  }
}

export const http = defineConfig({
  generateRequestId: true,
  createRequestId: () => `${instancePrefix}-${(++requestCount).toString(36)}`,
  allowMethodSpoofing: true,
  useAsyncLocalStorage: false,
  serializeJSON,
  // X-Forwarded-For is only believed from the configured proxies: every per-address limit
  // keys on request.ip(), which a client could otherwise choose (docs/operations.md).
  trustProxy: trustedProxies.length > 0 ? proxyAddr.compile(trustedProxies) : false,
  cookie: {
    domain: '',
    path: '/',
    maxAge: '2h',
    httpOnly: true,
    secure: app.inProduction,
    sameSite: 'lax',
  },
})
