import encryption from '@adonisjs/core/services/encryption'
import db from '@adonisjs/lucid/services/db'
import { DomainError } from '#exceptions/domain_error'

/**
 * The IMAP mailboxes an admin configured. The password is encrypted with the app key on
 * the way in and decrypted only to log in; pages never see it. The fetch position
 * (UIDVALIDITY, last UID) and the last error are written by the fetcher
 * (support/imap_fetch.ts).
 */
export interface MailboxSettings {
  name: string
  host: string
  port: number
  tls: boolean
  username: string
  /** Left out on an edit: the stored one is kept. */
  password?: string
  folder: string
  afterFetch: 'move' | 'flag'
  moveTo: string
  enabled: boolean
}

export interface Mailbox extends Omit<MailboxSettings, 'password'> {
  id: number
  uidValidity: string | null
  lastUid: number
  fetchedCount: number
  lastError: string | null
  lastErrorAt: Date | null
  lastFetchedAt: Date | null
  updatedAt: Date
}

/** What the fetcher needs to log in. */
export interface MailboxLogin extends Mailbox {
  password: string
}

export async function listMailboxes(): Promise<Mailbox[]> {
  const rows = await db.from('support_mailboxes').orderBy('name')
  return rows.map(toMailbox)
}

export async function getMailbox(id: number): Promise<Mailbox> {
  const row = await db.from('support_mailboxes').where('id', id).first()
  if (!row) throw new DomainError('That mailbox does not exist.', 'not_found', 404)
  return toMailbox(row)
}

export async function mailboxLogin(id: number): Promise<MailboxLogin> {
  const row = await db.from('support_mailboxes').where('id', id).first()
  if (!row) throw new DomainError('That mailbox does not exist.', 'not_found', 404)
  const password = encryption.decrypt<string>(row.password_encrypted)
  if (password === null) {
    throw new DomainError(
      'The mailbox password cannot be read (was APP_KEY changed?): enter it again.'
    )
  }
  return { ...toMailbox(row), password }
}

export async function createMailbox(settings: MailboxSettings): Promise<Mailbox> {
  if (!settings.password) throw new DomainError('A new mailbox needs its password.', 'password')
  await assertNameFree(settings.name)
  const now = new Date()
  const [row] = await db
    .table('support_mailboxes')
    .insert({ ...columns(settings), created_at: now, updated_at: now })
    .returning('*')
  return toMailbox(row)
}

export async function updateMailbox(id: number, settings: MailboxSettings): Promise<Mailbox> {
  const before = await getMailbox(id)
  await assertNameFree(settings.name, id)
  const changes: Record<string, unknown> = { ...columns(settings), updated_at: new Date() }
  // Another server or folder has other UIDs: start from its beginning.
  if (
    before.host !== settings.host ||
    before.port !== settings.port ||
    before.username !== settings.username ||
    before.folder !== settings.folder
  ) {
    Object.assign(changes, { uid_validity: null, last_uid: 0 })
  }
  const [row] = await db.from('support_mailboxes').where('id', id).update(changes).returning('*')
  return toMailbox(row)
}

export async function deleteMailbox(id: number) {
  const deleted = await db.from('support_mailboxes').where('id', id).delete()
  if (!deleted) throw new DomainError('That mailbox does not exist.', 'not_found', 404)
}

/** The fetcher's bookkeeping: where it got to, and how the last attempt ended. */
export async function recordFetch(
  id: number,
  outcome: { uidValidity: string; lastUid: number } | { error: string }
) {
  const now = new Date()
  if ('error' in outcome) {
    await db
      .from('support_mailboxes')
      .where('id', id)
      .update({ last_error: outcome.error.slice(0, 2000), last_error_at: now })
    return
  }
  await db.from('support_mailboxes').where('id', id).update({
    uid_validity: outcome.uidValidity,
    last_uid: outcome.lastUid,
    last_error: null,
    last_error_at: null,
    last_fetched_at: now,
  })
}

/** Counts messages taken in; a durable commit (see receiveInboundEmail's `durable`). */
export async function countFetched(id: number, fetched: number) {
  await db
    .from('support_mailboxes')
    .where('id', id)
    .update({ fetched_count: db.raw('fetched_count + ?', [fetched]) })
}

function columns(settings: MailboxSettings) {
  return {
    name: settings.name,
    host: settings.host,
    port: settings.port,
    tls: settings.tls,
    username: settings.username,
    folder: settings.folder,
    after_fetch: settings.afterFetch,
    move_to: settings.moveTo,
    enabled: settings.enabled,
    ...(settings.password ? { password_encrypted: encryption.encrypt(settings.password) } : {}),
  }
}

async function assertNameFree(name: string, exceptId?: number) {
  const query = db.from('support_mailboxes').whereRaw('lower(name) = lower(?)', [name])
  if (exceptId) query.whereNot('id', exceptId)
  if (await query.first()) {
    throw new DomainError('Another mailbox has that name.', 'name')
  }
}

function toMailbox(row: Record<string, any>): Mailbox {
  return {
    id: row.id,
    name: row.name,
    host: row.host,
    port: row.port,
    tls: row.tls,
    username: row.username,
    folder: row.folder,
    afterFetch: row.after_fetch,
    moveTo: row.move_to,
    enabled: row.enabled,
    uidValidity: row.uid_validity === null ? null : String(row.uid_validity),
    lastUid: Number(row.last_uid),
    fetchedCount: row.fetched_count,
    lastError: row.last_error,
    lastErrorAt: row.last_error_at,
    lastFetchedAt: row.last_fetched_at,
    updatedAt: row.updated_at,
  }
}
