import env from '#start/env'
import { DomainError } from '#exceptions/domain_error'
import { findLink, recordClick } from '#services/growth/tracking'
import { isAllowedDestination } from '#services/growth/destinations'

const TOKEN = /^[A-Za-z0-9_-]{1,64}$/

/** The host product's landing page for invitees (REFERRAL_LANDING_URL), else this app's home. */
export const landingUrl = () => env.get('REFERRAL_LANDING_URL') || '/'

/**
 * Where an invite link leads: its own destination, else REFERRAL_LANDING_URL, else the
 * home page, with `ref=<token>` so the host product can report the sign-up. A stored
 * destination whose host is no longer allowed (REFERRAL_ALLOWED_HOSTS changed, or a link
 * made before the check) leads to the home page instead. The first click is recorded on
 * the way. Null for an unknown token (nothing is recorded).
 */
export async function followLink(token: string) {
  const link = TOKEN.test(token) ? await findLink(token) : null
  if (!link) return null
  try {
    await recordClick(token)
  } catch (error) {
    // A link dated in the future (client clock skew) still forwards, uncounted.
    if (!(error instanceof DomainError)) throw error
  }
  const own = link.destination_url
  const base = own === null ? landingUrl() : isAllowedDestination(own) ? own : '/'
  const url = new URL(base, 'http://relative.invalid')
  url.searchParams.set('ref', token)
  return url.origin === 'http://relative.invalid' ? `${url.pathname}${url.search}` : url.toString()
}
