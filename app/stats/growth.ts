/**
 * Viral growth (spec §12): K-factor K = i·c and Skok's growth curve
 * U(t) = U₀·(K^{t/ct + 1} − 1)/(K − 1).
 *
 * The spec gives no sample vectors for these, so inputs accept the obvious
 * synonyms (e.g. `activeUsers` or `users`) and a few outputs are repeated
 * under their common names (kFactor = k = viralCoefficient).
 */
import type { StatsError } from './types.js'

export interface KFactorInput {
  /** Active users who could invite during the window (the denominator). */
  activeUsers?: number
  users?: number
  /** Invites sent by that cohort in the window. */
  invitesSent?: number
  invites?: number
  /** Invitees who converted (joined), attributed to the cohort's invites. */
  convertedInvitees?: number
  conversions?: number
  acceptedInvites?: number
  newUsers?: number
  signups?: number
  /** Alternatively, i and c directly. */
  invitesPerUser?: number
  i?: number
  conversionRate?: number
  inviteConversionRate?: number
  c?: number
}

export interface KFactorResult {
  /** K = i·c = converted invitees / active users. */
  kFactor: number
  k: number
  viralCoefficient: number
  /** i: invites per active user. */
  invitesPerUser: number | null
  /** c: share of invites that converted. */
  inviteConversionRate: number | null
  conversionRate: number | null
  /** K > 1: each user brings more than one new user (exponential growth). */
  selfSustaining: boolean
  isViral: boolean
  /** 1/(1 − K) users per seeded user when K < 1; null (unbounded) when K ≥ 1. */
  amplification: number | null
}

function pick(...values: Array<number | undefined>): number | undefined {
  return values.find((v) => v !== undefined && v !== null)
}

/** K-factor over a window (spec §12). */
export function kFactor(input: KFactorInput): KFactorResult | StatsError {
  const activeUsers = pick(input.activeUsers, input.users)
  const invitesSent = pick(input.invitesSent, input.invites)
  const converted = pick(
    input.convertedInvitees,
    input.conversions,
    input.acceptedInvites,
    input.newUsers,
    input.signups
  )
  let i = pick(input.invitesPerUser, input.i) ?? null
  let c = pick(input.conversionRate, input.inviteConversionRate, input.c) ?? null
  let k: number

  if (activeUsers !== undefined && converted !== undefined) {
    if (!(activeUsers > 0)) return { error: 'no_active_users' }
    if (!(converted >= 0)) return { error: 'invalid_input' }
    // Invites cancel out: K = (invites/users)·(converted/invites) = converted/users.
    k = converted / activeUsers
    if (invitesSent !== undefined) {
      i = invitesSent / activeUsers
      c = invitesSent > 0 ? converted / invitesSent : null
    }
  } else if (i !== null && c !== null) {
    if (!(i >= 0) || !(c >= 0)) return { error: 'invalid_input' }
    k = i * c
  } else {
    return { error: 'invalid_input' }
  }

  return {
    kFactor: k,
    k,
    viralCoefficient: k,
    invitesPerUser: i,
    inviteConversionRate: c,
    conversionRate: c,
    selfSustaining: k > 1,
    isViral: k > 1,
    amplification: k < 1 ? 1 / (1 - k) : null,
  }
}

export interface ViralGrowthInput {
  /** Seed users U₀. */
  initialUsers?: number
  u0?: number
  seedUsers?: number
  /** K-factor. */
  k?: number
  kFactor?: number
  /** Elapsed time t and cycle time ct (same unit), or the number of cycles t/ct. */
  t?: number
  time?: number
  days?: number
  cycleTime?: number
  cycleTimeDays?: number
  ct?: number
  cycles?: number
}

export interface ViralGrowthResult {
  /** t/ct */
  cycles: number
  /** U(t), including the seed users (also as totalUsers and uT). */
  users: number
  totalUsers: number
  uT: number
  /** U(t) − U₀ */
  newUsers: number
}

/**
 * Skok's growth curve (attributed to Stan Reiss): one batch of invites per
 * cycle, no churn. K = 2, U₀ = 10, 5 cycles gives 630.
 */
export function viralGrowth(input: ViralGrowthInput): ViralGrowthResult | StatsError {
  const u0 = pick(input.initialUsers, input.u0, input.seedUsers)
  const k = pick(input.k, input.kFactor)
  let cycles = pick(input.cycles)
  if (cycles === undefined) {
    const t = pick(input.t, input.time, input.days)
    const ct = pick(input.cycleTime, input.cycleTimeDays, input.ct)
    if (t === undefined || ct === undefined || !(ct > 0)) return { error: 'invalid_input' }
    cycles = t / ct
  }
  if (u0 === undefined || k === undefined || !(u0 >= 0) || !(k >= 0) || !(cycles >= 0))
    return { error: 'invalid_input' }

  const generations = cycles + 1
  // (K^g − 1)/(K − 1); near K = 1 via expm1/log1p so the digits survive; K = 1 gives g.
  let factor: number
  if (k === 1) factor = generations
  else if (Math.abs(k - 1) < 0.01) factor = Math.expm1(generations * Math.log1p(k - 1)) / (k - 1)
  else factor = (Math.pow(k, generations) - 1) / (k - 1)
  const users = u0 * factor
  return { cycles, users, totalUsers: users, uT: users, newUsers: users - u0 }
}
