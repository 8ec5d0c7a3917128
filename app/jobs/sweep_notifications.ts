import { Job } from '@adonisjs/queue'
import type { JobOptions } from '@adonisjs/queue/types'
import { sweepPendingNotifications } from '#services/notifications'

/** Every minute (start/scheduler.ts): re-queue pending notifications whose job was lost. */
export default class SweepNotifications extends Job<Record<string, never>> {
  static options: JobOptions = { name: 'SweepNotifications', queue: 'notifications' }

  async execute() {
    await sweepPendingNotifications()
  }
}
