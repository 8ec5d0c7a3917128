import { ReferralLinkSchema } from '#database/schema'

/** One invite: who sent it, from which loop, and how far its invitee got (growth service). */
export default class ReferralLink extends ReferralLinkSchema {
  static table = 'referral_links'
}
