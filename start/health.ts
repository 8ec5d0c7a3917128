import { BaseCheck, HealthChecks, Result } from '@adonisjs/core/health'
import db from '@adonisjs/lucid/services/db'
import env from '#start/env'
import { hasReplicas, replicaMaxLag, replicaStates } from '#services/platform'

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

/**
 * Each read replica's last measured lag (docs/scaling.md#read-replica). A replica skipped
 * for its lag is a warning, not unreadiness: its reads go to the primary meanwhile.
 */
class ReplicaLagCheck extends BaseCheck {
  name = 'Read replicas within REPLICA_MAX_LAG'

  async run() {
    const replicas = replicaStates().map(({ connection, lagSeconds, used, checkedAt, error }) => ({
      connection,
      lagSeconds: lagSeconds === null ? null : Math.round(lagSeconds * 10) / 10,
      used,
      checkedAt,
      error,
    }))
    const skipped = replicas.filter((replica) => !replica.used)
    const result = skipped.length
      ? Result.warning(
          `${skipped.map((replica) => replica.connection).join(', ')} skipped (more than ${replicaMaxLag()} s behind, or unreachable): the primary serves their reads`
        )
      : Result.ok(`Every replica is within ${replicaMaxLag()} s of the primary`)
    return result.setMetaData({ maxLagSeconds: replicaMaxLag(), replicas })
  }
}

export const healthChecks = new HealthChecks().register([
  new DatabaseReadyCheck(env.get('READINESS_TIMEOUT') ?? 1500),
  ...(hasReplicas() ? [new ReplicaLagCheck()] : []),
])
