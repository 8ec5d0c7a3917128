import type Campaign from '#models/campaign'
import type { CampaignResults, VariantResults } from '#services/campaigns'

/** A campaign as the API answers it (the seed's snake_case fields). */
export function campaignJson(campaign: Campaign) {
  const [a, b] = campaign.variants
  return {
    id: campaign.id,
    name: campaign.name,
    campaign_type: 'ab_test',
    channel: campaign.channel,
    status: campaign.status,
    mode: campaign.mode,
    experiment_id: campaign.experimentId,
    template_a: a?.body ?? null,
    template_b: b?.body ?? null,
    variants: campaign.variants.map((v) => ({
      key: v.key,
      weight: v.weight,
      template: v.body,
      subject: v.subject,
      preheader: v.preheader,
    })),
    ab_config: {
      split_ratio: campaign.splitRatio,
      min_sample_size: campaign.minSampleSize,
      winner_threshold: campaign.winnerThreshold,
      winner_metric: campaign.winnerMetric,
      test_percent: campaign.testPercent,
      wait_minutes: campaign.waitMinutes,
      fallback: campaign.fallback,
    },
    audience_id: campaign.audienceId,
    scheduled_at: campaign.scheduledAt?.toISO() ?? null,
    quiet_hours: campaign.quietHours,
    ab_winner: campaign.winnerKey,
    ab_winner_data: campaign.winner && winnerJson(campaign),
    created_at: campaign.createdAt.toISO(),
    started_at: campaign.startedAt?.toISO() ?? null,
  }
}

function winnerJson(campaign: Campaign) {
  const w = campaign.winner!
  return {
    winner: campaign.winnerKey,
    automatic: w.automatic,
    manual_override: w.manualOverride,
    override_reason: w.overrideReason,
    confidence_level: w.confidenceLevel,
    p_value: w.pValue,
    decided_by: w.decidedBy,
    decided_at: w.decidedAt,
  }
}

function variantJson(v: VariantResults) {
  return {
    variant: v.key,
    recipients: v.recipients,
    messages_sent: v.messagesSent,
    messages_delivered: v.delivered,
    messages_failed: v.failed,
    messages_queued: v.queued,
    messages_skipped: v.skipped,
    opens: v.opens,
    clicks: v.clicks,
    responses: v.responses,
    positive_responses: v.positiveResponses,
    conversions: v.conversions,
    opt_outs: v.optOuts,
    delivery_rate: v.deliveryRate,
    open_rate: v.openRate,
    open_rate_inflated: true,
    click_rate: v.clickRate,
    response_rate: v.responseRate,
    conversion_rate: v.conversionRate,
    opt_out_rate: v.optOutRate,
  }
}

/** The seed's A/B summary: variant_a/variant_b, all variants, the test and the winner. */
export function abResultsJson(campaign: Campaign, results: CampaignResults) {
  const variants = results.variants.map(variantJson)
  const s = results.significance
  return {
    campaign_id: campaign.id,
    status: campaign.status,
    winner_metric: results.metric,
    variant_a: variants[0] ?? null,
    variant_b: variants[1] ?? null,
    variants,
    waiting_for_winner: results.waitingForWinner,
    p_value: s.pValue,
    confidence_level: s.confidenceLevel,
    significant: s.significant,
    significant_difference: s.significant,
    insufficient_sample_size: s.insufficientSampleSize,
    min_sample_size: campaign.minSampleSize,
    winner: results.winner,
    reason: results.winner ? null : s.reason,
    automatic: campaign.winner ? campaign.winner.automatic : null,
    manual_override: campaign.winner ? campaign.winner.manualOverride : null,
    ab_winner_data: campaign.winner && winnerJson(campaign),
  }
}
