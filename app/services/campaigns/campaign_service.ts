import { randomBytes } from 'node:crypto'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { errors as vineErrors } from '@vinejs/vine'
import Campaign, { type QuietHours } from '#models/campaign'
import CampaignVariant from '#models/campaign_variant'
import { DomainError } from '#exceptions/domain_error'
import {
  changeExperimentStatus,
  createExperiment,
  deleteExperiment,
  getExperiment,
} from '#services/experiments'
import { actorUserId, type Actor } from '#services/accounts'
import { announce, announceThrottled, campaignChannel, LIVE_CHANNELS } from '#services/live'
import { recordId } from '#services/platform'
import { unknownPlaceholders, PLACEHOLDERS } from '#services/campaigns/templates'
import { CAMPAIGN_EVENTS, type WinnerMetric } from '#services/campaigns/campaign_events'

export type Channel = 'sms' | 'email'
export type CampaignMode = 'split' | 'test_winner'
export type Fallback = 'control' | 'better' | 'wait'

export interface CampaignVariantInput {
  key: string
  /** Share of the recipients (0..1); the weights of a campaign add up to 1. */
  weight: number
  subject?: string | null
  preheader?: string | null
  body: string
}

/** A validated campaign (app/validators/campaign.ts turns forms and the seed's API shape into it). */
export interface CampaignInput {
  name: string
  channel: Channel
  variants: CampaignVariantInput[]
  mode?: CampaignMode
  /** The seed's ab_config.split_ratio (share of A, 1–99), kept as given. */
  splitRatio?: number | null
  minSampleSize?: number
  winnerThreshold?: number
  winnerMetric?: WinnerMetric
  testPercent?: number
  waitMinutes?: number
  fallback?: Fallback
  audienceId?: number | null
  scheduledAt?: Date | null
  quietHours?: QuietHours | null
}

type FieldMessage = { field: string; message: string; rule: string }

/** Template rules: every variant says something, with placeholders a contact can fill. */
export function templateMessages(channel: Channel, variants: CampaignVariantInput[]) {
  const messages: FieldMessage[] = []
  variants.forEach((variant, index) => {
    const parts: [string, string | null | undefined][] = [['body', variant.body]]
    if (channel === 'email') {
      parts.push(['subject', variant.subject], ['preheader', variant.preheader])
      if (!variant.subject?.trim())
        messages.push({
          field: `variants.${index}.subject`,
          message: `Variant ${variant.key} needs a subject`,
          rule: 'required',
        })
    }
    if (!variant.body.trim())
      messages.push({
        field: `variants.${index}.body`,
        message: `Variant ${variant.key} has an empty message`,
        rule: 'required',
      })
    for (const [part, text] of parts) {
      const unknown = unknownPlaceholders(text ?? '')
      if (unknown.length)
        messages.push({
          field: `variants.${index}.${part}`,
          message: `Unknown placeholder${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `{${u}}`).join(', ')}: use ${PLACEHOLDERS.map((p) => `{${p}}`).join(', ')} or {fields.<name>}`,
          rule: 'placeholder',
        })
    }
  })
  const total = variants.reduce((sum, v) => sum + v.weight, 0)
  if (variants.length < 2)
    messages.push({
      field: 'variants',
      message: 'A campaign tests at least two variants',
      rule: 'minLength',
    })
  else if (Math.abs(total - 1) > 0.0005)
    messages.push({
      field: 'variants',
      message: `Variant weights must add up to 100 % (they add up to ${(total * 100).toFixed(1)} %)`,
      rule: 'weights',
    })
  return messages
}

export async function listCampaigns() {
  return Campaign.query().preload('variants').orderBy('id', 'desc')
}

export async function findCampaignOrFail(id: string | number) {
  const campaignId = recordId(id)
  const campaign =
    campaignId === null
      ? null
      : await Campaign.query().where('id', campaignId).preload('variants').first()
  if (!campaign) throw new DomainError(`No campaign "${id}".`, 'campaign_not_found', 404)
  return campaign
}

/**
 * Creates the campaign and the experiment it owns: unit `contact`, one variant per
 * template (A is the control), the winner metric as primary metric, the other
 * engagement events as secondary metrics and opt-outs as a guardrail, so that the results
 * pages, the recompute and the statistics treat it like any experiment. The experiment
 * starts at once: recipients are assigned as they are added.
 */
