import db from '@adonisjs/lucid/services/db'
import { BATCH_CONNECTION } from '#config/database'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Contact, { type ContactConsent } from '#models/contact'
import { DomainError } from '#exceptions/domain_error'
import { actorLabel, type Actor } from '#services/accounts'
import {
  checkContact,
  consentEntry,
  type CleanContact,
  type ContactInput,
  type FieldError,
} from '#services/contacts/contact_input'
import { announce, LIVE_CHANNELS } from '#services/live'

/** The most contacts one request may create or update. */
export const MAX_CONTACTS_PER_REQUEST = 10_000
export const CONTACTS_PAGE_SIZE = 50

const DRY_RUN = Symbol('dry run')

/** What happened to one contact of a bulk request, in the order given. */
export type ContactResult =
  | { ok: true; id: number; status: 'created' | 'updated' | 'duplicate' }
  | { ok: false; errors: FieldError[] }

function parseId(id: unknown) {
  const value = Number(id)
  return Number.isSafeInteger(value) && value > 0 ? value : null
}

/** The contact, or a 404 DomainError. */
export async function getContact(id: unknown, trx?: TransactionClientContract) {
  const value = parseId(id)
  const contact = value ? await Contact.find(value, { client: trx }) : null
  if (!contact) throw new DomainError('That contact does not exist.', 'not_found', 404)
  return contact
}

/** The contact, its row locked until the transaction ends (the caller is changing it). */
export async function lockContact(id: unknown, trx: TransactionClientContract) {
  const value = parseId(id)
  const contact = value
    ? await Contact.query({ client: trx }).where('id', value).forUpdate().first()
    : null
  if (!contact) throw new DomainError('That contact does not exist.', 'not_found', 404)
  return contact
}

/** The contacts that exist among these ids, by id. */
export async function getContacts(ids: number[], trx?: TransactionClientContract) {
  const rows = ids.length
    ? await Contact.query({ client: trx }).whereIn('id', [...new Set(ids)])
    : []
  return new Map(rows.map((contact) => [contact.id, contact]))
}

/**
 * Which of these ids name a contact: one array parameter, so 100,000 ids are one
 * statement; `bulk` runs it on the batch connection, without a request's statement
 * timeout (a busy machine took longer than that for 100,000).
 */
export async function existingContactIds(
  ids: number[],
  options: { bulk?: boolean } = {}
): Promise<Set<number>> {
  if (ids.length === 0) return new Set()
  const client = options.bulk ? db.connection(BATCH_CONNECTION) : db.connection()
  const { rows } = await client.rawQuery(
    'SELECT c.id FROM contacts c JOIN unnest(?::bigint[]) AS i(id) ON i.id = c.id',
    [ids]
  )
  return new Set(rows.map((row: { id: string | number }) => Number(row.id)))
}

export async function findContactByEmail(email: string, trx?: TransactionClientContract) {
  return Contact.query({ client: trx }).where('email', email.trim().toLowerCase()).first()
}

export async function findContactByPhone(e164: string, trx?: TransactionClientContract) {
  return Contact.query({ client: trx }).where('phone', e164).first()
}

/** Where a consent came from when the caller did not say: who recorded it. */
function defaultSource(actor: Actor) {
  return actor.kind === 'user' && actor.token ? `api (${actorLabel(actor)})` : actorLabel(actor)
}

function mergedConsent(stored: ContactConsent, given: CleanContact['consent'], actor: Actor) {
  const consent = { ...stored }
  for (const [channel, value] of Object.entries(given ?? {})) {
    const previous = consent[channel as 'email' | 'sms']
    // The same answer again keeps its original source and time.
    if (previous?.granted === value.granted && !value.source) continue
    consent[channel as 'email' | 'sms'] = consentEntry(
      value.granted,
      value.source ?? defaultSource(actor)
    )
  }
  return consent
}

/** Column values of a checked contact: only what it sets. */
function columns(contact: CleanContact) {
  const row: Record<string, unknown> = {}
  if (contact.email !== undefined) row.email = contact.email
  if (contact.phone !== undefined) row.phone = contact.phone
  if (contact.firstName !== undefined) row.first_name = contact.firstName
  if (contact.lastName !== undefined) row.last_name = contact.lastName
  if (contact.timeZone !== undefined) row.time_zone = contact.timeZone
  return row
}

/** Later rows for the same person fill in and override earlier ones. */
function merge(into: CleanContact, from: CleanContact): CleanContact {
  const merged: CleanContact = { ...into }
  for (const key of ['email', 'phone', 'firstName', 'lastName', 'timeZone'] as const) {
    if (from[key]) merged[key] = from[key]
  }
  if (from.fields) merged.fields = { ...into.fields, ...from.fields }
  if (from.consent) merged.consent = { ...into.consent, ...from.consent }
  return merged
}

