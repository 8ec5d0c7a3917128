import { publicUrl } from '#services/platform'
import type { LinkRow } from '#services/growth'

const iso = (value: Date | null) => (value ? new Date(value).toISOString() : null)

/** A referral link as the API answers it; `url` is the public redirect to share. */
export function linkJson(link: LinkRow) {
  return {
    token: link.token,
    url: publicUrl(`/r/${link.token}`),
    referrerId: link.referrer_id,
    loop: link.source_loop,
    inviteeEmail: link.invitee_email,
    destinationUrl: link.destination_url,
    sentAt: iso(link.sent_at),
    clickedAt: iso(link.clicked_at),
    signedUpAt: iso(link.signed_up_at),
    inviteeId: link.invitee_id,
    firstValueAt: iso(link.first_value_at),
  }
}
