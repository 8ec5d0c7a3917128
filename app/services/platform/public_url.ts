import env from '#start/env'

/**
 * Addresses of this app for links that leave the browser (mail, API answers, invitations),
 * from APP_URL: the one place that reads it.
 */
export function publicUrl(path = '') {
  return `${env.get('APP_URL').replace(/\/+$/, '')}${path}`
}

/** The host of APP_URL: the right-hand side of the Message-IDs the app makes. */
export function publicHostname() {
  return new URL(env.get('APP_URL')).hostname
}
