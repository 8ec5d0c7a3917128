/**
 * Names of the live channels. A broadcast carries `{ reason }` only, never data.
 */
export const LIVE_CHANNELS = {
  /** The user list changed (created, role, activation). */
  adminUsers: 'admin/users',
  /** The experiments list changed (created, edited, lifecycle). */
  experiments: 'admin/experiments',
  /** Feature flags changed. */
  flags: 'admin/flags',
  /** Knowledge-base articles or categories changed. */
  knowledge: 'support/knowledge',
  /** Any ticket was created or changed (the inbox). */
  tickets: 'support/tickets',
  /** New referral data (links, clicks, sign-ups, growth subjects): the K-factor dashboard. */
  growth: 'admin/growth',
  /** Campaigns were created, sent, or their numbers changed (the list, the kill switch). */
  campaigns: 'admin/campaigns',
  /** An experiment alert was raised for someone: alerts pages re-fetch their own list. */
  alerts: 'account/alerts',
  /** Contacts or audiences changed (created, imported, opted out). */
  contacts: 'support/contacts',
} as const

/** One ticket changed: its conversation, fields, history or who is viewing it. */
export const ticketChannel = (number: number) => `support/tickets/${number}`

/** One campaign's state or numbers changed (its live results page). */
export const campaignChannel = (id: number) => `admin/campaigns/${id}`

/** One experiment changed, or received assignments or events. */
export const experimentChannel = (id: number) => `admin/experiments/${id}`

export type LiveChannel = (typeof LIVE_CHANNELS)[keyof typeof LIVE_CHANNELS]
