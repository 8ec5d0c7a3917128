import { AsyncLocalStorage } from 'node:async_hooks'
import db from '@adonisjs/lucid/services/db'
import transmit from '@adonisjs/transmit/services/main'
import type { LiveChannel } from '#services/live/channels'

/** The PostgreSQL channel every process notifies; the web process relays it to Transmit. */
export const PG_LIVE_CHANNEL = 'app_live'

export interface LiveMessage {
  channel: string
  reason: string
  /** The Transmit stream of the tab that made the change: it already shows it. */
  except?: string
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
  channel: LiveChannel | string | (LiveChannel | string)[],
  reason: string,
  client: Pick<typeof db, 'rawQuery'> = db,
  except?: string | null
) {
  const channels = Array.isArray(channel) ? channel : [channel]
  const messages = channels.map((name): LiveMessage =>
    except ? { channel: name, reason, except } : { channel: name, reason }
  )
  const holding = held.getStore()
  if (holding) {
    for (const message of messages) holding.set(JSON.stringify(message), message)
    return
  }
  await notify(messages, client)
}

/** Several channels in one statement: a ticket change tells the inbox and the ticket. */
async function notify(messages: LiveMessage[], client: Pick<typeof db, 'rawQuery'>) {
  if (!messages.length) return
  await client.rawQuery(
    `SELECT ${messages.map(() => 'pg_notify(?, ?)').join(', ')}`,
    messages.flatMap((message) => [PG_LIVE_CHANNEL, JSON.stringify(message)])
  )
}

/** Announcements held back by `holdingAnnouncements` in the current async context. */
const held = new AsyncLocalStorage<Map<string, LiveMessage>>()

/**
 * Runs `work` with its announcements held back, each distinct one kept once, for a caller
 * that writes many changes in a burst (the IMAP fetcher's batch): `release` sends them in
 * one statement once the changes are committed, so an open inbox re-fetches once per batch
 * rather than once per message.
 */
export async function holdingAnnouncements<T>(work: () => Promise<T>) {
  const messages = new Map<string, LiveMessage>()
  const result = await held.run(messages, work)
  return { result, release: () => notify([...messages.values()], db) }
}

/** What a browser's Transmit stream id looks like (a UUID from transmit-client). */
export const LIVE_UID = /^[\w-]{8,64}$/

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

export interface RelayOptions {
  /** Transmit fans broadcasts out to every instance itself (its Redis transport, REDIS_URL). */
  sharedTransport: boolean
  /** Whether this instance leads (docs/scaling.md); a lone process always does. */
  isLeader: () => boolean
}

/**
 * The handler of NOTIFY payloads: relays each message to Transmit subscribers, ignoring
 * payloads that are not ours. Every instance hears every NOTIFY. Without a shared transport
 * each relays to the streams it holds. With one (Redis), the leader alone broadcasts, and
 * Transmit carries the message to every instance's streams; a message that spares the tab
 * that made the change stays local on every instance, since Transmit's transport cannot
 * carry that exception (a leader change can drop messages of those seconds; pages refresh
 * every 60 s anyway).
 */
export function liveRelay(options: RelayOptions) {
  return (payload: string | undefined) => {
    const message = parseMessage(payload)
    if (!message) return
    const data = { reason: message.reason }
    if (message.except) {
      transmit.broadcastExcept(message.channel, data, message.except)
    } else if (!options.sharedTransport || options.isLeader()) {
      transmit.broadcast(message.channel, data)
    }
  }
}

function parseMessage(payload: string | undefined) {
  if (!payload) return null
  let message: Partial<LiveMessage>
  try {
    message = JSON.parse(payload)
  } catch {
    return null
  }
  if (typeof message.channel !== 'string' || !/^[\w\-/:.]{1,200}$/.test(message.channel)) {
    return null
  }
  const except =
    typeof message.except === 'string' && LIVE_UID.test(message.except) ? message.except : null
  return { channel: message.channel, reason: String(message.reason ?? 'changed'), except }
}

/**
 * Ends every open event stream of this process (graceful shutdown). The ping timer stops
 * first: a ping written to an ended stream throws "write after end".
 */
export async function closeLiveStreams() {
  await transmit.shutdown()
  for (const [stream] of transmit.getManager().getAllSubscribers()) {
    stream.end()
  }
}
