import { BaseCheck, HealthChecks, Result } from '@adonisjs/core/health'
import db from '@adonisjs/lucid/services/db'
import env from '#start/env'

/**
 * "PostgreSQL answers through the request pool within READINESS_TIMEOUT". A stopped or
 * overloaded database fails the check at the deadline, so a load balancer hears 503 in time
 * instead of waiting on the pool's own (longer) limits; the late query still ends by them.
 */
class DatabaseReadyCheck extends BaseCheck {
  name = 'Database answers in time'

  constructor(private deadlineMs: number) {
    super()
  }

  async run() {
    const ping = db.connection().rawQuery('SELECT 1').exec()
    let timer: NodeJS.Timeout | undefined
    const deadline = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), this.deadlineMs)
    })
    try {
      const outcome = await Promise.race([ping, deadline])
      if (outcome === 'late') {
        ping.catch(() => {})
        return Result.failed(`PostgreSQL did not answer within ${this.deadlineMs} ms`)
      }
      return Result.ok('PostgreSQL answers')
    } catch (error) {
      return Result.failed((error as Error).message, error as Error)
    } finally {
      clearTimeout(timer)
    }
  }
}

export const healthChecks = new HealthChecks().register([
  new DatabaseReadyCheck(env.get('READINESS_TIMEOUT') ?? 1500),
])