interface Group {
  contact: CleanContact
  /** Indexes of the inputs this group stands for; the first one creates or updates. */
  members: number[]
}

/**
 * Creates contacts, or updates the ones that already exist with the same email or phone
 * (deduplication), in one transaction. Each input gets its id and what happened, or its
 * errors; an input naming the email of one contact and the phone of another is an error.
 * Inputs repeating an earlier one (same email or phone) are merged into it ("duplicate").
 * `dryRun`: the same answers, nothing kept.
 */
export async function createContacts(
  inputs: ContactInput[],
  actor: Actor,
  options: { dryRun?: boolean } = {}
): Promise<ContactResult[]> {
  if (inputs.length > MAX_CONTACTS_PER_REQUEST) {
    throw new DomainError(
      `At most ${MAX_CONTACTS_PER_REQUEST} contacts per request.`,
      'too_many_contacts'
    )
  }
  const results: ContactResult[] = new Array(inputs.length)
  const groups: Group[] = []
  const byEmail = new Map<string, Group>()
  const byPhone = new Map<string, Group>()
  inputs.forEach((input, index) => {
    const checked = checkContact(input, true)
    if (!checked.contact) {
      results[index] = { ok: false, errors: checked.errors }
      return
    }
    const contact = checked.contact
    const sameEmail = contact.email ? byEmail.get(contact.email) : undefined
    const samePhone = contact.phone ? byPhone.get(contact.phone) : undefined
    if (sameEmail && samePhone && sameEmail !== samePhone) {
      results[index] = { ok: false, errors: conflictErrors('earlier rows', '') }
      return
    }
    const group = sameEmail ?? samePhone
    if (group) {
      group.contact = merge(group.contact, contact)
      group.members.push(index)
    } else {
      groups.push({ contact, members: [index] })
    }
    const target = group ?? groups.at(-1)!
    if (target.contact.email) byEmail.set(target.contact.email, target)
    if (target.contact.phone) byPhone.set(target.contact.phone, target)
  })

  const work = db.transaction(async (trx) => {
    const emails = [...byEmail.keys()]
    const phones = [...byPhone.keys()]
    const existing = await Contact.query({ client: trx })
      .where((query) => {
        query.whereIn('email', emails).orWhereIn('phone', phones)
      })
      .forUpdate()
    const storedByEmail = new Map(existing.filter((c) => c.email).map((c) => [c.email!, c]))
    const storedByPhone = new Map(existing.filter((c) => c.phone).map((c) => [c.phone!, c]))

    const inserts: Group[] = []
    const settled = (group: Group, id: number, status: 'created' | 'updated') =>
      group.members.forEach((index, position) => {
        results[index] = { ok: true, id, status: position === 0 ? status : 'duplicate' }
      })
    for (const group of groups) {
      const { email, phone } = group.contact
      const byMail = email ? storedByEmail.get(email) : undefined
      const byNumber = phone ? storedByPhone.get(phone) : undefined
      if (byMail && byNumber && byMail.id !== byNumber.id) {
        const errors = conflictErrors(`contact ${byMail.id}`, `contact ${byNumber.id}`)
        for (const index of group.members) results[index] = { ok: false, errors }
        continue
      }
      const stored = byMail ?? byNumber
      if (!stored) {
        inserts.push(group)
        continue
      }
      stored.merge({
        ...columns(group.contact),
        fields: { ...stored.fields, ...group.contact.fields },
        consent: mergedConsent(stored.consent, group.contact.consent, actor),
      } as Partial<Contact>)
      await stored.useTransaction(trx).save()
      settled(group, stored.id, 'updated')
    }

    for (let start = 0; start < inserts.length; start += 1000) {
      const chunk = inserts.slice(start, start + 1000)
      const rows = await trx
        .table('contacts')
        .insert(
          chunk.map(({ contact }) => ({
            email: null,
            phone: null,
            first_name: null,
            last_name: null,
            time_zone: null,
            ...columns(contact),
            fields: JSON.stringify(contact.fields ?? {}),
            consent: JSON.stringify(mergedConsent({}, contact.consent, actor)),
          }))
        )
        .returning('id')
      // PostgreSQL returns the rows of a multi-row VALUES insert in the order given.
      rows.forEach((row: { id: string | number }, position: number) =>
        settled(chunk[position], Number(row.id), 'created')
      )
    }
    // A dry run learns what would happen, then rolls it all back.
    if (options.dryRun) throw DRY_RUN
    if (groups.length) await announce(LIVE_CHANNELS.contacts, 'contacts changed', trx)
  })
  await work.catch((error) => {
    if (error !== DRY_RUN) throw error
  })
  return results
}

