/**
 * What an API access token may do. A token carries a subset of these; each API route
 * names the one it needs.
 */
export const TOKEN_ABILITIES = {
  manage: 'Create and change experiments and feature flags',
  evaluate: 'Assign subjects to variants and evaluate feature flags',
  track: 'Record exposures, events and referral activity',
  support: 'Read and write tickets and knowledge-base articles',
} as const

export type TokenAbility = keyof typeof TOKEN_ABILITIES

export const TOKEN_ABILITY_NAMES = Object.keys(TOKEN_ABILITIES) as TokenAbility[]

/** What a browser client key may do: it is public, so never more than this. */
export const CLIENT_KEY_ABILITIES: TokenAbility[] = ['evaluate', 'track']

/** Internal marker ability of browser client keys (rate-limited per address). */
export const CLIENT_KEY_MARKER = 'client'
