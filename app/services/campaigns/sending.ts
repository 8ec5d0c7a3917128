import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import mail from '@adonisjs/mail/services/main'
import env from '#start/env'
import Campaign from '#models/campaign'
import type CampaignVariant from '#models/campaign_variant'
import CampaignMail from '#mails/campaign_mail'
import SendCampaignMessages from '#jobs/send_campaign_messages'
import { smsTransport, SmsSendError } from '#sms/transport'
import { DomainError } from '#exceptions/domain_error'
import { audienceContactIds, getContacts, reachability } from '#services/contacts'
import { publicHostname, publicUrl, renderMarkdown } from '#services/platform'
import type { Actor } from '#services/accounts'
import { renderTemplate, replaceLinks, type TemplateContact } from '#services/campaigns/templates'
import { nextSendTime } from '#services/campaigns/quiet_hours'
import { sendingState } from '#services/campaigns/kill_switch'
import { campaignChanged } from '#services/campaigns/campaign_service'
import { addRecipients } from '#services/campaigns/recipients'
import { recordCampaignEvents } from '#services/campaigns/experiment_events'
import type { Channel } from '#services/campaigns/campaign_service'
import { linkToken } from '#services/campaigns/link_tokens'

/** Messages per second per channel (the providers' and our own limit). */
export function channelRate(channel: Channel) {
  return channel === 'sms'
    ? env.get('CAMPAIGN_SMS_PER_SECOND', 10)
    : env.get('CAMPAIGN_EMAIL_PER_SECOND', 20)
}

const maxAttempts = () => env.get('CAMPAIGN_MAX_ATTEMPTS', 6)

/** Retry delay after the n-th failed attempt: 30 s, 1 min, 2 min, … capped at 1 h. */
const backoffSeconds = (attempts: number) => Math.min(3600, 30 * 2 ** Math.max(0, attempts - 1))

/** Campaigns whose queued messages may go out (a draft's or a scheduled one's wait). */
const SENDING_STATUSES = `'sending', 'testing', 'waiting', 'sent'`

/** Advisory lock class of the per-channel sender (two-key form: this class, the channel). */
const SENDER_LOCK_CLASS = 0x43_41_4d_50
const CHANNEL_KEYS: Record<Channel, number> = { sms: 1, email: 2 }

/** Hands a channel's sending to the queue: one job per channel at a time (dedup). */
export async function wakeSender(channel: Channel, delayMs = 0) {
  try {
    const dispatch = SendCampaignMessages.dispatch({ channel }).dedup({
      id: `campaign-sender-${channel}`,
    })
    if (delayMs > 0) dispatch.in(delayMs)
    await dispatch.run()
  } catch (error) {
    // The sweep (every minute) wakes senders with due work anyway.
    logger.warn({ err: error, channel }, 'could not queue the campaign sender; the sweep will')
  }
}

/**
 * Starts a campaign: its recipients' messages are queued (at the scheduled time if one
 * is set), and a test-then-winner campaign sends to its test group only and decides
 * after the wait. Recipients of an audience are added first.
 */
export async function sendCampaign(campaign: Campaign, _actor: Actor) {
  if (campaign.status !== 'draft')
    throw new DomainError(
      `This campaign is ${campaign.status}: it was already sent.`,
      'already_sent',
      409
    )
  // An audience is resolved when the campaign goes out: who matches now receives it.
  if (campaign.audienceId)
    await addRecipients(campaign, await audienceContactIds(Number(campaign.audienceId)))
  const now = DateTime.now()
  const startAt = campaign.scheduledAt && campaign.scheduledAt > now ? campaign.scheduledAt : now
  const testing = campaign.mode === 'test_winner'
  // The recipients' messages are queued already: the campaign's status and start are what
  // let them go (the sender claims only campaigns that are sending), so no row is rewritten.
  campaign.merge({
    status: startAt > now ? 'scheduled' : testing ? 'testing' : 'sending',
    startedAt: startAt,
    testEndsAt: testing ? startAt.plus({ minutes: campaign.waitMinutes ?? 24 * 60 }) : null,
  })
  await campaign.save()
  const queued = await db
    .from('campaign_messages')
    .where({ campaign_id: campaign.id, status: 'queued' })
    .count('* as n')
    .first()
  await campaignChanged(campaign.id, 'sending')
  await wakeSender(campaign.channel as Channel, Math.max(0, startAt.diff(now).as('milliseconds')))
  return { queued: Number(queued.n), startsAt: startAt }
}

