import type { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { ContactReplied, type ReplyKeyword } from '#events/contact_events'
import { announce, LIVE_CHANNELS } from '#services/live'
import { findContactByPhone } from '#services/contacts/contact_service'
import { normalizePhone } from '#services/contacts/contact_input'
import { optIn, optOut } from '#services/contacts/consent'

/** Carriers' and providers' standard keywords (CTIA): the whole message, any case. */
const STOP_WORDS = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT'])
const START_WORDS = new Set(['START', 'UNSTOP'])

/** `stop`, `start`, or null: a keyword counts only as the whole message ("Stop." too). */
export function replyKeyword(body: string): ReplyKeyword {
  const word = body
    .trim()
    .replace(/[\s.!]+$/u, '')
    .toUpperCase()
  if (STOP_WORDS.has(word)) return 'stop'
  if (START_WORDS.has(word)) return 'start'
  return null
}

export interface InboundSms {
  provider: 'twilio' | 'openphone'
  providerMessageId: string
  from: string
  to: string | null
  body: string
  receivedAt: DateTime
}

export type InboundOutcome =
  | { outcome: 'duplicate' }
  | { outcome: 'received'; contactId: number; keyword: ReplyKeyword; newContact: boolean }

/**
 * One inbound text, once: a repeated webhook (same provider and message id) changes
 * nothing. STOP-like keywords opt the sender out of SMS at once, START/UNSTOP back in.
 * A sender who is not a contact yet becomes one, with their number and no consent: the
 * reply is kept, and a STOP is remembered should the number be imported later.
 * ContactReplied is published in the same transaction.
 */
export async function receiveSms(sms: InboundSms): Promise<InboundOutcome> {
  const from = normalizePhone(sms.from) ?? sms.from.trim()
  const keyword = replyKeyword(sms.body)
  return db.transaction(async (trx) => {
    const inserted = await trx.rawQuery(
      `INSERT INTO sms_inbound
         (provider, provider_message_id, from_number, to_number, body, keyword, received_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (provider, provider_message_id) DO NOTHING RETURNING id`,
      [
        sms.provider,
        sms.providerMessageId,
        from,
        // node-postgres sends null as NULL; Lucid's binding type omits it.
        sms.to as string,
        sms.body,
        keyword as string,
        sms.receivedAt.toJSDate(),
      ]
    )
    const row = inserted.rows[0] as { id: string } | undefined
    if (!row) return { outcome: 'duplicate' }

    let contact = await findContactByPhone(from, trx)
    const newContact = !contact
    if (!contact) {
      // A concurrent first text from the same number may have created it meanwhile.
      await trx.rawQuery('INSERT INTO contacts (phone) VALUES (?) ON CONFLICT (phone) DO NOTHING', [
        from,
      ])
      contact = (await findContactByPhone(from, trx))!
    }
    const source = `${sms.provider} SMS: ${sms.body.trim().slice(0, 20).toUpperCase()}`
    if (keyword === 'stop') await optOut(contact.id, 'sms', source, trx)
    if (keyword === 'start') await optIn(contact.id, 'sms', source, trx)
    await trx.from('sms_inbound').where('id', row.id).update({ contact_id: contact.id })
    await ContactReplied.publish(
      {
        contactId: contact.id,
        channel: 'sms',
        body: sms.body,
        receivedAt: sms.receivedAt,
        providerMessageId: sms.providerMessageId,
        keyword,
      },
      trx
    )
    await announce(LIVE_CHANNELS.contacts, 'sms received', trx)
    return { outcome: 'received', contactId: contact.id, keyword, newContact }
  })
}

/** A contact's latest inbound texts, newest first (the contact page). */
export function inboundSmsOf(contactId: number, limit = 20) {
  return db
    .from('sms_inbound')
    .where('contact_id', contactId)
    .orderBy('received_at', 'desc')
    .limit(limit)
    .select('provider', 'body', 'keyword', 'received_at')
}
