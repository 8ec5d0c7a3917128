import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/**
 * Bundles held notifications into one digest per recipient (for cron):
 *   node ace notifications:digest --frequency=daily     every day
 *   node ace notifications:digest --frequency=weekly    once a week
 * It also sends the admins who chose this frequency a digest of the running experiments.
 * Digests are written and queued here; the queue worker delivers them. Running it twice
 * bundles nothing twice.
 */
export default class NotificationsDigest extends BaseCommand {
  static commandName = 'notifications:digest'
  static description = 'Send one digest per recipient who chose daily or weekly email'
  static options: CommandOptions = { startApp: true }

  @flags.string({ description: 'daily or weekly', required: true })
  declare frequency: string

  async run() {
    if (this.frequency !== 'daily' && this.frequency !== 'weekly') {
      this.logger.error('--frequency must be daily or weekly')
      this.exitCode = 1
      return
    }
    const { sendDigests, sendExperimentDigests } = await import('#services/notifications')
    const { runningExperimentSummaries } = await import('#services/results')
    this.logger.info(`Bundling ${this.frequency} digests…`)
    const started = Date.now()
    const run = await sendDigests(this.frequency, (email, count) =>
      this.logger.info(`${email}: ${count} notification(s) in one digest`)
    )
    if (run.recipients === 0)
      this.logger.info('Nothing to send: no held notifications for this frequency.')
    else
      this.logger.success(
        `${run.recipients} digest(s) queued, bundling ${run.bundled} notification(s), in ${Date.now() - started} ms`
      )
    const experiments = await runningExperimentSummaries()
    const admins = await sendExperimentDigests(this.frequency, experiments)
    for (const email of admins)
      this.logger.info(`${email}: ${experiments.length} running experiment(s) in one digest`)
  }
}
