import { BaseCommand, args, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import type { ScheduleRun } from '#services/experiments'

/**
 * Recomputes experiment results (for cron):
 *   node ace experiments:recompute                 every running experiment, incrementally
 *   node ace experiments:recompute checkout-copy   the named ones
 *   node ace experiments:recompute --all --full    every started experiment, from scratch
 *   node ace experiments:recompute --dry-run       compute and report, write nothing
 * Scheduled starts and stops are made first (docs/experiment-design.md).
 * Only one run at a time (PostgreSQL advisory lock): a second one says so and exits 0.
 * Exit code 1 when an experiment failed (the others are still computed).
 */
export default class ExperimentsRecompute extends BaseCommand {
  static commandName = 'experiments:recompute'
  static description = 'Fold new events into experiment results and write fresh snapshots'
  static options: CommandOptions = { startApp: true }

  @args.spread({
    description: 'Experiment keys (default: every running experiment)',
    required: false,
  })
  declare keys?: string[]

  @flags.boolean({ description: 'Every experiment that has started (running, paused, completed)' })
  declare all: boolean

  @flags.boolean({
    description: 'Rebuild the statistics from scratch instead of folding new events',
  })
  declare full: boolean

  @flags.boolean({ description: 'Compute and report, but write nothing' })
  declare dryRun: boolean

  async run() {
    const { experimentsToRecompute, recomputeMany } = await import('#services/results')
    const experiments = await experimentsToRecompute(this.keys ?? [], this.all)
    const missing = (this.keys ?? []).filter((key) => !experiments.some((e) => e.key === key))
    for (const key of missing) this.logger.warning(`No experiment "${key}"`)
    if (experiments.length === 0) {
      // Scheduled starts and stops are due even when nothing runs yet.
      if (!this.dryRun) {
        const run = await recomputeMany([], { computedBy: 'command' })
        this.reportSchedule(run.schedule)
      }
      this.logger.info('Nothing to recompute.')
      this.exitCode = missing.length ? 1 : 0
      return
    }
    const mode = [this.full ? 'full' : 'incremental', this.dryRun ? 'dry run' : null]
      .filter(Boolean)
      .join(', ')
    this.logger.info(`Recomputing ${experiments.length} experiment(s) (${mode})…`)

    const run = await recomputeMany(
      experiments,
      { full: this.full, dryRun: this.dryRun, computedBy: 'command' },
      (report) => {
        if (report.status === 'ok') {
          this.logger.success(
            `${report.key}: ${report.eventsFolded} events folded, ${report.subjectsAdded} subjects added in ${report.durationMs} ms — ${report.recommendation}` +
              (report.autoWinner ? ` Winner declared automatically: ${report.autoWinner}.` : '')
          )
        } else {
          this.logger.error(`${report.key}: failed after ${report.durationMs} ms: ${report.error}`)
        }
      }
    )
    if (!run.acquired) {
      this.logger.info('Another recompute is running; nothing to do.')
      return
    }
    this.reportSchedule(run.schedule)
    if (run.settleMs !== undefined) {
      this.logger.info(`Vacuumed and analyzed the rebuilt statistics in ${run.settleMs} ms.`)
    }
    const failed = run.reports.filter((r) => r.status === 'failed').length
    if (failed) this.exitCode = 1
    this.logger.info(
      `Done: ${run.reports.length - failed} ok, ${failed} failed${this.dryRun ? ' (dry run: nothing written)' : ''}.`
    )
  }

  private reportSchedule(schedule: ScheduleRun | undefined) {
    for (const key of schedule?.started ?? []) this.logger.success(`${key}: started as scheduled`)
    for (const key of schedule?.stopped ?? []) this.logger.success(`${key}: stopped as scheduled`)
    for (const { key, error } of schedule?.failed ?? [])
      this.logger.error(`${key}: scheduled change failed: ${error}`)
  }
}
