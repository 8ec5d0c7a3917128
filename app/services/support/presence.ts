import db from '@adonisjs/lucid/services/db'
import { announce, ticketChannel } from '#services/live'

/**
 * Who has a ticket open. Each open ticket page sends a heartbeat every
 * HEARTBEAT_SECONDS saying whether its agent is writing a reply; a viewer whose last
 * heartbeat is older than STALE_AFTER_SECONDS has left (closed the tab, lost the network).
 * Kept in PostgreSQL so every web instance sees every viewer.
 */
export const HEARTBEAT_SECONDS = 15
const STALE_AFTER_SECONDS = 40

export interface Viewer {
  userId: number
  name: string
  replying: boolean
}

/**
 * Records a heartbeat. Tells the ticket's other viewers only when something they see
 * changes: someone arrived, or started or stopped replying.
 */
export async function heartbeat(
  ticketId: number,
  ticketNumber: number,
  userId: number,
  replying: boolean
) {
  const { rows } = await db.rawQuery<{ rows: { changed: boolean }[] }>(
    `WITH previous AS (
       SELECT replying, seen_at FROM ticket_viewers WHERE ticket_id = :ticketId AND user_id = :userId
     )
     INSERT INTO ticket_viewers (ticket_id, user_id, replying, seen_at)
     VALUES (:ticketId, :userId, :replying, now())
     ON CONFLICT (ticket_id, user_id) DO UPDATE SET replying = EXCLUDED.replying, seen_at = now()
     RETURNING NOT EXISTS (
       SELECT 1 FROM previous
        WHERE previous.replying = ticket_viewers.replying
          AND previous.seen_at > now() - make_interval(secs => :staleAfter)
     ) AS changed`,
    { ticketId, userId, replying, staleAfter: STALE_AFTER_SECONDS }
  )
  if (rows[0]?.changed) await announce(ticketChannel(ticketNumber), 'presence')
}

/** The agent closed the ticket page. */
export async function leave(ticketId: number, ticketNumber: number, userId: number) {
  const removed = await db
    .from('ticket_viewers')
    .where({ ticket_id: ticketId, user_id: userId })
    .delete()
  if (Number(removed)) await announce(ticketChannel(ticketNumber), 'presence')
}

/** Everyone else with the ticket open right now. */
export async function otherViewers(ticketId: number, userId: number): Promise<Viewer[]> {
  const rows = await db
    .from('ticket_viewers')
    .join('users', 'users.id', 'ticket_viewers.user_id')
    .where('ticket_viewers.ticket_id', ticketId)
    .whereNot('ticket_viewers.user_id', userId)
    .whereRaw('ticket_viewers.seen_at > now() - make_interval(secs => ?)', [STALE_AFTER_SECONDS])
    .orderBy('users.full_name')
    .select('users.id', 'users.full_name', 'ticket_viewers.replying')
  return rows.map((row) => ({ userId: row.id, name: row.full_name, replying: row.replying }))
}
