import db from '@adonisjs/lucid/services/db'
import { recordExposures, trackEvents } from '#services/experiments'
import type { CampaignEvent } from '#services/campaigns/campaign_events'

export interface MessageEvent {
  messageId: number
  campaignId: number
  contactId: number
  event: CampaignEvent
  /** The campaign's experiment, when the caller read it already (else looked up here). */
  experimentId?: number
  occurredAt?: Date
  /** A send: the contact now saw their variant (the experiment's metrics count from here). */
  exposure?: boolean
}

/**
 * Records message events as events of each campaign's experiment (unit `contact`), with
 * the message id and kind as idempotency key: the experiment's recompute, statistics and
 * pages see campaigns like any experiment, and a repeat is stored once. Recipients of the
 * rest of a test-then-winner campaign are not in the experiment; theirs are refused there.
 */
export async function recordCampaignEvents(events: MessageEvent[]) {
  if (events.length === 0) return
  const experiments = new Map<number, number>()
  for (const e of events) if (e.experimentId) experiments.set(e.campaignId, e.experimentId)
  const unknown = [...new Set(events.map((e) => e.campaignId))].filter((id) => !experiments.has(id))
  if (unknown.length) {
    const rows = await db.from('campaigns').whereIn('id', unknown).select('id', 'experiment_id')
    for (const row of rows) experiments.set(Number(row.id), row.experiment_id)
  }
  const exposures = events
    .filter((e) => e.exposure)
    .map((e) => ({ experimentId: experiments.get(e.campaignId)!, subjectId: String(e.contactId) }))
  await recordExposures(exposures)
  await trackEvents(
    events.map((e) => ({
      event: {
        experimentId: experiments.get(e.campaignId)!,
        eventType: e.event,
        userContext: { contactId: String(e.contactId) },
        idempotencyKey: `campaign-message-${e.messageId}-${e.event}`,
        occurredAt: e.occurredAt,
      },
    }))
  )
}
