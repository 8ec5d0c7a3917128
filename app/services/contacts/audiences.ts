import db from '@adonisjs/lucid/services/db'
import Audience from '#models/audience'
import { DomainError } from '#exceptions/domain_error'
import { compileRule, validateRule } from '#evaluation/targeting'
import type { TargetingRule } from '#evaluation/types'
import { announce, LIVE_CHANNELS } from '#services/live'

/** Contacts are read in pages of this many while an audience is evaluated. */
const BATCH = 5000

interface ContactRow {
  id: string | number
  email: string | null
  phone: string | null
  first_name: string | null
  last_name: string | null
  time_zone: string | null
  fields: Record<string, unknown>
  consent: Record<string, { granted?: boolean } | undefined>
  email_opted_out_at: Date | null
  sms_opted_out_at: Date | null
  created_at: Date
}

/**
 * What an audience rule can test about a contact. Custom fields are under `fields.`
 * (`fields.plan`); consent and opt-outs are booleans, so "can receive SMS" is
 * `sms_consent eq true` and `sms_opted_out eq false`.
 */
export function contactAttributes(row: ContactRow): Record<string, unknown> {
  return {
    email: row.email,
    phone: row.phone,
    first_name: row.first_name,
    last_name: row.last_name,
    time_zone: row.time_zone,
    email_domain: row.email?.split('@')[1] ?? null,
    has_email: Boolean(row.email),
    has_phone: Boolean(row.phone),
    email_consent: Boolean(row.consent?.email?.granted),
    sms_consent: Boolean(row.consent?.sms?.granted),
    email_opted_out: Boolean(row.email_opted_out_at),
    sms_opted_out: Boolean(row.sms_opted_out_at),
    created_at: row.created_at.toISOString(),
    fields: row.fields ?? {},
  }
}

export const AUDIENCE_ATTRIBUTES = [
  'email',
  'phone',
  'first_name',
  'last_name',
  'time_zone',
  'email_domain',
  'has_email',
  'has_phone',
  'email_consent',
  'sms_consent',
  'email_opted_out',
  'sms_opted_out',
  'created_at',
  'fields.<name>',
] as const

/** The ids of the contacts a rule matches, in id order (every contact when rule is null). */
export async function matchingContactIds(rule: TargetingRule | null) {
  const matches = rule ? compileRule(rule) : () => true
  const ids: number[] = []
  let after = 0
  for (;;) {
    const rows: ContactRow[] = await db
      .from('contacts')
      .select(
        'id',
        'email',
        'phone',
        'first_name',
        'last_name',
        'time_zone',
        'fields',
        'consent',
        'email_opted_out_at',
        'sms_opted_out_at',
        'created_at'
      )
      .where('id', '>', after)
      .orderBy('id')
      .limit(BATCH)
    for (const row of rows) if (matches(contactAttributes(row), {})) ids.push(Number(row.id))
    if (rows.length < BATCH) return ids
    after = Number(rows.at(-1)!.id)
  }
}

export async function getAudience(id: unknown) {
  const value = Number(id)
  const audience = Number.isSafeInteger(value) && value > 0 ? await Audience.find(value) : null
  if (!audience) throw new DomainError('That audience does not exist.', 'not_found', 404)
  return audience
}

export function listAudiences() {
  return Audience.query().orderBy('name')
}

/** The ids of the audience's contacts (campaigns send to these). */
export async function audienceContactIds(audienceId: number) {
  const audience = await getAudience(audienceId)
  return matchingContactIds(audience.rule)
}

export async function countAudience(audienceId: number) {
  const ids = await audienceContactIds(audienceId)
  return ids.length
}

/** How many contacts a rule matches, before it is saved (the form's live count). */
export async function countMatching(rule: unknown) {
  const checked = validateRule(rule)
  if (!checked.valid) return null
  const ids = await matchingContactIds(checked.rule)
  return ids.length
}

export interface AudienceInput {
  name: string
  description?: string | null
  rule: unknown
}

function checkedRule(rule: unknown) {
  const checked = validateRule(rule)
  if (!checked.valid) {
    throw new DomainError('The rule is not valid.', 'validation_failed', 422, {
      fields: checked.errors.map((error) => ({
        field: error.path ? `rule.${error.path}` : 'rule',
        rule: 'targetingRule',
        message: error.message,
      })),
    })
  }
  return checked.rule
}

export async function saveAudience(input: AudienceInput, id?: number) {
  const rule = checkedRule(input.rule)
  const taken = await Audience.query()
    .whereRaw('lower(name) = lower(?)', [input.name.trim()])
    .if(id, (query) => query.whereNot('id', id!))
    .first()
  if (taken) {
    throw new DomainError('An audience with that name exists.', 'validation_failed', 422, {
      fields: [
        { field: 'name', rule: 'unique', message: 'is already the name of another audience' },
      ],
    })
  }
  const audience = id ? await getAudience(id) : new Audience()
  audience.merge({ name: input.name.trim(), description: input.description ?? null, rule })
  await audience.save()
  await announce(LIVE_CHANNELS.contacts, 'audience saved')
  return audience
}

export async function deleteAudience(id: unknown) {
  const audience = await getAudience(id)
  await audience.delete()
  await announce(LIVE_CHANNELS.contacts, 'audience deleted')
}
