import limiter from '@adonisjs/limiter/services/main'
import { errors } from '@adonisjs/limiter'

/**
 * The public ticket form is open to anyone, so it is limited per address and per email:
 * generous for a person, tight for a script. Claimed after validation, so a typo does not
 * use up an attempt, and claimed before the ticket is written: counting in the same step
 * as checking is what stops a burst of simultaneous submissions.
 */
const PER_ADDRESS = { requests: 10, duration: '1 hour' } as const
const PER_EMAIL = { requests: 5, duration: '1 hour' } as const

/** Uses up one submission; a message saying when to try again when none is left. */
export async function claimSubmission(ip: string, email: string): Promise<string | null> {
  const waits = await Promise.all([
    secondsToWait(limiter.use({ ...PER_ADDRESS }), `ticket_ip_${ip}`),
    secondsToWait(limiter.use({ ...PER_EMAIL }), `ticket_email_${email}`),
  ])
  const seconds = Math.max(...waits)
  if (seconds === 0) return null
  const minutes = Math.max(1, Math.ceil(seconds / 60))
  return `You have sent several requests in a short time. Please try again in ${minutes} minute${minutes === 1 ? '' : 's'}, or reply on one of your open tickets.`
}

/** Consumes one request of `key`: 0 when it was left, else the seconds until one is. */
export async function secondsToWait(
  limit: ReturnType<typeof limiter.use>,
  key: string
): Promise<number> {
  try {
    await limit.consume(key)
    return 0
  } catch (error) {
    if (error instanceof errors.E_TOO_MANY_REQUESTS) return Math.max(1, error.response.availableIn)
    throw error
  }
}
