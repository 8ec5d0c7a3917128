import db from '@adonisjs/lucid/services/db'
import type { ExperimentAlertsRaised } from '#events/experiment_events'
import {
  experimentAlertSubscribers,
  experimentDigestSubscribers,
} from '#services/notifications/preferences'
import { queueNotification } from '#services/notifications/queue_notification'
import { publicUrl } from '#services/platform'
import { announce, LIVE_CHANNELS } from '#services/live'

/**
 * Admins hear about experiments: alerts when results change (listener of the results'
 * event, in the snapshot's transaction) and, if they choose, a digest of the running ones.
 * An alert is one notification row per admin: shown in the app (their alerts page) whatever
 * their email settings, and mailed as those settings say (now, in a digest, or not at all).
 */
export async function notifyExperimentAlerts({ experiment, alerts, trx }: ExperimentAlertsRaised) {
  for (const email of await experimentAlertSubscribers(trx)) {
    await queueNotification(trx, {
      recipient: email,
      audience: 'agent',
      type: 'experiment_alert',
      data: {
        experiment: experiment.name,
        key: experiment.key,
        count: alerts.length,
        kinds: alerts.map((a) => a.kind),
        items: alerts.map((a) => ({ subject: a.message, url: experiment.resultsUrl })),
        link: experiment.resultsUrl,
      },
    })
  }
  // Open alerts pages re-fetch their list once this commits.
  await announce(LIVE_CHANNELS.alerts, 'alert', trx)
}

/** One running experiment, as the digest lists it. */
export interface ExperimentSummary {
  name: string
  /** Where it stands, in one sentence (its recommendation and any health warning). */
  summary: string
  url: string
}

/** How long after one experiment digest the next is due (cron may run a little early). */
const DIGEST_INTERVAL_HOURS = { daily: 20, weekly: 6 * 24 }

/**
 * One digest of the running experiments per admin who chose this frequency, unless they
 * got one within the interval (so running the command twice sends nothing twice). Returns
 * the addresses written to; nothing is sent when no experiment is running.
 */
export async function sendExperimentDigests(
  frequency: 'daily' | 'weekly',
  experiments: ExperimentSummary[]
): Promise<string[]> {
  if (experiments.length === 0) return []
  const since = new Date(Date.now() - DIGEST_INTERVAL_HOURS[frequency] * 3_600_000)
  const sent: string[] = []
  for (const email of await experimentDigestSubscribers(frequency)) {
    const written = await db.transaction(async (trx) => {
      // One digest writer per recipient at a time: a second run waits, then finds it.
      await trx.rawQuery('SELECT pg_advisory_xact_lock(hashtext(?))', [
        `experiment-digest:${email}`,
      ])
      const recent = await trx
        .from('notifications')
        .where({ recipient: email, type: 'experiment_digest' })
        .where('created_at', '>', since)
        .first()
      if (recent) return false
      await queueNotification(trx, {
        recipient: email,
        audience: 'agent',
        type: 'experiment_digest',
        data: {
          frequency,
          count: experiments.length,
          items: experiments.map((e) => ({ subject: `${e.name}: ${e.summary}`, url: e.url })),
          link: publicUrl('/experiments/results'),
        },
      })
      return true
    })
    if (written) sent.push(email)
  }
  return sent
}
