import db from '@adonisjs/lucid/services/db'
import type { Knex } from 'knex'
import type Ticket from '#models/ticket'

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
