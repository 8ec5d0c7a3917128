import type { HttpContext } from '@adonisjs/core/http'
import { healthChecks } from '#start/health'
import { leadershipReport } from '#services/platform'

export default class HealthChecksController {
  /**
   * Readiness: the process can serve traffic (the database answers); also which instance
   * this is and whether it leads (runs the timers, docs/scaling.md).
   */
  async ready({ response }: HttpContext) {
    const report = { ...(await healthChecks.run()), ...leadershipReport() }
    return report.isHealthy ? response.ok(report) : response.serviceUnavailable(report)
  }

  /**
   * `GET /api/health`, the seed's health check (docs/api.md): its exact words when the
   * database answers, 503 with the failing check's words when it does not.
   */
  async api({ response }: HttpContext) {
    const report = await healthChecks.run()
    if (report.isHealthy) return response.ok({ status: 'OK', message: 'Support API is running' })
    const failed = report.checks.find((check) => check.status === 'error')
    return response.serviceUnavailable({
      status: 'UNAVAILABLE',
      message: failed?.message ?? 'Support API cannot reach its database',
    })
  }
}
