import env from '#start/env'
import { publicUrl } from '#services/platform'

/**
 * Hosts an invite link may lead to: REFERRAL_ALLOWED_HOSTS, else this app's own host and
 * that of REFERRAL_LANDING_URL. Anything else would make `/r/` an open redirect that
 * lends this app's name to any page.
 */
export function allowedReferralHosts() {
  const configured = env.get('REFERRAL_ALLOWED_HOSTS')
  const hosts = configured
    ? configured.split(',')
    : [publicUrl(), env.get('REFERRAL_LANDING_URL')].map((url) => (url ? new URL(url).host : ''))
  return new Set(hosts.map((host) => host.trim().toLowerCase()).filter(Boolean))
}

/** An `@` in the authority part, even an empty user name (`https://@host`). */
const USERINFO = /^[a-z][a-z\d+.-]*:[/\\]*[^/\\?#]*@/i

/**
 * May an invite link forward to this absolute address? http(s) only, to an allowed host
 * (with its port, if it names one), and never with a user name or password: browsers
 * treat `https://trusted.example@evil.example` as a visit to evil.example.
 */
export function isAllowedDestination(address: string) {
  let url: URL
  try {
    url = new URL(address)
  } catch {
    return false
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return false
  if (url.username || url.password || USERINFO.test(address)) return false
  const hosts = allowedReferralHosts()
  return hosts.has(url.host) || hosts.has(url.hostname)
}
