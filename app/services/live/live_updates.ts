import db from '@adonisjs/lucid/services/db'
import transmit from '@adonisjs/transmit/services/main'
import type { LiveChannel } from '#services/live/channels'

/** The PostgreSQL channel every process notifies; the web process relays it to Transmit. */
export const PG_LIVE_CHANNEL = 'app_live'

export interface LiveMessage {
  channel: string
  reason: string
}

/**
 * Tells open pages that something on `channel` changed.
 *
 * Every process (web, ace commands, workers) announces through PostgreSQL NOTIFY; each
 * web instance listens and rebroadcasts on Transmit to the streams it holds. One path
 * for all writers, and every instance hears every change. Inside a transaction,
 * PostgreSQL delivers the notification only on commit, so pages never re-fetch too early.
 */
export async function announce(
  channel: LiveChannel | string,
  reason: string,
  client: Pick<typeof db, 'rawQuery'> = db
) {
  const message: LiveMessage = { channel, reason }
  await client.rawQuery('SELECT pg_notify(?, ?)', [PG_LIVE_CHANNEL, JSON.stringify(message)])
}

const lastAnnounced = new Map<string, number>()

/**
 * For high-frequency changes (assignments, events): at most one announcement per channel
 * per interval from this process. Fire-and-forget; a lost one is covered by the pages'
 * 60 s refresh.
 */
export function announceThrottled(channel: string, reason: string, intervalMs = 2000) {
  const now = Date.now()
  if (now - (lastAnnounced.get(channel) ?? 0) < intervalMs) return
  lastAnnounced.set(channel, now)
  announce(channel, reason).catch(() => {})
}

/** Relays a NOTIFY payload to Transmit subscribers; ignores payloads that are not ours. */
export function relay(payload: string | undefined) {
  if (!payload) return
  let message: Partial<LiveMessage>
  try {
    message = JSON.parse(payload)
  } catch {
    return
  }
  if (typeof message.channel !== 'string' || !/^[\w\-/:.]{1,200}$/.test(message.channel)) return
  transmit.broadcast(message.channel, { reason: String(message.reason ?? 'changed') })
}

/** Ends every open event stream of this process (graceful shutdown). */
export function closeLiveStreams() {
  for (const [stream] of transmit.getManager().getAllSubscribers()) {
    stream.end()
  }
}
