import { createLink, recordClick, recordFirstValue, recordSignup } from '#services/growth/tracking'
import type { Filters } from '#services/growth/dashboard'
import { resolvePeriod } from '#services/growth/periods'

/** One invite through the tracking service, with the steps it reached (ISO times). */
export async function invite(
  referrerId: string,
  loop: string,
  sentAt: string,
  steps: { click?: string; signup?: [string, string]; value?: string } = {}
) {
  const { link } = await createLink({ referrerId, loop, sentAt: new Date(sentAt) })
  if (steps.click) await recordClick(link.token, new Date(steps.click))
  if (steps.signup) await recordSignup(link.token, steps.signup[1], new Date(steps.signup[0]))
  if (steps.value) await recordFirstValue(link.token, new Date(steps.value))
  return link.token
}

/** Dashboard filters for a custom period of whole UTC days. */
export function customPeriod(from: string, to: string, loop: string | null = null): Filters {
  return {
    period: resolvePeriod({
      period: 'custom',
      from: new Date(`${from}T00:00:00`),
      to: new Date(`${to}T00:00:00`),
    }),
    loop,
  }
}
