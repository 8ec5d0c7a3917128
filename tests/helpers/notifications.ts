import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import Notification from '#models/notification'
import { createQueueWorker, NOTIFICATION_QUEUES } from '#services/notifications/queue_worker'

/**
 * Runs a real queue worker (the one `node ace queue:work` runs) until `done` holds or
 * the time is up, then stops it. Jobs, retries and backoff go through the database queue.
 */
export async function workQueueUntil(done: () => Promise<boolean>, timeoutMs = 15_000) {
  const worker = await createQueueWorker(app)
  const running = worker.start(NOTIFICATION_QUEUES)
  const deadline = Date.now() + timeoutMs
  try {
    while (!(await done())) {
      if (Date.now() > deadline) throw new Error('The queue did not get there in time')
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  } finally {
    await worker.stop()
    await running
  }
}

/** Until no notification is pending any more (sent, held, suppressed or failed). */
export function workQueueUntilSettled(timeoutMs?: number) {
  return workQueueUntil(async () => {
    const pending = await Notification.query().where('status', 'pending').first()
    return !pending
  }, timeoutMs)
}

export function notificationsOf(type: Notification['type']) {
  return Notification.query().where('type', type).orderBy('id')
}

/** Payloads of the fresh-link requests waiting in the queue, oldest first. */
export async function queuedFreshLinks() {
  const rows: { data: string }[] = await db.from('queue_jobs').orderBy('score').select('data')
  return rows
    .map((row) => JSON.parse(row.data))
    .filter((job) => job.name === 'SendFreshLink')
    .map((job) => job.payload)
}
