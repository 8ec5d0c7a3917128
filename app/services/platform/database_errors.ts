/**
 * Errors that mean "PostgreSQL cannot serve us right now" (as opposed to a bad query):
 * it is unreachable, shutting down, stopped or overloaded, or it did not answer in time.
 * Requests answer these with 503 `database_unavailable` (app/exceptions/handler.ts) and
 * the app recovers by itself when the database does. The one place that decides it.
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
// cannot connect now), 57014 (statement_timeout cancelled the statement), 53300 (too many
// connections) and 55000 as raised at connect time ("database is not currently accepting
// connections", e.g. during maintenance).
const SQLSTATE = /^(08|57P0|57014$|53300$|55000$)/

// What the pg driver and knex say without a code. knex prefixes the SQL to a failed
// query's message, so these are searched anywhere in it.
const MESSAGES = new RegExp(
  [
    'Connection terminated', // the server went away (or pg-pool's connection timeout)
    'timeout expired', // pg's connectionTimeoutMillis: no answer to the connection's startup
    'connect ECONNREFUSED',
    'Query read timeout', // pg's query_timeout: the server did not answer at all
    'encountered a connection error and is not queryable', // a client after its socket failed
    // knex ended the transaction when its connection failed; later statements in it get this
    'Transaction query already complete',
    'timeout exceeded when trying to connect',
  ].join('|')
)

export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error
  for (let depth = 0; current && depth < 5; depth++) {
    const e = current as { code?: unknown; message?: unknown; name?: unknown; cause?: unknown }
    if (typeof e.code === 'string' && (NETWORK_CODES.has(e.code) || SQLSTATE.test(e.code)))
      return true
    // The pool had no connection to give in DATABASE_ACQUIRE_TIMEOUT.
    if (e.name === 'KnexTimeoutError') return true
    if (typeof e.message === 'string' && MESSAGES.test(e.message)) return true
    current = e.cause
  }
  return false
}
