import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import env from '#start/env'
import type { ContactReplied } from '#events/contact_events'
import { ENGAGEMENT_COLUMNS, type Engagement } from '#services/campaigns/campaign_events'
import { recordCampaignEvents, type MessageEvent } from '#services/campaigns/experiment_events'
import { classifyReply, replyRules } from '#services/campaigns/reply_rules'
import { linksIn } from '#services/campaigns/templates'
import { parseLinkToken } from '#services/campaigns/link_tokens'
import { campaignChanged, campaignChangedOften } from '#services/campaigns/campaign_service'
import { MicroBatch } from '#services/platform'

interface Marked {
  id: number
  campaign_id: number
  contact_id: number
  provider_message_id: string | null
  experiment_id: number
}

/**
 * Sets an engagement's time on messages that do not have it yet and returns those: a
 * repeat (a duplicate callback, a second click) matches nothing and counts nowhere.
 * Concurrent writers are serialised by the row lock of the UPDATE.
 */
async function mark(
  where: { ids?: number[]; tokens?: string[]; providerIds?: string[] },
  engagement: Engagement,
  at: Date,
  extra: Record<string, unknown> = {},
  client: { rawQuery: TransactionClientContract['rawQuery'] } = db
): Promise<Marked[]> {
  const column = ENGAGEMENT_COLUMNS[engagement]
  const sets = Object.keys(extra)
    .map((key) => `, ${key} = ?`)
    .join('')
  const [filter, values] = where.ids
    ? ['m.id = ANY(?::bigint[])', where.ids]
    : where.tokens
      ? ['m.token = ANY(?::text[])', where.tokens]
      : ['m.provider_message_id = ANY(?::text[])', where.providerIds!]
  // The campaign's experiment comes along: its events need no second read.
  const { rows } = await client.rawQuery(
    `UPDATE campaign_messages m SET ${column} = ?${sets} FROM campaigns c
      WHERE c.id = m.campaign_id AND ${filter} AND m.${column} IS NULL AND m.sent_at IS NOT NULL
      RETURNING m.id, m.campaign_id, m.contact_id, m.provider_message_id, c.experiment_id`,
    [at, ...(Object.values(extra) as string[]), values] as any[]
  )
  return rows.map((r: Marked) => ({
    id: Number(r.id),
    campaign_id: Number(r.campaign_id),
    contact_id: Number(r.contact_id),
    provider_message_id: r.provider_message_id,
    experiment_id: Number(r.experiment_id),
  }))
}

const messageEvents = (marked: Marked[], event: MessageEvent['event'], at: Date) =>
  marked.map((m) => ({
    messageId: m.id,
    campaignId: m.campaign_id,
    contactId: m.contact_id,
    experimentId: m.experiment_id,
    event,
    occurredAt: at,
  }))

const campaignsOf = (marked: Marked[]) => [...new Set(marked.map((m) => m.campaign_id))]

async function recorded(marked: Marked[], event: MessageEvent['event'], at: Date) {
  // The experiment's events and the live messages at once: the caller waits for the
  // longer of the two, not for both in a row.
  await Promise.all([
    recordCampaignEvents(messageEvents(marked, event, at)),
    ...campaignsOf(marked).map((id) => campaignChanged(id, event)),
  ])
  return marked.length
}

/**
 * Concurrent delivery callbacks (they come in bursts after a send) become one UPDATE and
 * one round of experiment events (live messages every few seconds); each request still
 * answers once its row is stored. True for the ids that counted (a repeat, even in the same batch, does not).
 */
const deliveries = new MicroBatch<string, boolean>(
  async (providerIds) => {
    const at = new Date()
    const marked = await mark({ providerIds }, 'delivered', at, { status: 'delivered' })
    await recordCampaignEvents(messageEvents(marked, 'delivered', at))
    for (const id of campaignsOf(marked)) campaignChangedOften(id, 'delivered')
    const counted = new Set(marked.map((m) => m.provider_message_id))
    return providerIds.map((id) => counted.delete(id))
  },
  { maxItems: 500, maxInFlight: 2 }
)

/**
 * A provider's delivery status (Twilio's status callback, OpenPhone's delivery events):
 * `delivered` counts once; `failed`/`undelivered` fail the message with the provider's
 * error. Unknown message ids are ignored (another app's messages). Returns whether it counted.
 */
export async function recordDeliveryStatus(
  providerMessageId: string,
  status: string,
  error?: string | null
) {
  if (status === 'delivered') return deliveries.add(providerMessageId)
  const at = new Date()
  if (status === 'failed' || status === 'undelivered') {
    const rows = await db
      .from('campaign_messages')
      .where('provider_message_id', providerMessageId)
      .whereNull('failed_at')
      .update({
        status: 'failed',
        failed_at: at,
        last_error: error || `The provider reported: ${status}`,
      })
      .returning('campaign_id')
    for (const row of rows) await campaignChanged(Number(row.campaign_id), 'failed')
    return rows.length > 0
  }
  return false
}

/** The message a tracking token names, as `mark` takes it (null: malformed or forged). */
function byToken(token: string): { ids: number[] } | { tokens: string[] } | null {
  const parsed = parseLinkToken(token)
  if (!parsed) return null
  return 'id' in parsed ? { ids: [parsed.id] } : { tokens: [parsed.stored] }
}

/** The open pixel of an email (mail privacy proxies fetch it too: opens are inflated). */
export async function recordOpen(token: string) {
  const where = byToken(token)
  if (!where) return false
  const at = new Date()
  return (await recorded(await mark(where, 'open', at), 'open', at)) > 0
}

