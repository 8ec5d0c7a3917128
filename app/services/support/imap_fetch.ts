import { ImapFlow } from 'imapflow'
import logger from '@adonisjs/core/services/logger'
import { inConversationOrder } from '#services/support/conversation_order'
import { receiveInboundEmail, type InboundResult } from '#services/support/inbound_email'
import { holdingAnnouncements } from '#services/live'
import { holdingDeliveries } from '#services/notifications'
import {
  countFetched,
  mailboxLogin,
  recordFetch,
  type MailboxLogin,
} from '#services/support/mailboxes'

/**
 * Takes new mail out of one IMAP mailbox into tickets, in batches. Each message goes
 * through the inbound pipeline, which commits its ticket change before answering (without
 * waiting for the disk); one durable write then puts the batch's commits on disk, and only then
 * are its messages moved (or flagged) on the server and the last UID saved, so a crash at any point
 * loses nothing (a message taken twice is a duplicate Message-ID and changes nothing).
 * A changed UIDVALIDITY means the server renumbered the folder: start from its beginning.
 */
export const FETCHED_KEYWORD = '$BeaconFetched'
/** Messages read from the server at once, and taken in at the same time (conversation_order.ts). */
const BATCH = 50
const CONCURRENCY = 4

export interface FetchSummary {
  mailboxId: number
  outcomes: Record<InboundResult['outcome'], number>
  error?: string
}

/**
 * `idleAfterMs`: how soon an idle connection enters IDLE. imapflow's default (15 s) suits a
 * client that runs commands one by one; a watcher waits on IDLE alone, and mail arriving in
 * those 15 s after a pass would wait for them.
 */
export function imapClient(login: MailboxLogin, { idleAfterMs }: { idleAfterMs?: number } = {}) {
  return new ImapFlow({
    autoIdleDelay: idleAfterMs,
    host: login.host,
    port: login.port,
    secure: login.tls,
    // Without TLS, never upgrade with STARTTLS on our own: the admin chose plain.
    doSTARTTLS: login.tls ? undefined : false,
    auth: { user: login.username, pass: login.password },
    logger: false,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
  })
}

/** One pass for `node ace mail:fetch`: log in, take what is new, log out. */
export async function fetchMailbox(id: number): Promise<FetchSummary> {
  const outcomes = emptyOutcomes()
  let login: MailboxLogin
  try {
    login = await mailboxLogin(id)
  } catch (error) {
    return { mailboxId: id, outcomes, error: describeImapError(error) }
  }
  const client = imapClient(login)
  client.on('error', () => {}) // reported by the failing call below
  try {
    await client.connect()
    await takeNewMessages(client, login, outcomes)
    return { mailboxId: id, outcomes }
  } catch (error) {
    const message = describeImapError(error)
    await recordFetch(id, { error: message })
    return { mailboxId: id, outcomes, error: message }
  } finally {
    await client.logout().catch(() => client.close())
  }
}

/**
 * Takes every message after the last UID, in order, over a connected client. Pipelined: the
 * next batch is read from the server while one is taken in, and a batch's bookkeeping (the
 * flush, the move, the held deliveries and announcements, the position) runs while the next one is taken in;
 * bookkeepings stay in order, and a failed one stops the pass (what the next batch committed
 * meanwhile is taken again later as duplicates, changing nothing).
 */
