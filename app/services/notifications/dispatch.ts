import { AsyncLocalStorage } from 'node:async_hooks'
import logger from '@adonisjs/core/services/logger'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import DeliverNotification from '#jobs/deliver_notification'

/**
 * Hands notification rows to the queue. The row, not the job, is the source of truth:
 * a job that is lost (dispatch failed after the commit, a worker died) is re-created by
 * the sweep, and dedup on the row id keeps one job per row in the queue.
 */
export async function dispatchDelivery(notificationId: number, sendAfter?: Date) {
  try {
    const dispatch = DeliverNotification.dispatch({ notificationId }).dedup({
      id: String(notificationId),
    })
    const delay = sendAfter ? sendAfter.getTime() - Date.now() : 0
    if (delay > 0) dispatch.in(delay)
    await dispatch.run()
  } catch (error) {
    // The request that caused the notification must not fail; the sweep retries.
    logger.warn({ err: error, notificationId }, 'could not queue a notification; the sweep will')
  }
}

/** Deliveries held back by `holdingDeliveries` in the current async context. */
const RELEASED_AT_ONCE = 4
const held = new AsyncLocalStorage<(() => Promise<void>)[]>()

/** Queues the row's delivery once the transaction commits (unless held, below). */
export function dispatchAfterCommit(
  trx: TransactionClientContract,
  notificationId: number,
  sendAfter?: Date
) {
  trx.after('commit', () => {
    const holding = held.getStore()
    if (!holding) return dispatchDelivery(notificationId, sendAfter)
    holding.push(() => dispatchDelivery(notificationId, sendAfter))
  })
}

/**
 * Runs `work` with the deliveries it queues held back rather than dispatched at each commit,
 * for a caller that commits without waiting for the disk and flushes once for many commits
 * (the IMAP fetcher, per batch): each job is its own durable commit, which would make every
 * message wait for the disk, and could outlive its row in a crash. `release` dispatches them,
 * after the flush; held ones never released are re-queued by the sweep.
 */
export async function holdingDeliveries<T>(work: () => Promise<T>) {
  const deliveries: (() => Promise<void>)[] = []
  const result = await held.run(deliveries, work)
  const release = async () => {
    // A few at a time, as the queue works: each holds a pool connection until its commit.
    for (let start = 0; start < deliveries.length; start += RELEASED_AT_ONCE) {
      await Promise.all(
        deliveries.slice(start, start + RELEASED_AT_ONCE).map((deliver) => deliver())
      )
    }
  }
  return { result, release }
}

/**
 * Re-queues pending notifications that are due and were not touched for a while (their
 * job was lost). Returns how many were handed to the queue.
 */
export async function sweepPendingNotifications(staleAfterSeconds = 120) {
  const rows: { id: number }[] = await db
    .from('notifications')
    .where('status', 'pending')
    .where('send_after', '<=', new Date())
    .where('updated_at', '<', new Date(Date.now() - staleAfterSeconds * 1000))
    .orderBy('send_after')
    .limit(500)
    .select('id')
  for (const row of rows) await dispatchDelivery(row.id)
  return rows.length
}

/**
 * After a preference change: mail waiting for a digest, or still pending, is decided
 * again under the new settings (sent now, held, or suppressed).
 */
export async function requeueUnsent(email: string) {
  const rows: { id: number }[] = await db
    .from('notifications')
    .where('recipient', email.toLowerCase())
    .whereIn('status', ['pending', 'held'])
    .whereNot('type', 'digest')
    .update({ status: 'pending', updated_at: new Date() })
    .returning('id')
  for (const row of rows) await dispatchDelivery(row.id)
  return rows.length
}
