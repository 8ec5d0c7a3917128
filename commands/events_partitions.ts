import { BaseCommand } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/**
 * Creates experiment_events' monthly partitions ahead and, with EVENTS_RETENTION_MONTHS,
 * detaches the old ones (docs/scaling.md#partitioned-events). The leader's timer does the
 * same; this is for cron, deploys and checking. Safe to run at any time.
 */
export default class EventsPartitions extends BaseCommand {
  static commandName = 'events:partitions'
  static description = 'Create monthly event partitions ahead and detach those past retention'
  static options: CommandOptions = { startApp: true }

  async run() {
    const { maintainEventPartitions } = await import('#services/experiments')
    const { created, detached } = await maintainEventPartitions()
    this.logger.success(created.length ? `Created ${created.join(', ')}.` : 'Partitions ready.')
    for (const name of detached) {
      this.logger.info(
        `Detached ${name}: archive it (pg_dump -t event_partitions.${name}) and DROP TABLE it.`
      )
    }
  }
}