export async function takeNewMessages(
  client: ImapFlow,
  login: MailboxLogin,
  outcomes = emptyOutcomes()
) {
  const began = performance.now()
  if (login.afterFetch === 'move') await ensureFolder(client, login.moveTo)
  const lock = await client.getMailboxLock(login.folder)
  try {
    const opened = client.mailbox
    if (!opened) throw new Error(`The folder ${login.folder} could not be opened.`)
    const uidValidity = String(opened.uidValidity)
    // Re-read: the watcher's copy may be older than the last pass.
    const { uidValidity: storedValidity, lastUid: storedUid } = await mailboxLogin(login.id)
    let lastUid = storedValidity === uidValidity ? storedUid : 0
    const found = await client.search({ uid: `${lastUid + 1}:*` }, { uid: true })
    // `n:*` always matches the newest message, even when its UID is below n.
    const uids = (found || []).filter((uid) => uid > lastUid).sort((a, b) => a - b)
    trace(login, 'searched', began, uids.length)
    const batches = Array.from({ length: Math.ceil(uids.length / BATCH) }, (_, index) =>
      uids.slice(index * BATCH, (index + 1) * BATCH)
    )
    let next = batches.length ? readBatch(client, batches[0]) : undefined
    let bookkeeping: Promise<void> = Promise.resolve()
    for (const [index, batch] of batches.entries()) {
      const waited = performance.now()
      const taken = await next!
      next = index + 1 < batches.length ? readBatch(client, batches[index + 1]) : undefined
      const started = trace(login, 'fetched', waited, taken.length)
      const { results, release } = await takeIn(login, taken)
      trace(login, 'processed', started, taken.length)
      await bookkeeping
      for (const result of results) {
        if (result.status === 'fulfilled') outcomes[result.value.outcome]++
      }
      // Only what committed is marked; the position stops before the first failure.
      const committed = taken.filter((_, at) => results[at].status === 'fulfilled')
      const failed = results.findIndex((result) => result.status === 'rejected')
      const failure = failed === -1 ? null : (results[failed] as PromiseRejectedResult)
      const reached = Math.max(lastUid, failure ? taken[failed].uid - 1 : batch.at(-1)!)
      lastUid = reached
      bookkeeping = settleBatch(client, login, committed, release).then(() =>
        recordFetch(login.id, { uidValidity, lastUid: reached })
      )
      if (failure) {
        await bookkeeping
        throw failure.reason
      }
    }
    await bookkeeping
    if (!uids.length) await recordFetch(login.id, { uidValidity, lastUid })
    return outcomes
  } finally {
    lock.release()
  }
}

/**
 * The batch through the inbound pipeline; its acknowledgements and live announcements are
 * held back, for `release` once the batch is on disk.
 */
async function takeIn(login: MailboxLogin, taken: { source?: Buffer }[]) {
  const delivering = await holdingDeliveries(() =>
    holdingAnnouncements(() =>
      inConversationOrder(
        taken.map((message) => message.source!),
        (raw) =>
          receiveInboundEmail(raw, { kind: 'imap', mailboxId: login.id }, { durable: false }),
        CONCURRENCY
      )
    )
  )
  const announcing = delivering.result
  return {
    results: announcing.result,
    release: () => Promise.all([delivering.release(), announcing.release()]),
  }
}

/** One batch's sources, in UID order; a failure is answered when it is awaited. */
function readBatch(client: ImapFlow, uids: number[]) {
  const reading = client
    .fetchAll(uids.join(','), { source: true }, { uid: true })
    .then((messages) => messages.filter((message) => message.source).sort((a, b) => a.uid - b.uid))
  reading.catch(() => {})
  return reading
}

/**
 * A durable write flushes the write-ahead log, and with it the batch's commits; then its
 * messages are moved (or flagged), their deliveries queued and their changes announced.
 */
async function settleBatch(
  client: ImapFlow,
  login: MailboxLogin,
  committed: { uid: number }[],
  release: () => Promise<unknown>
) {
  if (!committed.length) return
  const started = performance.now()
  await countFetched(login.id, committed.length)
  await Promise.all([
    release(),
    markFetched(
      client,
      login,
      committed.map((message) => message.uid)
    ),
  ])
  trace(login, 'settled', started, committed.length)
}

/** LOG_LEVEL=debug: how long each phase of a pass took (where a fetch waits). */
function trace(login: MailboxLogin, phase: string, since: number, count: number) {
  const now = performance.now()
  logger.debug({ mailbox: login.id, phase, ms: Math.round(now - since), count }, 'imap fetch')
  return now
}

async function markFetched(client: ImapFlow, login: MailboxLogin, uids: number[]) {
  const range = uids.join(',')
  if (login.afterFetch === 'move') await client.messageMove(range, login.moveTo, { uid: true })
  else await client.messageFlagsAdd(range, ['\\Seen', FETCHED_KEYWORD], { uid: true })
}

async function ensureFolder(client: ImapFlow, path: string) {
  const folders = await client.list()
  if (!folders.some((folder) => folder.path === path)) await client.mailboxCreate(path)
}

export function emptyOutcomes(): FetchSummary['outcomes'] {
  return { created: 0, threaded: 0, duplicate: 0, ignored: 0, quarantined: 0 }
}

/** The server's own words where it gave some ("Authentication failed."). */
export function describeImapError(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  const detail = error as Error & { responseText?: string; code?: string }
  if (detail.responseText) return `${error.message}: ${detail.responseText}`
  if (detail.code && !error.message.includes(detail.code))
    return `${error.message} (${detail.code})`
  return error.message
}
