import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { errors as vineErrors } from '@vinejs/vine'
import Campaign from '#models/campaign'
import type { WinnerDecision } from '#models/campaign'
import { DomainError } from '#exceptions/domain_error'
import { actorLabel, SYSTEM_ACTOR, type Actor } from '#services/accounts'
import { auditExperiment } from '#services/experiments'
import { campaignChanged, type Channel } from '#services/campaigns/campaign_service'
import { campaignSignificance, type Significance } from '#services/campaigns/significance'
import { wakeSender } from '#services/campaigns/sending'
import type { WinnerMetric } from '#services/campaigns/campaign_events'

export interface VariantResults {
  key: string
  recipients: number
  queued: number
  messagesSent: number
  delivered: number
  failed: number
  skipped: number
  opens: number
  clicks: number
  responses: number
  positiveResponses: number
  conversions: number
  optOuts: number
  openRate: number
  clickRate: number
  responseRate: number
  conversionRate: number
  optOutRate: number
  deliveryRate: number
}

export interface CampaignResults {
  variants: VariantResults[]
  /** Recipients of a test-then-winner campaign still waiting for the winner. */
  waitingForWinner: number
  metric: WinnerMetric
  significance: Significance
  /** The decided winner (automatic or manual), else the analysis' suggestion. */
  winner: string | null
  decision: WinnerDecision | null
}

const ratio = (part: number, whole: number) => (whole === 0 ? 0 : part / whole)

const SUCCESSES: Record<WinnerMetric, keyof VariantResults> = {
  open: 'opens',
  click: 'clicks',
  reply: 'responses',
  conversion: 'conversions',
}

/**
 * Per variant, in one aggregate over the campaign's message rows (rates over messages
 * sent, 0 when none were), and the significance of the winner metric.
 */
export async function campaignResults(campaign: Campaign): Promise<CampaignResults> {
  const { rows } = await db.rawQuery(
    `SELECT variant_key AS key, count(*)::int AS recipients,
            count(*) FILTER (WHERE status = 'queued')::int AS queued,
            count(sent_at)::int AS sent, count(delivered_at)::int AS delivered,
            count(*) FILTER (WHERE status = 'failed')::int AS failed,
            count(*) FILTER (WHERE status = 'skipped')::int AS skipped,
            count(opened_at)::int AS opens, count(clicked_at)::int AS clicks,
            count(replied_at)::int AS responses,
            count(*) FILTER (WHERE reply_class = 'positive')::int AS positive,
            count(converted_at)::int AS conversions, count(opted_out_at)::int AS opt_outs
       FROM campaign_messages WHERE campaign_id = ? GROUP BY variant_key`,
    [campaign.id]
  )
  const byKey = new Map<string | null, any>(rows.map((row: any) => [row.key, row]))
  const variants = campaign.variants.map((variant): VariantResults => {
    const row = byKey.get(variant.key) ?? {}
    const n = (field: string) => Number(row[field] ?? 0)
    const sent = n('sent')
    return {
      key: variant.key,
      recipients: n('recipients'),
      queued: n('queued'),
      messagesSent: sent,
      delivered: n('delivered'),
      failed: n('failed'),
      skipped: n('skipped'),
      opens: n('opens'),
      clicks: n('clicks'),
      responses: n('responses'),
      positiveResponses: n('positive'),
      conversions: n('conversions'),
      optOuts: n('opt_outs'),
      openRate: ratio(n('opens'), sent),
      clickRate: ratio(n('clicks'), sent),
      responseRate: ratio(n('responses'), sent),
      conversionRate: ratio(n('conversions'), sent),
      optOutRate: ratio(n('opt_outs'), sent),
      deliveryRate: ratio(n('delivered'), sent),
    }
  })
  const metric = campaign.winnerMetric as WinnerMetric
  const significance = campaignSignificance(
    variants.map((v) => ({
      key: v.key,
      n: v.messagesSent,
      successes: v[SUCCESSES[metric]] as number,
    })),
    campaign.minSampleSize,
    campaign.winnerThreshold
  )
  return {
    variants,
    waitingForWinner: Number(byKey.get(null)?.recipients ?? 0),
    metric,
    significance,
    winner: campaign.winnerKey ?? significance.winner,
    decision: campaign.winner,
  }
}

/**
 * Daily counts per variant from `from` to `to` (UTC days, every day present, zeros
 * included) and their running totals.
 */
export async function campaignSeries(campaign: Campaign, from: DateTime, to: DateTime) {
  const { rows } = await db.rawQuery(
    `WITH days AS (SELECT generate_series(?::date, ?::date, interval '1 day')::date AS day),
          events AS (
            SELECT variant_key, kind, (at AT TIME ZONE 'UTC')::date AS day
              FROM campaign_messages m,
                   LATERAL (VALUES ('sent', m.sent_at), ('delivered', m.delivered_at), ('open', m.opened_at),
                                   ('click', m.clicked_at), ('reply', m.replied_at), ('conversion', m.converted_at),
                                   ('opt_out', m.opted_out_at)) AS e(kind, at)
             WHERE m.campaign_id = ? AND at IS NOT NULL AND m.variant_key IS NOT NULL)
     SELECT d.day::text AS day, e.variant_key, e.kind, count(e.kind)::int AS n
       FROM days d LEFT JOIN events e ON e.day = d.day
      GROUP BY d.day, e.variant_key, e.kind ORDER BY d.day`,
    [from.toISODate(), to.toISODate(), campaign.id]
  )
  const kinds = ['sent', 'delivered', 'open', 'click', 'reply', 'conversion', 'opt_out'] as const
  type Counts = Record<(typeof kinds)[number], number>
  const zero = (): Counts => Object.fromEntries(kinds.map((k) => [k, 0])) as Counts
  const days = [...new Set(rows.map((r: any) => r.day as string))] as string[]
  return campaign.variants.map((variant) => {
    const running = zero()
    const daily = days.map((day) => {
      const counts = zero()
      for (const row of rows)
        if (row.day === day && row.variant_key === variant.key)
          counts[row.kind as keyof Counts] = row.n
      for (const kind of kinds) running[kind] += counts[kind]
      return { day, ...counts }
    })
    let total = zero()
    const cumulative = daily.map(({ day, ...counts }) => {
      total = Object.fromEntries(kinds.map((k) => [k, total[k] + counts[k]])) as Counts
      return { day, ...total }
    })
    return { variant: variant.key, daily, cumulative }
  })
}