interface Claimed {
  id: number
  campaign_id: number
  contact_id: number
  variant_key: string
  /** The tracking token: signed from the id, or the one stored with an older message. */
  token: string
  attempts: number
}

/**
 * Sends a channel's due messages, at most `channelRate` a second, until none is due,
 * then asks the queue to come back when the next one is (a retry, quiet hours, a
 * schedule). One sender per channel in the whole deployment (an advisory lock), so the
 * rate holds across workers. Returns how many messages were handed to the provider.
 */
export async function sendDueMessages(channel: Channel, options: { maxSeconds?: number } = {}) {
  const guard = await db.transaction()
  let sent = 0
  try {
    const { rows } = await guard.rawQuery('SELECT pg_try_advisory_xact_lock(?, ?) AS locked', [
      SENDER_LOCK_CLASS,
      CHANNEL_KEYS[channel],
    ])
    if (!rows[0].locked) return 0
    const rate = channelRate(channel)
    const deadline = Date.now() + (options.maxSeconds ?? 55) * 1000
    while (Date.now() < deadline) {
      const state = await sendingState()
      if (state.paused) return sent
      await startScheduled(channel)
      const started = Date.now()
      const batch = await claimDue(channel, rate)
      if (batch.length === 0) break
      sent += await sendBatch(channel, batch)
      const wait = 1000 - (Date.now() - started)
      if (batch.length === rate && wait > 0) await new Promise((r) => setTimeout(r, wait))
    }
  } finally {
    await guard.commit()
  }
  await comeBackWhenDue(channel)
  return sent
}

/** Scheduled campaigns whose time has come are sending (or testing) now. */
async function startScheduled(channel: Channel) {
  const rows = await db
    .from('campaigns')
    .where({ channel, status: 'scheduled' })
    .where('started_at', '<=', new Date())
    .update({
      status: db.raw(`CASE WHEN mode = 'test_winner' THEN 'testing' ELSE 'sending' END`),
      updated_at: new Date(),
    })
    .returning('id')
  for (const row of rows) await campaignChanged(row.id, 'sending')
}

/**
 * Claims due messages: the row says `sending` before any provider call (never sent twice).
 * Campaign by campaign (the due index), so the queued rows of drafts and scheduled
 * campaigns are never read.
 */
async function claimDue(channel: Channel, limit: number): Promise<Claimed[]> {
  const { rows } = await db.rawQuery(
    `UPDATE campaign_messages m SET status = 'sending', claimed_at = now(), attempts = m.attempts + 1
      WHERE m.id IN (
        SELECT q.id FROM campaigns c CROSS JOIN LATERAL (
          SELECT q.id FROM campaign_messages q
           WHERE q.campaign_id = c.id AND q.status = 'queued'
             AND (q.send_after IS NULL OR q.send_after <= now())
           ORDER BY q.id LIMIT ? FOR UPDATE SKIP LOCKED) q
         WHERE c.channel = ? AND c.status IN (${SENDING_STATUSES})
         ORDER BY q.id LIMIT ?)
      RETURNING m.id, m.campaign_id, m.contact_id, m.variant_key, m.token, m.attempts`,
    [limit, channel, limit]
  )
  return rows.map((r: Claimed) => ({
    ...r,
    id: Number(r.id),
    contact_id: Number(r.contact_id),
    token: r.token ?? linkToken(Number(r.id)),
  }))
}

type Outcome =
  | { id: number; sent: string }
  | { id: number; skipped: string }
  | { id: number; later: Date }
  | { id: number; error: string; retryable: boolean; attempts: number }

/** Provider calls in flight at once per batch: a claimed batch can be thousands of messages, the pool 20 connections. */
const PROVIDER_CONCURRENCY = 16

/** A message ready for its provider call: the contact is reachable now. */
interface Ready {
  message: Claimed
  address: string
  variant: CampaignVariant
  values: TemplateContact
}

