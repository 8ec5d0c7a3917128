/**
 * Errors that mean "PostgreSQL cannot be reached right now" (as opposed to a bad query):
 * connection refused or reset, the server shutting down, or the pool timing out.
 * Pages answer these with a 503 and the app recovers by itself when the database returns.
 */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
])

// SQLSTATE class 08 (connection exception), 57P0x (operator intervention: shutdown, crash,
// cannot connect now) and 55000 as raised at connect time ("database is not currently
// accepting connections", e.g. during maintenance).
const SQLSTATE = /^(08|57P0|55000$)/

export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error
  for (let depth = 0; current && depth < 5; depth++) {
    const e = current as { code?: unknown; message?: unknown; name?: unknown; cause?: unknown }
    if (typeof e.code === 'string' && (NETWORK_CODES.has(e.code) || SQLSTATE.test(e.code)))
      return true
    if (e.name === 'KnexTimeoutError') return true
    if (
      typeof e.message === 'string' &&
      /Connection terminated|connect ECONNREFUSED/.test(e.message)
    ) {
      return true
    }
    current = e.cause
  }
  return false
}
