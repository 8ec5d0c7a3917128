import { BaseCommand } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/**
 * Gives SLA clocks to the tickets that have none: those opened before the SLA migration
 * (2026-12), or written by an older release during a rolling deploy. A deploy step after
 * `migration:run`; safe to run again (then it finds nothing to do).
 */
export default class SlaBackfill extends BaseCommand {
  static commandName = 'sla:backfill'
  static description = 'Give SLA clocks to tickets opened before the SLAs existed'
  static options: CommandOptions = { startApp: true }

  async run() {
    const { backfillSlaClocks } = await import('#services/support')
    const count = await backfillSlaClocks()
    this.logger.success(
      count ? `SLA clocks for ${count} ticket(s).` : 'Every ticket has its SLA clocks.'
    )
  }
}