async function sendBatch(channel: Channel, batch: Claimed[]) {
  const contacts = await getContacts(batch.map((m) => m.contact_id))
  const campaigns = new Map<number, Campaign>()
  for (const id of new Set(batch.map((m) => m.campaign_id))) {
    campaigns.set(id, await Campaign.query().where('id', id).preload('variants').firstOrFail())
  }
  const outcomes: Outcome[] = []
  const ready: Ready[] = []
  for (const message of batch) {
    const contact = contacts.get(message.contact_id)
    if (!contact) {
      outcomes.push({ id: message.id, skipped: 'contact_deleted' })
      continue
    }
    const reach = reachability(contact, channel)
    if (!reach.ok) {
      outcomes.push({ id: message.id, skipped: reach.reason })
      continue
    }
    const campaign = campaigns.get(message.campaign_id)!
    if (channel === 'sms') {
      const at = nextSendTime(DateTime.now(), campaign.quietHours, contact.timeZone)
      if (at > DateTime.now()) {
        outcomes.push({ id: message.id, later: at.toJSDate() })
        continue
      }
    }
    ready.push({
      message,
      address: reach.address,
      variant: campaign.variants.find((v) => v.key === message.variant_key)!,
      values: {
        first_name: contact.firstName,
        last_name: contact.lastName,
        email: contact.email,
        phone: contact.phone,
        fields: contact.fields ?? {},
      },
    })
  }
  outcomes.push(
    ...(channel === 'sms' ? await sendSmsBatch(ready) : await sendEach(ready, sendEmail))
  )
  await recordOutcomes(batch, outcomes)
  for (const id of campaigns.keys()) await campaignChanged(id, 'messages')
  return outcomes.filter((o) => 'sent' in o).length
}

/** A failed provider call as an outcome: retried later unless the provider refused the message itself. */
function failure(message: Claimed, error: unknown): Outcome {
  const retryable = error instanceof SmsSendError ? error.retryable : true
  const reason = error instanceof Error ? error.message : String(error)
  return { id: message.id, error: reason.slice(0, 2000), retryable, attempts: message.attempts }
}

/** SMS: one call for the batch where the transport takes one (the outbox), else one call per message. */
async function sendSmsBatch(ready: Ready[]): Promise<Outcome[]> {
  const transport = smsTransport()
  const sms = (r: Ready) => ({
    to: r.address,
    body: smsBody(r.variant, r.values, r.message.token),
    statusCallbackUrl: publicUrl('/api/webhooks/twilio/status'),
  })
  if (!transport.sendMany || ready.length === 0)
    return sendEach(ready, async (r) => {
      const result = await transport.send(sms(r))
      return result.providerMessageId
    })
  try {
    const results = await transport.sendMany(ready.map(sms))
    return ready.map((r, i) => ({ id: r.message.id, sent: results[i].providerMessageId }))
  } catch (error) {
    return ready.map((r) => failure(r.message, error))
  }
}

/** One provider call per message, at most PROVIDER_CONCURRENCY at a time. */
async function sendEach(ready: Ready[], send: (r: Ready) => Promise<string>) {
  const outcomes: Outcome[] = []
  let next = 0
  const worker = async () => {
    while (next < ready.length) {
      const r = ready[next++]
      try {
        outcomes.push({ id: r.message.id, sent: await send(r) })
      } catch (error) {
        outcomes.push(failure(r.message, error))
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(PROVIDER_CONCURRENCY, ready.length) }, worker))
  return outcomes
}

/** The recipient's tracked link n (`/c/{token}/{n}`): clicks count once, bots filtered. */
const trackedLink = (token: string) => (index: number) => publicUrl(`/c/${token}/${index}`)

export function smsBody(variant: CampaignVariant, contact: TemplateContact, token: string) {
  return replaceLinks(renderTemplate(variant.body, contact), trackedLink(token))
}

export function emailParts(variant: CampaignVariant, contact: TemplateContact, token: string) {
  const markdown = replaceLinks(renderTemplate(variant.body, contact), trackedLink(token))
  const { html, text } = renderMarkdown(markdown, { linkUrls: true })
  return {
    subject: renderTemplate(variant.subject ?? '', contact),
    preheader: variant.preheader ? renderTemplate(variant.preheader, contact) : null,
    html,
    text,
  }
}