/** Stores the winner and, in the same transaction, an entry in its experiment's audit log. */
async function storeWinner(
  campaign: Campaign,
  key: string,
  decision: WinnerDecision,
  actor: Actor = SYSTEM_ACTOR
) {
  campaign.merge({ winnerKey: key, winner: decision })
  if (campaign.status === 'testing' || campaign.status === 'waiting') campaign.status = 'sending'
  await db.transaction(async (trx) => {
    await campaign.useTransaction(trx).save()
    await auditExperiment(
      campaign.experimentId,
      {
        action: decision.manualOverride ? 'campaign_winner_overridden' : 'campaign_winner',
        actor,
        reason: decision.overrideReason,
        after: { winner: key, confidenceLevel: decision.confidenceLevel, pValue: decision.pValue },
      },
      trx
    )
  })
  await releaseRest(campaign, key)
  await campaignChanged(campaign.id, 'winner')
}

/** The rest of a test-then-winner campaign gets the winner's message. */
async function releaseRest(campaign: Campaign, key: string) {
  if (campaign.mode !== 'test_winner') return
  const { rowCount } = await db.rawQuery(
    `UPDATE campaign_messages SET variant_key = ?, status = 'queued', send_after = now()
      WHERE campaign_id = ? AND phase = 'rest' AND status = 'waiting'`,
    [key, campaign.id]
  )
  if (rowCount) await wakeSender(campaign.channel as Channel)
}

/**
 * The seed's identify-winner: stores the winner when the test finds one at the
 * campaign's confidence (automatic), otherwise answers why not and stores nothing.
 */
export async function identifyWinner(campaign: Campaign) {
  const results = await campaignResults(campaign)
  const { significance } = results
  if (significance.winner && !campaign.winnerKey) {
    await storeWinner(campaign, significance.winner, {
      automatic: true,
      manualOverride: false,
      confidenceLevel: significance.confidenceLevel,
      pValue: significance.pValue,
      overrideReason: null,
      decidedBy: actorLabel(SYSTEM_ACTOR),
      decidedAt: DateTime.now().toISO()!,
    })
  }
  return { ...results, winner: campaign.winnerKey ?? null, decision: campaign.winner }
}

/** A person's choice, whatever the statistics say: the reason is required and kept. */
export async function setManualWinner(
  campaign: Campaign,
  key: string,
  reason: string | null | undefined,
  actor: Actor
) {
  if (!campaign.variants.some((v) => v.key === key))
    throw new vineErrors.E_VALIDATION_ERROR([
      { field: 'winner', message: `No variant "${key}" in this campaign`, rule: 'exists' },
    ])
  if (!reason?.trim())
    throw new vineErrors.E_VALIDATION_ERROR([
      { field: 'override_reason', message: 'Say why this variant wins', rule: 'required' },
    ])
  if (campaign.status === 'draft')
    throw new DomainError('Send the campaign before choosing its winner.', 'not_sent', 409)
  const { significance } = await campaignResults(campaign)
  await storeWinner(
    campaign,
    key,
    {
      automatic: false,
      manualOverride: true,
      confidenceLevel: significance.confidenceLevel,
      pValue: significance.pValue,
      overrideReason: reason.trim(),
      decidedBy: actorLabel(actor),
      decidedAt: DateTime.now().toISO()!,
    },
    actor
  )
  return campaign
}

/**
 * Test-then-winner campaigns whose wait is over: the winner at the campaign's confidence
 * goes to the rest; without one, the fallback decides (the control, the better rate, or
 * a person: the campaign then waits).
 */
export async function decideDueTests() {
  const due = await Campaign.query()
    .where('status', 'testing')
    .where('test_ends_at', '<=', new Date())
    .whereNull('winner_key')
    .preload('variants')
  for (const campaign of due) {
    const results = await identifyWinner(campaign)
    if (campaign.winnerKey) continue
    const fallback = campaign.fallback ?? 'control'
    if (fallback === 'wait') {
      campaign.status = 'waiting'
      await campaign.save()
      await campaignChanged(campaign.id, 'waiting')
      continue
    }
    const metric = SUCCESSES[results.metric]
    const rate = (v: VariantResults) => ratio(v[metric] as number, v.messagesSent)
    const better = [...results.variants].sort((a, b) => rate(b) - rate(a))[0]
    const key =
      fallback === 'better' && rate(better) > rate(results.variants[0])
        ? better.key
        : results.variants[0].key
    await storeWinner(campaign, key, {
      automatic: true,
      manualOverride: false,
      confidenceLevel: results.significance.confidenceLevel,
      pValue: results.significance.pValue,
      overrideReason: `No significant winner (${results.significance.reason}): fallback "${fallback}"`,
      decidedBy: actorLabel(SYSTEM_ACTOR),
      decidedAt: DateTime.now().toISO()!,
    })
  }
  return due.length
}
