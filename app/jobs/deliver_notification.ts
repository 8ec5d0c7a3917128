import { Job } from '@adonisjs/queue'
import type { JobOptions } from '@adonisjs/queue/types'
import { exponentialBackoff } from '@adonisjs/queue'
import env from '#start/env'
import { deliverNotification, maxAttempts } from '#services/notifications'

/**
 * Delivers one notification row. Retries with exponential backoff while the row says
 * so: the row counts attempts and turns `failed` after the last one, and then the job
 * ends without throwing.
 */
export default class DeliverNotification extends Job<{ notificationId: number }> {
  static options: JobOptions = {
    name: 'DeliverNotification',
    queue: 'notifications',
    maxRetries: maxAttempts(),
    retry: {
      backoff: exponentialBackoff({
        baseDelay: env.get('NOTIFICATION_RETRY_DELAY', '30s'),
        maxDelay: '1h',
        multiplier: 2,
        jitter: true,
      }),
    },
    removeOnComplete: true,
    // The row keeps the error; a kept job would block a manual retry's dispatch (dedup).
    removeOnFail: true,
  }

  async execute() {
    await deliverNotification(this.payload.notificationId)
  }
}
