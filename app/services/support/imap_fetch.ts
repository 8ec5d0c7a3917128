import { ImapFlow } from 'imapflow'
import { inConversationOrder } from '#services/support/conversation_order'
import { receiveInboundEmail, type InboundResult } from '#services/support/inbound_email'
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

export function imapClient(login: MailboxLogin) {
  return new ImapFlow({
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

/** Takes every message after the last UID, in order, over a connected client. */
export async function takeNewMessages(
  client: ImapFlow,
  login: MailboxLogin,
  outcomes = emptyOutcomes()
) {
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
    for (let start = 0; start < uids.length; start += BATCH) {
      const batch = uids.slice(start, start + BATCH)
      const messages = await client.fetchAll(batch.join(','), { source: true }, { uid: true })
      const taken = messages.filter((message) => message.source).sort((a, b) => a.uid - b.uid)
      const results = await inConversationOrder(
        taken.map((message) => message.source!),
        (raw) =>
          receiveInboundEmail(raw, { kind: 'imap', mailboxId: login.id }, { durable: false }),
        CONCURRENCY
      )
      // Only what committed is marked; the position stops before the first failure.
      const committed = taken.filter((_, index) => results[index].status === 'fulfilled')
      for (const result of results) {
        if (result.status === 'fulfilled') outcomes[result.value.outcome]++
      }
      if (committed.length) {
        // A durable write flushes the write-ahead log, and with it the batch's commits.
        await countFetched(login.id, committed.length)
        await markFetched(
          client,
          login,
          committed.map((message) => message.uid)
        )
      }
      const failed = results.findIndex((result) => result.status === 'rejected')
      const failure = failed === -1 ? null : (results[failed] as PromiseRejectedResult)
      const reached = failure ? taken[failed].uid - 1 : batch.at(-1)!
      lastUid = Math.max(lastUid, reached)
      await recordFetch(login.id, { uidValidity, lastUid })
      if (failure) throw failure.reason
    }
    if (!uids.length) await recordFetch(login.id, { uidValidity, lastUid })
    return outcomes
  } finally {
    lock.release()
  }
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
