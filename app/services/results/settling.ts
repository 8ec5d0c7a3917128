import db from '@adonisjs/lucid/services/db'
import { SETTLE_SECONDS } from '#services/results/aggregation'

/**
 * Events and exposures received in the last SETTLE_SECONDS: a recompute leaves them for the
 * next run (see aggregation.ts), so a "Recompute now" right after a burst can say so instead
 * of silently showing rates diluted by exposures whose events are not folded yet.
 */
export async function settlingCounts(experimentId: number) {
  const { rows } = await db.rawQuery(
    `SELECT (SELECT count(*) FROM experiment_events
              WHERE experiment_id = :id AND received_at >= now() - make_interval(secs => :settle)) AS events,
            (SELECT count(*) FROM experiment_assignments
              WHERE experiment_id = :id AND first_exposed_at >= now() - make_interval(secs => :settle)) AS exposures`,
    { id: experimentId, settle: SETTLE_SECONDS }
  )
  return {
    events: Number(rows[0].events),
    exposures: Number(rows[0].exposures),
    seconds: SETTLE_SECONDS,
  }
}
