/**
 * Referral tracking: links (one per invite) and the steps of their funnel, and growth
 * subjects. Every write is idempotent: repeating a request changes nothing and answers
 * "duplicate". Steps keep their order, sent ≤ clicked ≤ signed up ≤ first value: a step
 * dated before an earlier recorded step is refused, never stored out of order. A sign-up
 * without a recorded click is fine (the invitee typed the link, or the click was lost) and
 * counts as a conversion. Rollups follow in the same transaction (database triggers).
 */
import { randomBytes } from 'node:crypto'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { DomainError } from '#exceptions/domain_error'
import { growthChanged } from '#services/growth/cache'

export interface LinkRow {
  id: number
  token: string
  referrer_id: string
  source_loop: string
  invitee_email: string | null
  destination_url: string | null
  sent_at: Date
  clicked_at: Date | null
  signed_up_at: Date | null
  invitee_id: string | null
  first_value_at: Date | null
}

export type WriteStatus = 'created' | 'recorded' | 'duplicate' | 'ignored'

export interface LinkInput {
  referrerId: string
  loop: string
  token?: string
  inviteeEmail?: string
  destinationUrl?: string
  sentAt?: Date
  idempotencyKey?: string
}

/** How far a client clock may run ahead before a time counts as "in the future". */
const CLOCK_SKEW_MS = 5 * 60_000

function notInFuture(field: string, at: Date) {
  if (at.getTime() > Date.now() + CLOCK_SKEW_MS) {
    throw invalid(field, `The ${field} is in the future`)
  }
}

function invalid(field: string, message: string, reason = 'validation_failed') {
  return new DomainError('The request has invalid fields.', reason, 422, {
    fields: [{ field, message }],
  })
}

const unknownToken = () => new DomainError('No referral link has this token.', 'unknown_token', 404)

function newToken() {
  return randomBytes(12).toString('base64url')
}

/**
 * Creates the link of an invite (201 "created"). The same idempotency key, or the same
 * token for the same referrer and loop, returns the stored link ("duplicate").
 */
export async function createLink(input: LinkInput) {
  const sentAt = input.sentAt ?? new Date()
  notInFuture('sentAt', sentAt)
  const { rows } = await db.rawQuery(
    `INSERT INTO referral_links
       (token, referrer_id, source_loop, invitee_email, destination_url, idempotency_key, sent_at)
     VALUES (:token, :referrerId, :loop, :inviteeEmail, :destinationUrl, :idempotencyKey, :sentAt)
     ON CONFLICT DO NOTHING
     RETURNING *`,
    {
      token: input.token ?? newToken(),
      referrerId: input.referrerId,
      loop: input.loop,
      inviteeEmail: input.inviteeEmail ?? null,
      destinationUrl: input.destinationUrl ?? null,
      idempotencyKey: input.idempotencyKey ?? null,
      sentAt,
    }
  )
  if (rows.length) {
    growthChanged()
    return { status: 'created' as WriteStatus, link: rows[0] as LinkRow }
  }
  const existing = await db
    .from('referral_links')
    .where((query) => {
      if (input.token) query.orWhere('token', input.token)
      if (input.idempotencyKey) query.orWhere('idempotency_key', input.idempotencyKey)
    })
    .first()
  const same =
    existing &&
    existing.referrer_id === input.referrerId &&
    existing.source_loop === input.loop &&
    (!input.token || existing.token === input.token)
  if (!same) {
    throw new DomainError(
      input.idempotencyKey && existing?.idempotency_key === input.idempotencyKey
        ? 'This idempotency key was used for a different invite.'
        : 'This token belongs to another invite.',
      'conflict',
      409
    )
  }
  return { status: 'duplicate' as WriteStatus, link: existing as LinkRow }
}

export async function findLink(token: string) {
  return ((await db.from('referral_links').where('token', token).first()) as LinkRow) ?? null
}

/** Locks the link for one step; unknown tokens are a 404. */
async function step<T>(
  token: string,
  apply: (link: LinkRow, trx: TransactionClientContract) => Promise<T>
) {
  const result = await db.transaction(async (trx) => {
    const { rows } = await trx.rawQuery('SELECT * FROM referral_links WHERE token = ? FOR UPDATE', [
      token,
    ])
    if (!rows.length) throw unknownToken()
    return apply(rows[0], trx)
  })
  return result
}

async function update(
  trx: TransactionClientContract,
  id: number,
  values: Record<string, Date | string>
) {
  const { rows } = await trx.rawQuery(
    `UPDATE referral_links SET ${Object.keys(values)
      .map((column) => `${column} = ?`)
      .join(', ')}, updated_at = now() WHERE id = ? RETURNING *`,
    [...Object.values(values), id]
  )
  return rows[0] as LinkRow
}

const before = (at: Date, stage: Date | null) => stage !== null && at < stage

