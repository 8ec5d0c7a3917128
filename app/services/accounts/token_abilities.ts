import type { UserRole } from '#models/user'

/**
 * What an API access token may do. A token carries a subset of these; each API route
 * names the one it needs.
 */
export const TOKEN_ABILITIES = {
  manage: 'Create and change experiments and feature flags',
  evaluate: 'Assign subjects to variants and evaluate feature flags',
  track: 'Record exposures, events and referral activity',
  support: 'Read and write tickets and knowledge-base articles',
  inbound: 'Post inbound email (raw MIME) into the help desk',
} as const

/** Internal marker ability of browser client keys (rate-limited per address). */
export const CLIENT_KEY_MARKER = 'client'

export type TokenAbility = keyof typeof TOKEN_ABILITIES

export const TOKEN_ABILITY_NAMES = Object.keys(TOKEN_ABILITIES) as TokenAbility[]

/**
 * What a token of each role's owner may do: a token never does more than its owner could
 * in the app (agents do not manage experiments or flags). Checked when a token is made
 * and again on every use, so a demoted owner's tokens lose the rest at once.
 */
export const ROLE_TOKEN_ABILITIES: Record<UserRole, readonly TokenAbility[]> = {
  admin: TOKEN_ABILITY_NAMES,
  agent: ['evaluate', 'track', 'support'],
}

/** The abilities of `abilities` that an owner of `role` may use (markers are kept). */
export function abilitiesWithinRole(role: UserRole, abilities: string[]) {
  const allowed: readonly string[] = ROLE_TOKEN_ABILITIES[role]
  return abilities.filter((a) => a === CLIENT_KEY_MARKER || allowed.includes(a))
}

/** What a browser client key may do: it is public, so never more than this. */
export const CLIENT_KEY_ABILITIES: TokenAbility[] = ['evaluate', 'track']