export async function createCampaign(input: CampaignInput, actor: Actor) {
  const messages = templateMessages(input.channel, input.variants)
  if (messages.length) throw new vineErrors.E_VALIDATION_ERROR(messages)
  const metric = input.winnerMetric ?? 'conversion'
  const threshold = input.winnerThreshold ?? 0.95
  const minSampleSize = input.minSampleSize ?? 30
  const experiment = await createExperiment(
    {
      key: `campaign-${randomBytes(5).toString('hex')}`,
      name: `Campaign: ${input.name}`.slice(0, 160),
      description: `The A/B test of the ${input.channel === 'sms' ? 'SMS' : 'email'} campaign "${input.name}".`,
      tags: ['campaign'],
      unit: 'contact',
      assignmentMode: 'deterministic',
      trafficAllocation: 1,
      variants: input.variants.map((v, index) => ({
        key: v.key,
        name: `Variant ${v.key}`,
        weight: v.weight,
        isControl: index === 0,
      })),
      primaryMetric: { event: metric, kind: 'conversion', name: CAMPAIGN_EVENTS[metric] },
      secondaryMetrics: (['open', 'click', 'reply', 'positive_reply', 'conversion'] as const)
        .filter((event) => event !== metric)
        .map((event) => ({ event, kind: 'conversion' as const, name: CAMPAIGN_EVENTS[event] })),
      guardrailMetrics: [
        {
          event: 'opt_out',
          kind: 'conversion',
          name: CAMPAIGN_EVENTS.opt_out,
          higherIsBetter: false,
        },
      ],
      significanceLevel: Number((1 - threshold).toFixed(6)),
      minimumSampleSize: minSampleSize,
      autoWinner: false,
    },
    actor
  )
  let campaign: Campaign
  try {
    campaign = await db.transaction(async (trx) => {
      const created = await Campaign.create(
        {
          name: input.name,
          channel: input.channel,
          status: 'draft',
          mode: input.mode ?? 'split',
          experimentId: experiment.id,
          audienceId: input.audienceId ?? null,
          splitRatio: input.splitRatio ?? null,
          minSampleSize,
          winnerThreshold: threshold,
          winnerMetric: metric,
          testPercent: input.mode === 'test_winner' ? (input.testPercent ?? 20) : null,
          waitMinutes: input.mode === 'test_winner' ? (input.waitMinutes ?? 24 * 60) : null,
          fallback: input.mode === 'test_winner' ? (input.fallback ?? 'control') : null,
          scheduledAt: input.scheduledAt ? DateTime.fromJSDate(input.scheduledAt) : null,
          quietHours: input.quietHours ?? null,
          createdBy: actorUserId(actor),
        },
        { client: trx }
      )
      await CampaignVariant.createMany(
        input.variants.map((v, position) => ({
          campaignId: created.id,
          key: v.key,
          weight: v.weight,
          subject: v.subject?.trim() || null,
          preheader: v.preheader?.trim() || null,
          body: v.body,
          position,
        })),
        { client: trx }
      )
      await announce(LIVE_CHANNELS.campaigns, 'created', trx)
      return created
    })
  } catch (error) {
    // The experiment exists only for this campaign (still a draft): do not leave it behind.
    await deleteExperiment(experiment, actor)
    throw error
  }
  await changeExperimentStatus(await getExperiment(experiment.id), 'start', actor)
  await campaign.load('variants')
  return campaign
}

/** Tells the campaign's open pages (and the list) that its numbers or state changed: one statement. */
export async function campaignChanged(campaignId: number, reason: string, client = db) {
  await announce([campaignChannel(campaignId), LIVE_CHANNELS.campaigns], reason, client)
}

/**
 * The same for changes that come in bursts (delivery callbacks after a send): at most one
 * announcement per page every few seconds, not a statement per batch; a change after the
 * last one shows at the pages' 60 s refresh.
 */
export function campaignChangedOften(campaignId: number, reason: string) {
  announceThrottled(campaignChannel(campaignId), reason)
  announceThrottled(LIVE_CHANNELS.campaigns, reason)
}