function conflictErrors(emailOwner: string, phoneOwner: string): FieldError[] {
  const message = phoneOwner
    ? `the email address belongs to ${emailOwner} and the phone number to ${phoneOwner}`
    : `the email address and the phone number match two different ${emailOwner}`
  return [
    { field: 'email', rule: 'conflict', message },
    { field: 'phone', rule: 'conflict', message },
  ]
}

/** One contact; its errors as a 422 DomainError naming the fields. */
export async function createContact(input: ContactInput, actor: Actor) {
  const [result] = await createContacts([input], actor)
  if (!result.ok) throw invalid(result.errors)
  return { contact: await getContact(result.id), status: result.status }
}

function invalid(errors: FieldError[]) {
  return new DomainError('The request has invalid fields.', 'validation_failed', 422, {
    fields: errors,
  })
}

/** Changes the fields given; `fields` entries merge into the stored ones (null removes one). */
export async function updateContact(id: unknown, input: ContactInput, actor: Actor) {
  const checked = checkContact(input, false)
  if (!checked.contact) throw invalid(checked.errors)
  const clean = checked.contact
  return db.transaction(async (trx) => {
    const contact = await lockContact(id, trx)
    for (const [field, value] of [
      ['email', clean.email],
      ['phone', clean.phone],
    ] as const) {
      if (!value) continue
      const owner = await Contact.query({ client: trx })
        .where(field, value)
        .whereNot('id', contact.id)
        .first()
      if (owner) {
        throw invalid([
          { field, rule: 'unique', message: `already belongs to contact ${owner.id}` },
        ])
      }
    }
    const fields = { ...contact.fields, ...clean.fields }
    for (const [key, value] of Object.entries(clean.fields ?? {})) {
      if (value === null) delete fields[key]
    }
    contact.merge({
      ...columns(clean),
      fields,
      consent: mergedConsent(contact.consent, clean.consent, actor),
    } as Partial<Contact>)
    if (!contact.email && !contact.phone) {
      throw invalid([
        {
          field: 'email',
          rule: 'required',
          message: 'an email address or a phone number is required',
        },
      ])
    }
    await contact.useTransaction(trx).save()
    await announce(LIVE_CHANNELS.contacts, 'contact updated', trx)
    return contact
  })
}

export async function deleteContact(id: unknown, _actor: Actor) {
  await db.transaction(async (trx) => {
    const contact = await lockContact(id, trx)
    await contact.useTransaction(trx).delete()
    await announce(LIVE_CHANNELS.contacts, 'contact deleted', trx)
  })
}

/**
 * A page of contacts, newest first, matching `q` in the email, the phone number or the
 * name (case-insensitive substring), with the total that match.
 */
export async function searchContacts(q: string | null | undefined, page = 1) {
  const term = (q ?? '').trim()
  const filtered = () => {
    const query = Contact.query()
    if (term) {
      const like = `%${term.replace(/[%_\\]/g, '\\$&')}%`
      const digits = term.replace(/[^\d+]/g, '')
      query.where((where) => {
        where
          .whereILike('email', like)
          .orWhereRaw(`concat_ws(' ', first_name, last_name) ilike ?`, [like])
        if (digits.length >= 3) where.orWhere('phone', 'like', `%${digits.replace(/^\+/, '')}%`)
      })
    }
    return query
  }
  const current = Math.max(1, Math.floor(page) || 1)
  const [contacts, [{ total }]] = await Promise.all([
    filtered()
      .orderBy('id', 'desc')
      .offset((current - 1) * CONTACTS_PAGE_SIZE)
      .limit(CONTACTS_PAGE_SIZE),
    filtered().count('* as total').pojo<{ total: string }>(),
  ])
  return { contacts, total: Number(total), page: current, pageSize: CONTACTS_PAGE_SIZE }
}

/**
 * Help-desk customers are contacts: called by support when a ticket is opened for an
 * email, in its transaction. Creates the contact (named after the customer, no consent)
 * unless one has that email; an existing contact is left as it is.
 */
export async function ensureCustomerContact(
  customer: { email: string; name: string | null },
  trx: TransactionClientContract
) {
  const [firstName, ...rest] = (customer.name ?? '').trim().split(/\s+/)
  await trx.rawQuery(
    `INSERT INTO contacts (email, first_name, last_name) VALUES (?, ?, ?)
     ON CONFLICT (email) DO NOTHING`,
    [customer.email.trim().toLowerCase(), firstName || null, rest.join(' ') || null] as string[]
  )
}
