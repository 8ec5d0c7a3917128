import type { HttpContext } from '@adonisjs/core/http'
import { healthChecks } from '#start/health'

export default class HealthChecksController {
  /** Liveness: the process answers. No dependencies are checked. */
  async live({ response }: HttpContext) {
    return response.ok({ status: 'ok' })
  }

  /** Readiness: the process can serve traffic (the database answers). */
  async ready({ response }: HttpContext) {
    const report = await healthChecks.run()
    return report.isHealthy ? response.ok(report) : response.serviceUnavailable(report)
  }
}
