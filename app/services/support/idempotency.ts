import { createHash } from 'node:crypto'
import db from '@adonisjs/lucid/services/db'
import type Ticket from '#models/ticket'
import type { Actor } from '#services/accounts'
import { DomainError } from '#exceptions/domain_error'
import { createTicket, type NewTicket } from '#services/support/ticket_service'

/** How long a key is remembered: a retry after this is a new request. */
export const IDEMPOTENCY_KEY_TTL_HOURS = 24

/** Whose key it is (`user:<id>` for an API token's owner, `session:<id>` for the form). */
export interface IdempotencyKey {
  scope: string
  key: string
}

/** What the first request answered, kept verbatim so that a retry gets the same bytes. */
export interface StoredAnswer {
  status: number
  body: unknown
}

export class IdempotencyKeyReusedError extends DomainError {
  constructor() {
    const message =
      'This Idempotency-Key was already used for a different request. Use a new key for a new ticket.'
    super(message, 'idempotency_key_reused', 422, {
      fields: [{ field: 'Idempotency-Key', rule: 'idempotency_key_reused', message }],
    })
  }
}

/**
 * Opens a ticket once per key. The key's row is inserted first, in the ticket's own
 * transaction: a concurrent request with the same key waits on the primary key until
 * this one commits (and then replays its answer) or rolls back (and then creates the
 * ticket itself). A repeat with a different request is refused. An expired row is taken
 * over as if it were absent.
 */
export async function createTicketOnce(
  idempotency: IdempotencyKey,
  input: NewTicket,
  source: Ticket['source'],
  actor: Actor,
  answer: (ticket: Ticket) => Promise<StoredAnswer>
): Promise<StoredAnswer & { replayed: boolean }> {
  const { scope, key } = idempotency
  const fingerprint = fingerprintOf(source, input)
  return db.transaction(async (trx) => {
    const claim = await trx.rawQuery(
      `INSERT INTO ticket_idempotency_keys (scope, key, fingerprint, created_at, expires_at)
       VALUES (?, ?, ?, now(), now() + make_interval(hours => ?))
       ON CONFLICT (scope, key) DO UPDATE SET
         fingerprint = EXCLUDED.fingerprint, ticket_id = NULL, response_status = NULL,
         response_body = NULL, created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at
       WHERE ticket_idempotency_keys.expires_at <= now()
       RETURNING key`,
      [scope, key, fingerprint, IDEMPOTENCY_KEY_TTL_HOURS]
    )
    if (claim.rows.length === 0) {
      // A statement of its own: its snapshot sees the row the other transaction committed.
      const stored = await trx.from('ticket_idempotency_keys').where({ scope, key }).first()
      if (stored.fingerprint !== fingerprint) throw new IdempotencyKeyReusedError()
      return { status: stored.response_status, body: stored.response_body, replayed: true }
    }
    const ticket = await createTicket(input, source, actor, trx)
    const result = await answer(ticket)
    await trx
      .from('ticket_idempotency_keys')
      .where({ scope, key })
      .update({
        ticket_id: ticket.id,
        response_status: result.status,
        response_body: JSON.stringify(result.body),
      })
    return { ...result, replayed: false }
  })
}

/**
 * Forgets keys an hour after they expired (the hour keeps a row that a request has just
 * found unexpired from vanishing under it). Answers how many went.
 */
export async function purgeExpiredIdempotencyKeys() {
  const { rowCount } = await db.rawQuery(
    `DELETE FROM ticket_idempotency_keys WHERE expires_at < now() - interval '1 hour'`
  )
  return rowCount ?? 0
}

/** The request as the domain sees it, hashed: the same fields in any JSON order match. */
function fingerprintOf(source: Ticket['source'], input: NewTicket) {
  const fields = Object.entries({ source, ...input })
    .filter(([, value]) => value !== undefined)
    .sort(([a], [b]) => a.localeCompare(b))
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex')
}
