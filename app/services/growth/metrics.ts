/**
 * Growth metrics from counts (statistics-methods §12). Plain functions over plain numbers:
 * the dashboard reads the counts from the rollups and hands them here.
 *
 * K-factor = i × c, where i = invites sent in the period per active referrer (a user who
 * sent at least one invite in the period) and c = the share of those invites whose invitee
 * signed up (whenever that happened). The invites cancel out: K = conversions / active
 * referrers. No active referrers: K is "no data" (null), never 0 or NaN.
 */
import { kFactor } from '#stats/growth'
import { isStatsError } from '#stats/types'

export interface KFigures {
  invites: number
  conversions: number
  activeReferrers: number
  /** K = i × c; null without active referrers. */
  k: number | null
  /** i: invites per active referrer. */
  invitesPerReferrer: number | null
  /** c: conversions / invites. */
  conversionRate: number | null
  /** 1 / (1 − K) users per seeded user when K < 1; null when K ≥ 1 or no data. */
  amplification: number | null
}

/** a / b, or null when b is 0 (a share of nothing is "no data", not 0 and not NaN). */
export function ratio(a: number, b: number) {
  return b > 0 ? a / b : null
}

export function kFigures(counts: {
  invites: number
  conversions: number
  activeReferrers: number
}): KFigures {
  const result = kFactor({
    activeUsers: counts.activeReferrers,
    invitesSent: counts.invites,
    convertedInvitees: counts.conversions,
  })
  if (isStatsError(result)) {
    return {
      ...counts,
      k: null,
      invitesPerReferrer: null,
      conversionRate: ratio(counts.conversions, counts.invites),
      amplification: null,
    }
  }
  return {
    ...counts,
    k: result.kFactor,
    invitesPerReferrer: result.invitesPerUser,
    conversionRate: result.inviteConversionRate,
    amplification: result.amplification,
  }
}

export type BandKey = 'excellent' | 'good' | 'warning' | 'poor'

export interface Band {
  key: BandKey
  label: string
  meaning: string
}

const BANDS: (Band & { min: number })[] = [
  {
    key: 'excellent',
    min: 1.2,
    label: 'Excellent',
    meaning: 'Viral: every user brings in more than one new user, so growth compounds.',
  },
  {
    key: 'good',
    min: 1.0,
    label: 'Good',
    meaning: 'Self-sustaining: each user replaces themselves with at least one new user.',
  },
  {
    key: 'warning',
    min: 0.8,
    label: 'Warning',
    meaning: 'Close to the viral threshold: referrals amplify other acquisition but fade out.',
  },
  {
    key: 'poor',
    min: Number.NEGATIVE_INFINITY,
    label: 'Poor',
    meaning: 'Referrals add a little on top of other acquisition; the loops need work.',
  },
]

/** Status band of a K-factor: excellent ≥ 1.2, good ≥ 1.0, warning ≥ 0.8, poor below. */
export function kBand(k: number | null): Band | null {
  if (k === null || !Number.isFinite(k)) return null
  const { key, label, meaning } = BANDS.find((b) => k >= b.min)!
  return { key, label, meaning }
}

/**
 * Median cycle time in seconds from counts of whole hours (hours = floor(seconds / 3600)):
 * the middle value's hour, interpolated linearly inside that hour (the values of an hour
 * are taken as evenly spread). Null without values.
 */
export function medianFromHours(buckets: { hours: number; links: number }[]) {
  const sorted = buckets.filter((b) => b.links > 0).sort((a, b) => a.hours - b.hours)
  const total = sorted.reduce((sum, b) => sum + b.links, 0)
  if (total === 0) return null
  // The median's rank (1-based, averaged for an even count) maps to a point in an hour.
  const at = (rank: number) => {
    let before = 0
    for (const bucket of sorted) {
      if (rank <= before + bucket.links) return bucket.hours + (rank - before - 0.5) / bucket.links
      before += bucket.links
    }
    return sorted.at(-1)!.hours + 1
  }
  const hours = total % 2 ? at((total + 1) / 2) : (at(total / 2) + at(total / 2 + 1)) / 2
  return hours * 3600
}

/**
 * What to do with a loop, from its K (the same bands as the overall K) and which of its
 * levers lags the overall figures: invites per referrer (i) or conversion (c).
 */
export function loopRecommendation(loop: KFigures, overall: KFigures) {
  const band = kBand(loop.k)
  if (!band) return 'No invites from this loop in the period: nothing to judge yet.'
  const weaker =
    overall.conversionRate !== null &&
    loop.conversionRate !== null &&
    loop.conversionRate < overall.conversionRate
      ? 'conversion of its invites (landing page, offer)'
      : 'invites per referrer (prompts, timing, rewards)'
  switch (band.key) {
    case 'excellent':
      return 'Scale aggressively: the loop is viral on its own; put more users in front of it.'
    case 'good':
      return 'Keep investing: the loop sustains itself; small gains push it into viral growth.'
    case 'warning':
      return `Optimize: close to the viral threshold; work on the ${weaker}.`
    default:
      return `Needs significant optimization or deprioritize; its weaker lever is the ${weaker}.`
  }
}
