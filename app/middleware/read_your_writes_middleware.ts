import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import {
  hasReplicas,
  readingPrimary,
  REPLICA_CHECK_INTERVAL_MS,
  replicaMaxLag,
} from '#services/platform'

const WROTE_AT = 'wroteAt'
const READS = new Set(['GET', 'HEAD'])

/**
 * With read replicas, a session that posted something reads the primary for as long as a
 * replica in use may still lack it (REPLICA_MAX_LAG plus one lag measurement): the page a
 * form post redirects to, and the next refreshes, show the change. Without replicas it
 * does nothing (docs/scaling.md#read-replica).
 */
export default class ReadYourWritesMiddleware {
  handle({ request, session }: HttpContext, next: NextFn) {
    if (!hasReplicas()) return next()
    const wroteAt = Number(session.get(WROTE_AT, 0))
    const writes = !READS.has(request.method())
    if (writes) session.put(WROTE_AT, Date.now())
    const window = replicaMaxLag() * 1000 + REPLICA_CHECK_INTERVAL_MS
    return writes || Date.now() - wroteAt < window ? readingPrimary(() => next()) : next()
  }
}
