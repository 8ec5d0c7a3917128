import type Contact from '#models/contact'
import type { ChannelConsent, ContactChannel } from '#models/contact'
import type { Reachability } from '#services/contacts'
import type { ContactCampaign } from '#services/campaigns'
import { formatDateTime } from '#presenters/format'

/** How a contact is named on pages: their name, else their email, else their number. */
export function contactName(contact: Pick<Contact, 'firstName' | 'lastName' | 'email' | 'phone'>) {
  const name = [contact.firstName, contact.lastName].filter(Boolean).join(' ')
  return name || contact.email || contact.phone || 'Unnamed contact'
}

export const CHANNEL_LABELS: Record<ContactChannel, string> = { email: 'Email', sms: 'SMS' }

const REACH_BADGES = {
  ok: { tone: 'ok', label: 'Reachable' },
  no_address: { tone: '', label: 'No address' },
  no_consent: { tone: 'warn', label: 'No consent' },
  opted_out: { tone: 'danger', label: 'Opted out' },
} as const

/** A badge for whether a channel may be used, as campaigns check it at send time. */
export function reachBadge(reach: Reachability) {
  return REACH_BADGES[reach.ok ? 'ok' : reach.reason]
}

/** "Granted via web form, 7 Dec 2026 18:02" / "Withdrawn via sms STOP, …" / "Not recorded". */
export function consentText(consent: ChannelConsent | undefined) {
  if (!consent) return 'Not recorded'
  const at = new Date(consent.at)
  const when = Number.isNaN(at.getTime()) ? '' : `, ${formatDateTime(at)}`
  return `${consent.granted ? 'Granted' : 'Withdrawn'} via ${consent.source}${when}`
}

const MESSAGE_STATUS: Record<string, string> = {
  waiting: 'Waiting for the winner',
  queued: 'Queued',
  sending: 'Sending',
  sent: 'Sent',
  delivered: 'Delivered',
  failed: 'Failed',
  skipped: 'Not sent',
}

/** A campaign row of a contact's page: where their message is and what they did with it. */
export function contactCampaignRow(campaign: ContactCampaign) {
  const did = [
    campaign.openedAt && 'opened (may be a mail privacy proxy)',
    campaign.clickedAt && 'clicked',
    campaign.repliedAt && `replied${campaign.replyClass ? ` (${campaign.replyClass})` : ''}`,
    campaign.convertedAt && 'converted',
    campaign.optedOutAt && 'opted out',
  ].filter(Boolean)
  const why = campaign.skipReason ?? campaign.lastError
  return {
    campaignId: campaign.campaignId,
    name: campaign.name,
    channel: CHANNEL_LABELS[campaign.channel],
    variant: campaign.variantKey ?? '—',
    status: `${MESSAGE_STATUS[campaign.status] ?? campaign.status}${why ? `: ${why.replaceAll('_', ' ')}` : ''}`,
    when: formatDateTime(campaign.deliveredAt ?? campaign.sentAt),
    did: did.length > 0 ? did.join(', ') : 'nothing yet',
  }
}
