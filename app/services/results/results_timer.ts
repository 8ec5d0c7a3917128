import type { Logger } from '@adonisjs/core/logger'
import { experimentsToRecompute, recomputeMany } from '#services/results/recompute_service'

/**
 * The web process recomputes running experiments on a timer too, so results stay fresh
 * without cron (RESULTS_RECOMPUTE_INTERVAL seconds, 0 disables). The advisory lock makes
 * it skip a round while a cron run (or another web instance) is at work.
 */
export class ResultsTimer {
  #timer: NodeJS.Timeout | null = null
  #running = false

  constructor(
    private intervalSeconds: number,
    private logger: Logger
  ) {}

  start() {
    if (this.intervalSeconds <= 0) return
    this.#timer = setInterval(() => void this.tick(), this.intervalSeconds * 1000)
    this.#timer.unref()
  }

  async tick() {
    if (this.#running) return
    this.#running = true
    try {
      const experiments = await experimentsToRecompute([], false)
      const run = await recomputeMany(experiments, { computedBy: 'timer' })
      for (const report of run.reports.filter((r) => r.status === 'failed')) {
        this.logger.error(`recompute of ${report.key} failed: ${report.error}`)
      }
    } catch (error) {
      this.logger.warn(`results timer skipped a round: ${(error as Error).message}`)
    } finally {
      this.#running = false
    }
  }

  stop() {
    if (this.#timer) clearInterval(this.#timer)
    this.#timer = null
  }
}