async function sendEmail({ address, variant, values, message }: Ready) {
  const parts = emailParts(variant, values, message.token)
  const messageId = `<campaign-${message.campaign_id}-${message.id}@${publicHostname()}>`
  const pixel = `<img src="${publicUrl(`/o/${message.token}.gif`)}" width="1" height="1" alt="">`
  await mail
    .use(env.get('MAIL_MAILER', 'outbox'))
    .send(new CampaignMail({ to: address, ...parts, html: `${parts.html}${pixel}`, messageId }))
  return messageId
}

/** One statement per kind of outcome; the sends become `sent` experiment events. */
async function recordOutcomes(batch: Claimed[], outcomes: Outcome[]) {
  const sent = outcomes.filter((o): o is { id: number; sent: string } => 'sent' in o)
  if (sent.length) {
    await db.rawQuery(
      `UPDATE campaign_messages m SET status = 'sent', sent_at = now(), provider_message_id = s.provider_id, last_error = NULL
         FROM unnest(?::bigint[], ?::text[]) AS s(id, provider_id) WHERE m.id = s.id`,
      [sent.map((o) => o.id), sent.map((o) => o.sent)]
    )
    const byId = new Map(batch.map((m) => [m.id, m]))
    await recordCampaignEvents(
      sent.map((o) => {
        const m = byId.get(o.id)!
        return {
          messageId: m.id,
          campaignId: m.campaign_id,
          contactId: m.contact_id,
          event: 'sent' as const,
          exposure: true,
        }
      })
    )
  }
  for (const outcome of outcomes) {
    if ('skipped' in outcome) {
      await db
        .from('campaign_messages')
        .where('id', outcome.id)
        .update({ status: 'skipped', skip_reason: outcome.skipped })
    } else if ('later' in outcome) {
      // Quiet hours: not an attempt.
      await db
        .from('campaign_messages')
        .where('id', outcome.id)
        .update({ status: 'queued', send_after: outcome.later, attempts: db.raw('attempts - 1') })
    } else if ('error' in outcome) {
      const final = !outcome.retryable || outcome.attempts >= maxAttempts()
      await db
        .from('campaign_messages')
        .where('id', outcome.id)
        .update({
          status: final ? 'failed' : 'queued',
          failed_at: final ? new Date() : null,
          send_after: final ? null : new Date(Date.now() + backoffSeconds(outcome.attempts) * 1000),
          last_error: outcome.error,
        })
    }
  }
}

/**
 * Queues the channel's sender again for its next due message, if any: a retry's or quiet
 * hours' `send_after`, a scheduled campaign's start.
 */
async function comeBackWhenDue(channel: Channel) {
  const state = await sendingState()
  if (state.paused) return
  const { rows } = await db.rawQuery(
    `SELECT greatest(now(), next) AS next FROM (
       SELECT min(CASE WHEN c.status = 'scheduled' THEN greatest(c.started_at, q.due) ELSE q.due END) AS next
         FROM campaigns c CROSS JOIN LATERAL (
           SELECT min(coalesce(q.send_after, '-infinity')) AS due FROM campaign_messages q
            WHERE q.campaign_id = c.id AND q.status = 'queued') q
        WHERE c.channel = ? AND c.status IN ('scheduled', ${SENDING_STATUSES})) d
      WHERE next IS NOT NULL`,
    [channel]
  )
  if (rows.length === 0) return
  await wakeSender(channel, Math.max(0, new Date(rows[0].next).getTime() - Date.now()))
}

/**
 * Every minute: messages whose sender was interrupted in the provider call (claimed,
 * never marked) are failed, not sent again (they may have gone out), and the senders of
 * channels with due work are woken (their job was lost).
 */
export async function sweepCampaignSending() {
  await db
    .from('campaign_messages')
    .where('status', 'sending')
    .where('claimed_at', '<', new Date(Date.now() - 10 * 60_000))
    .update({
      status: 'failed',
      failed_at: new Date(),
      last_error:
        'Interrupted during the provider call: not sent again, since it may have gone out.',
    })
  for (const channel of ['sms', 'email'] as const) await comeBackWhenDue(channel)
}
