import db from '@adonisjs/lucid/services/db'
import env from '#start/env'
import { actorLabel, type Actor } from '#services/accounts'
import { announce, LIVE_CHANNELS } from '#services/live'

export interface SendingState {
  paused: boolean
  /** `environment`: CAMPAIGNS_PAUSED=true (only a restart without it resumes). */
  by: 'environment' | 'admin' | null
  reason: string | null
}

/**
 * The kill switch: while paused, no campaign message is claimed or sent; queued messages
 * stay queued, and sending resumes where it stopped.
 */
export async function sendingState(): Promise<SendingState> {
  if (env.get('CAMPAIGNS_PAUSED', false)) {
    return { paused: true, by: 'environment', reason: 'CAMPAIGNS_PAUSED=true' }
  }
  const row = await db.from('campaign_settings').where('id', 1).first()
  return row?.paused
    ? { paused: true, by: 'admin', reason: row.paused_reason }
    : { paused: false, by: null, reason: null }
}

export async function setSendingPaused(paused: boolean, actor: Actor) {
  const reason = paused ? `Paused by ${actorLabel(actor)}` : null
  await db.rawQuery(
    `INSERT INTO campaign_settings (id, paused, paused_reason, updated_at) VALUES (1, ?, ?, now())
     ON CONFLICT (id) DO UPDATE SET paused = EXCLUDED.paused, paused_reason = EXCLUDED.paused_reason, updated_at = now()`,
    [paused, reason]
  )
  await announce(LIVE_CHANNELS.campaigns, paused ? 'paused' : 'resumed')
}