/**
 * The invitee opened the link. Only the first click counts; a click after the sign-up
 * (the invitee came back through the link) changes nothing ("ignored").
 */
export async function recordClick(token: string, at = new Date()) {
  notInFuture('occurredAt', at)
  const result = await step(token, async (link, trx) => {
    if (before(at, link.sent_at)) {
      throw invalid('occurredAt', 'The click is dated before the invite was sent', 'out_of_order')
    }
    if (link.clicked_at) return { status: 'duplicate' as WriteStatus, link }
    if (link.signed_up_at && at > link.signed_up_at)
      return { status: 'ignored' as WriteStatus, link }
    return {
      status: 'recorded' as WriteStatus,
      link: await update(trx, link.id, { clicked_at: at }),
    }
  })
  if (result.status === 'recorded') growthChanged()
  return result
}

/**
 * The invitee signed up as `inviteeId`: the invite converted. The invitee becomes a growth
 * subject referred by the link's referrer (or, already known without a referrer, gets one).
 */
export async function recordSignup(token: string, inviteeId: string, at = new Date()) {
  notInFuture('occurredAt', at)
  const result = await step(token, async (link, trx) => {
    if (link.signed_up_at) {
      if (link.invitee_id === inviteeId) return { status: 'duplicate' as WriteStatus, link }
      throw new DomainError('Another invitee already signed up with this link.', 'conflict', 409)
    }
    if (before(at, link.sent_at)) {
      throw invalid('occurredAt', 'The sign-up is dated before the invite was sent', 'out_of_order')
    }
    if (before(at, link.clicked_at)) {
      throw invalid('occurredAt', 'The sign-up is dated before the recorded click', 'out_of_order')
    }
    if (inviteeId === link.referrer_id) {
      throw invalid('inviteeId', 'A referrer cannot sign up through their own invite')
    }
    const alreadyReferred = () =>
      new DomainError(
        'This invitee already signed up through another invite.',
        'already_referred',
        409
      )
    const { rows: referred } = await trx.rawQuery(
      'SELECT 1 FROM growth_subjects WHERE subject_id = ? AND referral_link_id IS NOT NULL',
      [inviteeId]
    )
    if (referred.length) throw alreadyReferred()
    // The unique index on invitee_id settles two sign-ups of one invitee at the same time.
    const updated = await update(trx, link.id, { signed_up_at: at, invitee_id: inviteeId }).catch(
      (error) => {
        throw error?.code === '23505' ? alreadyReferred() : error
      }
    )
    await trx.rawQuery(
      `INSERT INTO growth_subjects (subject_id, signed_up_at, referred_by, referral_link_id)
       VALUES (:inviteeId, :at, :referrerId, :linkId)
       ON CONFLICT (subject_id) DO UPDATE
         SET referred_by = EXCLUDED.referred_by, referral_link_id = EXCLUDED.referral_link_id`,
      { inviteeId, at, referrerId: link.referrer_id, linkId: link.id }
    )
    return { status: 'recorded' as WriteStatus, link: updated }
  })
  if (result.status === 'recorded') growthChanged()
  return result
}

/** The invitee reached the product's first value moment (after signing up). */
export async function recordFirstValue(token: string, at = new Date()) {
  notInFuture('occurredAt', at)
  const result = await step(token, async (link, trx) => {
    if (!link.signed_up_at) {
      throw new DomainError(
        'Record the sign-up before the first value moment.',
        'not_signed_up',
        409
      )
    }
    if (link.first_value_at) return { status: 'duplicate' as WriteStatus, link }
    if (before(at, link.signed_up_at)) {
      throw invalid(
        'occurredAt',
        'The first value moment is dated before the sign-up',
        'out_of_order'
      )
    }
    return {
      status: 'recorded' as WriteStatus,
      link: await update(trx, link.id, { first_value_at: at }),
    }
  })
  if (result.status === 'recorded') growthChanged()
  return result
}

export interface SubjectInput {
  subjectId: string
  signedUpAt?: Date
  referredBy?: string
}

/** A user of the host product (cohorts count them by sign-up week). The first write wins. */
export async function registerSubject(input: SubjectInput) {
  const signedUpAt = input.signedUpAt ?? new Date()
  notInFuture('signedUpAt', signedUpAt)
  const { rows } = await db.rawQuery(
    `INSERT INTO growth_subjects (subject_id, signed_up_at, referred_by) VALUES (?, ?, ?)
     ON CONFLICT (subject_id) DO NOTHING RETURNING *`,
    [input.subjectId, signedUpAt, input.referredBy ?? null]
  )
  if (rows.length) {
    growthChanged()
    return { status: 'created' as WriteStatus, subject: rows[0] }
  }
  const subject = await db.from('growth_subjects').where('subject_id', input.subjectId).first()
  return { status: 'duplicate' as WriteStatus, subject }
}
