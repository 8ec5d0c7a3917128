import { formatPercent } from '#services/platform'
import type Campaign from '#models/campaign'
import type { CampaignResults, VariantResults } from '#services/campaigns'

export const CAMPAIGN_STATUS_LABELS: Record<string, { label: string; tone: string }> = {
  draft: { label: 'Draft', tone: '' },
  scheduled: { label: 'Scheduled', tone: 'accent' },
  sending: { label: 'Sending', tone: 'ok' },
  testing: { label: 'Testing', tone: 'ok' },
  waiting: { label: 'Waiting for a person', tone: 'warn' },
  sent: { label: 'Sent', tone: 'accent' },
  cancelled: { label: 'Cancelled', tone: '' },
}

export const WINNER_METRIC_LABELS: Record<string, string> = {
  click: 'Click rate',
  reply: 'Reply rate',
  conversion: 'Conversion rate',
  open: 'Open rate (inflated by mail privacy proxies)',
}

export const NO_WINNER_TEXT: Record<string, string> = {
  no_responses: 'No recipient has done the winner metric yet.',
  tied_results: 'The variants are tied.',
  insufficient_confidence: 'The difference is not significant yet.',
}

const rateOf: Record<string, keyof VariantResults> = {
  click: 'clickRate',
  reply: 'responseRate',
  conversion: 'conversionRate',
  open: 'openRate',
}

/** A variant's rate of the winner metric. */
export function campaignMetricRate(variant: VariantResults, metric: string) {
  return Number(variant[rateOf[metric]] ?? 0)
}

/**
 * What to do next, in plain words: from the sample, the significance, the winner, the
 * opt-out guardrail, the delivery rate and the metric's reliability.
 */
export function recommendations(campaign: Campaign, results: CampaignResults): string[] {
  const list: string[] = []
  const s = results.significance
  const metricRate = rateOf[results.metric]
  if (results.variants.every((v) => v.messagesSent === 0)) {
    return campaign.status === 'draft'
      ? ['Add recipients and send the campaign: results appear as messages go out.']
      : ['Messages are queued: results appear as they go out.']
  }
  if (s.insufficientSampleSize) {
    const small = results.variants.filter((v) => v.messagesSent < campaign.minSampleSize)
    list.push(
      `Keep going: each variant needs at least ${campaign.minSampleSize} messages sent before a winner can be called (${small.map((v) => `${v.key} has ${v.messagesSent}`).join(', ')}).`
    )
  }
  if (results.winner) {
    const winner = results.variants.find((v) => v.key === results.winner)
    const decided = campaign.winner?.manualOverride
      ? 'was chosen by hand'
      : `wins with ${formatPercent(s.confidenceLevel)} confidence`
    list.push(
      `Variant ${results.winner} ${decided} (${WINNER_METRIC_LABELS[results.metric].toLowerCase()} ${formatPercent(Number(winner?.[metricRate] ?? 0))}): use its wording for the next campaigns.`
    )
  } else if (s.reason === 'no_responses') {
    list.push(
      'Nobody has responded yet: wait for responses, or judge on a metric that happens more often (clicks or replies).'
    )
  } else if (s.reason === 'tied_results') {
    list.push(
      'The variants perform the same: keep the control, or test a bolder difference next time.'
    )
  } else if (!s.insufficientSampleSize) {
    list.push(
      `The difference is not significant yet (${formatPercent(s.confidenceLevel)} confidence, ${formatPercent(campaign.winnerThreshold)} needed): keep sending, or accept that the variants are close.`
    )
  }
  const lowest = Math.min(...results.variants.map((v) => v.optOutRate))
  for (const v of results.variants) {
    if (v.optOuts > 0 && v.optOutRate >= 0.01 && v.optOutRate > 2 * lowest)
      list.push(
        `Variant ${v.key} makes more people opt out (${formatPercent(v.optOutRate)}): review its wording before reusing it.`
      )
  }
  for (const v of results.variants) {
    if (
      campaign.channel === 'sms' &&
      v.messagesSent >= 20 &&
      v.delivered > 0 &&
      v.deliveryRate < 0.9
    )
      list.push(
        `Only ${formatPercent(v.deliveryRate)} of variant ${v.key}'s messages were delivered: check the numbers and the provider's errors.`
      )
  }
  if (results.metric === 'open')
    list.push(
      'Opens are inflated by mail privacy proxies (Apple Mail opens every message): prefer clicks or replies to pick a winner.'
    )
  return list
}

/** The results as CSV: one row per variant, rates as fractions. */
export function campaignCsv(results: CampaignResults) {
  const columns: [string, keyof VariantResults][] = [
    ['variant', 'key'],
    ['recipients', 'recipients'],
    ['messages_sent', 'messagesSent'],
    ['delivered', 'delivered'],
    ['failed', 'failed'],
    ['opens', 'opens'],
    ['clicks', 'clicks'],
    ['responses', 'responses'],
    ['positive_responses', 'positiveResponses'],
    ['conversions', 'conversions'],
    ['opt_outs', 'optOuts'],
    ['open_rate', 'openRate'],
    ['click_rate', 'clickRate'],
    ['response_rate', 'responseRate'],
    ['conversion_rate', 'conversionRate'],
    ['opt_out_rate', 'optOutRate'],
  ]
  const cell = (value: unknown) => {
    const text = String(value)
    return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
  }
  const lines = [columns.map(([name]) => name).join(',')]
  for (const v of results.variants) lines.push(columns.map(([, key]) => cell(v[key])).join(','))
  return `${lines.join('\n')}\n`
}