const SCANNERS =
  /bot|crawler|spider|preview|scanner|proofpoint|mimecast|barracuda|safelinks|slackbot|facebookexternalhit|whatsapp|headless|python-requests|curl|wget|go-http-client|microsoft office|outlook-ios|skypeuripreview/i

/** Why a click is not a person's, or null when it counts. */
export function botClickReason(
  method: string,
  userAgent: string | undefined,
  secondsSinceDelivery: number | null
) {
  if (method === 'HEAD') return 'head_request'
  if (!userAgent || SCANNERS.test(userAgent)) return 'scanner_user_agent'
  if (secondsSinceDelivery !== null && secondsSinceDelivery < 1) return 'too_soon_after_delivery'
  return null
}

/**
 * A click on a recipient's short link `/c/{token}/{n}`: the address to send the visitor
 * to (the n-th link of the variant), counting the click once unless a bot made it.
 */
export async function recordClick(
  token: string,
  index: number,
  request: { method: string; userAgent?: string }
) {
  const where = byToken(token)
  if (!where) return null
  const message = await db
    .from('campaign_messages as m')
    .join('campaign_variants as v', (join) =>
      join.on('v.campaign_id', 'm.campaign_id').andOn('v.key', 'm.variant_key')
    )
    .where('ids' in where ? { 'm.id': where.ids[0] } : { 'm.token': where.tokens[0] })
    .select('m.id', 'm.sent_at', 'm.delivered_at', 'v.body')
    .first()
  if (!message) return null
  const target = linksIn(message.body)[index]
  if (!target) return null
  const deliveredAt = message.delivered_at ?? message.sent_at
  const seconds = deliveredAt ? (Date.now() - new Date(deliveredAt).getTime()) / 1000 : null
  const bot = botClickReason(request.method, request.userAgent, seconds)
  if (!bot) {
    const at = new Date()
    await recorded(await mark({ ids: [Number(message.id)] }, 'click', at), 'click', at)
  }
  return { target, counted: !bot, bot }
}

/**
 * A contact's reply (the ContactReplied event, in the writer's transaction): attributed
 * to the campaign message most recently sent to them on that channel within
 * CAMPAIGN_REPLY_WINDOW_HOURS, classified by the reply rules. STOP is an opt-out (the
 * guardrail) and a negative reply; START is neutral: neither is ever positive. The
 * provider message id makes a repeated webhook count once (it is published once).
 */
export async function attributeReply(event: ContactReplied) {
  const hours = env.get('CAMPAIGN_REPLY_WINDOW_HOURS', 72)
  const { rows } = await event.trx.rawQuery(
    `SELECT m.id FROM campaign_messages m JOIN campaigns c ON c.id = m.campaign_id
      WHERE m.contact_id = ? AND c.channel = ? AND m.sent_at >= ?
      ORDER BY m.sent_at DESC, m.id DESC LIMIT 1`,
    [event.contactId, event.channel, new Date(event.receivedAt.toMillis() - hours * 3600_000)]
  )
  if (!rows.length) return
  const id = Number(rows[0].id)
  const at = event.receivedAt.toJSDate()
  const replyClass =
    event.keyword === 'stop'
      ? 'negative'
      : event.keyword === 'start'
        ? 'neutral'
        : classifyReply(event.body, await replyRules())
  const replied = await mark({ ids: [id] }, 'reply', at, { reply_class: replyClass }, event.trx)
  const optedOut =
    event.keyword === 'stop' ? await mark({ ids: [id] }, 'opt_out', at, {}, event.trx) : []
  // The experiment's events are written once the reply is stored (after its commit).
  const events: MessageEvent[] = [
    ...replied.map((m) => ({
      messageId: m.id,
      campaignId: m.campaign_id,
      contactId: m.contact_id,
      event: 'reply' as const,
      occurredAt: at,
    })),
    ...(replyClass === 'positive'
      ? replied.map((m) => ({
          messageId: m.id,
          campaignId: m.campaign_id,
          contactId: m.contact_id,
          event: 'positive_reply' as const,
          occurredAt: at,
        }))
      : []),
    ...optedOut.map((m) => ({
      messageId: m.id,
      campaignId: m.campaign_id,
      contactId: m.contact_id,
      event: 'opt_out' as const,
      occurredAt: at,
    })),
  ]
  if (events.length) {
    event.trx.after('commit', () => {
      void recordCampaignEvents(events)
        .then(() => campaignChanged(events[0].campaignId, 'reply'))
        .catch(() => {})
    })
  }
}

/**
 * A conversion reported through the API for a contact: attributed to the campaign message
 * most recently sent to them (of `campaignId` when given) within
 * CAMPAIGN_CONVERSION_WINDOW_HOURS; counted once per message.
 */
export async function recordConversion(
  contactId: number,
  options: { campaignId?: number; at?: Date } = {}
) {
  const at = options.at ?? new Date()
  const hours = env.get('CAMPAIGN_CONVERSION_WINDOW_HOURS', 168)
  const query = db
    .from('campaign_messages')
    .where('contact_id', contactId)
    .whereNotNull('sent_at')
    .where('sent_at', '<=', at)
    .where('sent_at', '>=', new Date(at.getTime() - hours * 3600_000))
    .orderBy('sent_at', 'desc')
    .select('id', 'campaign_id')
  if (options.campaignId) query.where('campaign_id', options.campaignId)
  const message = await query.first()
  if (!message) return { counted: false, reason: 'no_campaign_message_in_window' as const }
  const marked = await mark({ ids: [Number(message.id)] }, 'conversion', at)
  await recorded(marked, 'conversion', at)
  return marked.length
    ? { counted: true, campaignId: Number(message.campaign_id) }
    : { counted: false, reason: 'duplicate' as const, campaignId: Number(message.campaign_id) }
}
