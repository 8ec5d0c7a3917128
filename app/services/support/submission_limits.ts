import limiter from '@adonisjs/limiter/services/main'

/**
 * The public ticket form is open to anyone, so it is limited per address and per email:
 * generous for a person, tight for a script. Checked after validation, so a typo does not
 * use up an attempt.
 */
const PER_ADDRESS = { requests: 10, duration: '1 hour' } as const
const PER_EMAIL = { requests: 5, duration: '1 hour' } as const

const byAddress = () => limiter.use({ ...PER_ADDRESS })
const byEmail = () => limiter.use({ ...PER_EMAIL })

/** A message saying when to try again, or null when the submission may go ahead. */
export async function checkSubmissionAllowance(ip: string, email: string) {
  const address = byAddress()
  const mailbox = byEmail()
  const [addressLeft, emailLeft] = await Promise.all([
    address.remaining(`ticket_ip_${ip}`),
    mailbox.remaining(`ticket_email_${email}`),
  ])
  if (addressLeft > 0 && emailLeft > 0) return null
  const seconds = Math.max(
    addressLeft > 0 ? 0 : await address.availableIn(`ticket_ip_${ip}`),
    emailLeft > 0 ? 0 : await mailbox.availableIn(`ticket_email_${email}`)
  )
  const minutes = Math.max(1, Math.ceil(seconds / 60))
  return `You have sent several requests in a short time. Please try again in ${minutes} minute${minutes === 1 ? '' : 's'}, or reply on one of your open tickets.`
}

export async function countSubmission(ip: string, email: string) {
  await Promise.all([
    byAddress().increment(`ticket_ip_${ip}`),
    byEmail().increment(`ticket_email_${email}`),
  ])
}
