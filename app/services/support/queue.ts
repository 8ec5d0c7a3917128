import db from '@adonisjs/lucid/services/db'
import type { Knex } from 'knex'
import type Ticket from '#models/ticket'
import type { TicketPriority } from '#models/ticket'

/**
 * An agent's queue: the open tickets that are theirs or nobody's, most urgent first, then
 * oldest (the inbox's "Priority, then oldest" order). "Send and next" and the ticket page's
 * next/previous walk it.
 */
function queue(userId: number) {
  return db
    .knexQuery()
    .from('tickets as t')
    .select('t.number')
    .where('t.is_open', true)
    .where((query) => query.where('t.assignee_id', userId).orWhereNull('t.assignee_id'))
}

/**
 * The ticket after (or before) this one in the agent's queue. A ticket that just left the
 * queue (resolved, or given to someone else) still has its place in the order, so "next"
 * is the one that followed it; the end of the queue wraps around to its start.
 */
export async function queueNeighbour(
  ticket: Ticket,
  userId: number,
  direction: 'next' | 'previous'
): Promise<number | null> {
  const after = direction === 'next'
  const order = after ? 'asc' : 'desc'
  const ordered = (query: Knex.QueryBuilder) =>
    query
      .whereNot('t.id', ticket.id)
      .orderBy([
        { column: 't.priority_rank', order },
        { column: 't.id', order },
      ])
      .first()
  const key = db.knexRawQuery('(SELECT priority_rank FROM tickets WHERE id = ?)', [ticket.id])
  const beyond = await ordered(
    queue(userId).whereRaw(`(t.priority_rank, t.id) ${after ? '>' : '<'} (?, ?)`, [key, ticket.id])
  )
  const row = beyond ?? (await ordered(queue(userId)))
  return row ? Number(row.number) : null
}

/** Hours to a first response, by priority: what "breaching soon" is measured against. */
export const FIRST_RESPONSE_HOURS: Record<TicketPriority, number> = {
  urgent: 1,
  high: 4,
  medium: 8,
  low: 24,
}

/** "Breaching soon": the first-response target ends within this many minutes. */
export const BREACH_WARNING_MINUTES = 60

export interface FirstResponseDue {
  /** Open, no first response yet, target within BREACH_WARNING_MINUTES. */
  breachingSoon: number
  /** Open, no first response yet, target passed. */
  overdue: number
}

/** Open tickets still waiting for a first response, by how close their target is. */
export async function firstResponsesDue(): Promise<FirstResponseDue> {
  const deadline = `created_at + CASE priority ${Object.entries(FIRST_RESPONSE_HOURS)
    .map(([priority, hours]) => `WHEN '${priority}' THEN interval '${hours} hours'`)
    .join(' ')} END`
  const { rows } = await db.rawQuery(
    `SELECT count(*) FILTER (WHERE ${deadline} >= now()) AS soon,
            count(*) FILTER (WHERE ${deadline} < now()) AS overdue
       FROM tickets
      WHERE is_open AND status <> 'pending' AND first_response_at IS NULL
        AND ${deadline} < now() + :warning * interval '1 minute'`,
    { warning: BREACH_WARNING_MINUTES }
  )
  return { breachingSoon: Number(rows[0].soon), overdue: Number(rows[0].overdue) }
}
