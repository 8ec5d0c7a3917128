/**
 * What happens to a campaign message, as experiment events of the campaign's experiment
 * (one per message and kind at most: the idempotency key is the message id and the kind).
 */
export const CAMPAIGN_EVENTS = {
  sent: 'Sent',
  delivered: 'Delivered',
  open: 'Opened (inflated by mail privacy proxies)',
  click: 'Clicked',
  reply: 'Replied',
  positive_reply: 'Positive reply',
  conversion: 'Converted',
  opt_out: 'Opted out',
} as const

export type CampaignEvent = keyof typeof CAMPAIGN_EVENTS

/** The metrics a winner may be chosen on; opens are offered but flagged as inflated. */
export const WINNER_METRICS = ['click', 'reply', 'conversion', 'open'] as const
export type WinnerMetric = (typeof WINNER_METRICS)[number]

/** The message column that records each engagement (set once: a repeat never counts twice). */
export const ENGAGEMENT_COLUMNS = {
  delivered: 'delivered_at',
  open: 'opened_at',
  click: 'clicked_at',
  reply: 'replied_at',
  conversion: 'converted_at',
  opt_out: 'opted_out_at',
} as const

export type Engagement = keyof typeof ENGAGEMENT_COLUMNS
