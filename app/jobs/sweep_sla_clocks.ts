import { Job } from '@adonisjs/queue'
import type { JobOptions } from '@adonisjs/queue/types'
import { sweepSlaClocks } from '#services/support'

/**
 * Every minute (providers/app_provider.ts): SLA targets that passed unmet are recorded as
 * breached, and the people responsible are warned before a breach. It runs on the
 * notifications queue, whose workers run wherever background work does.
 */
export default class SweepSlaClocks extends Job<Record<string, never>> {
  static options: JobOptions = { name: 'SweepSlaClocks', queue: 'notifications' }

  async execute() {
    await sweepSlaClocks()
  }
}
