import { Job } from '@adonisjs/queue'
import type { JobOptions } from '@adonisjs/queue/types'
import { purgeExpiredIdempotencyKeys } from '#services/support'

/**
 * Every hour (providers/app_provider.ts): forgets expired ticket idempotency keys. It runs
 * on the notifications queue, whose workers run wherever background work does.
 */
export default class PurgeIdempotencyKeys extends Job<Record<string, never>> {
  static options: JobOptions = { name: 'PurgeIdempotencyKeys', queue: 'notifications' }

  async execute() {
    await purgeExpiredIdempotencyKeys()
  }
}
