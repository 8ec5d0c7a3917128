import { Job } from '@adonisjs/queue'
import type { JobOptions } from '@adonisjs/queue/types'
import { maintainEventPartitions } from '#services/experiments'

/**
 * Every six hours (providers/app_provider.ts): keeps experiment_events' monthly partitions
 * created ahead and detaches those past EVENTS_RETENTION_MONTHS. A scheduled job runs once
 * across every process, on whichever worker takes it (as `node ace events:partitions`).
 */
export default class MaintainEventPartitions extends Job<Record<string, never>> {
  static options: JobOptions = { name: 'MaintainEventPartitions', queue: 'notifications' }

  async execute() {
    await maintainEventPartitions()
  }
}
