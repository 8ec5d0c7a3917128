import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import User from '#models/user'
import { credentialsChanged } from '#services/accounts/credentials'
import { errors as vineErrors } from '@vinejs/vine'
import {
  CLIENT_KEY_ABILITIES,
  CLIENT_KEY_MARKER,
  ROLE_TOKEN_ABILITIES,
  type TokenAbility,
} from '#services/accounts/token_abilities'

export interface NewToken {
  name: string
  /** server (default): a secret for back ends; client: browser-safe, evaluate and track only. */
  kind?: 'server' | 'client'
  abilities: TokenAbility[]
  /** Days until expiry; null for a token that does not expire. */
  expiresInDays: number | null
}

export interface TokenRow {
  id: number
  name: string | null
  abilities: string[]
  /** A browser client key (public, rate-limited). */
  client: boolean
  ownerId: number
  ownerName: string
  ownerEmail: string
  createdAt: DateTime
  lastUsedAt: DateTime | null
  expiresAt: DateTime | null
  expired: boolean
}

/** Mints a token; the returned secret is shown once and never stored in clear. */
export async function createToken(owner: User, input: NewToken) {
  let abilities: string[] = input.abilities
  const beyondRole = input.abilities.filter((a) => !ROLE_TOKEN_ABILITIES[owner.role].includes(a))
  if (beyondRole.length) {
    throw invalidAbilities(
      `An ${owner.role}'s token may not ${beyondRole.join(', ')}: a token never does more than its owner`,
      'ownerRole'
    )
  }
  if (input.kind === 'client') {
    const refused = input.abilities.filter((a) => !CLIENT_KEY_ABILITIES.includes(a))
    if (refused.length) {
      throw invalidAbilities(
        `A browser client key is public: it may only evaluate and track (not ${refused.join(', ')})`,
        'clientKey'
      )
    }
    abilities = [...input.abilities, CLIENT_KEY_MARKER]
  }
  const token = await User.accessTokens.create(owner, abilities, {
    name: input.name,
    expiresIn: input.expiresInDays ? `${input.expiresInDays} days` : undefined,
  })
  return { token, secret: token.value!.release() }
}

function invalidAbilities(message: string, rule: string) {
  return new vineErrors.E_VALIDATION_ERROR([{ field: 'abilities', message, rule }])
}

export async function listTokens(): Promise<TokenRow[]> {
  const rows = await db
    .from('auth_access_tokens as t')
    .join('users as u', 'u.id', 't.tokenable_id')
    .select(
      't.id',
      't.name',
      't.abilities',
      't.created_at',
      't.last_used_at',
      't.expires_at',
      'u.id as owner_id',
      'u.full_name as owner_name',
      'u.email as owner_email'
    )
    .orderBy('t.created_at', 'desc')
  const toDate = (value: Date | null) => (value ? DateTime.fromJSDate(value) : null)
  return rows.map((row) => {
    const expiresAt = toDate(row.expires_at)
    const abilities: string[] = JSON.parse(row.abilities)
    return {
      id: row.id,
      name: row.name,
      abilities: abilities.filter((a) => a !== CLIENT_KEY_MARKER),
      client: abilities.includes(CLIENT_KEY_MARKER),
      ownerId: row.owner_id,
      ownerName: row.owner_name,
      ownerEmail: row.owner_email,
      createdAt: toDate(row.created_at)!,
      lastUsedAt: toDate(row.last_used_at),
      expiresAt,
      expired: expiresAt !== null && expiresAt < DateTime.now(),
    }
  })
}

/** Revokes a token by id; returns false when there was no such token. */
export async function revokeToken(id: number) {
  const deleted = await db.from('auth_access_tokens').where('id', id).delete()
  await credentialsChanged()
  return Number(deleted) > 0
}
