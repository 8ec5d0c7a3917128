import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type Contact from '#models/contact'
import type { ContactChannel } from '#models/contact'
import { announce, LIVE_CHANNELS } from '#services/live'
import { lockContact } from '#services/contacts/contact_service'
import { consentEntry } from '#services/contacts/contact_input'

export type Reachability =
  { ok: true; address: string } | { ok: false; reason: 'no_address' | 'no_consent' | 'opted_out' }

type Reachable = Pick<Contact, 'email' | 'phone' | 'consent' | 'emailOptedOutAt' | 'smsOptedOutAt'>

/**
 * Whether a message may go to the contact on the channel, checked at send time: an
 * address, no opt-out, and consent given (an opt-out wins over any consent).
 */
export function reachability(contact: Reachable, channel: ContactChannel): Reachability {
  const address = channel === 'email' ? contact.email : contact.phone
  if (!address) return { ok: false, reason: 'no_address' }
  const optedOut = channel === 'email' ? contact.emailOptedOutAt : contact.smsOptedOutAt
  if (optedOut) return { ok: false, reason: 'opted_out' }
  if (!contact.consent?.[channel]?.granted) return { ok: false, reason: 'no_consent' }
  return { ok: true, address }
}

const optedOutColumn = (channel: ContactChannel) =>
  channel === 'email' ? 'emailOptedOutAt' : 'smsOptedOutAt'

/**
 * The contact stops all messages on the channel at once (STOP, an unsubscribe link, an
 * agent): the opt-out time is kept and the consent is recorded as withdrawn with its source.
 * Opting out twice keeps the first time.
 */
export async function optOut(
  contactId: number,
  channel: ContactChannel,
  source: string,
  trx?: TransactionClientContract
) {
  return changeOptIn(contactId, channel, source, false, trx)
}

/** The contact asks for messages again (START, UNSTOP, an agent): consent given, opt-out cleared. */
export async function optIn(
  contactId: number,
  channel: ContactChannel,
  source: string,
  trx?: TransactionClientContract
) {
  return changeOptIn(contactId, channel, source, true, trx)
}

async function changeOptIn(
  contactId: number,
  channel: ContactChannel,
  source: string,
  granted: boolean,
  outer?: TransactionClientContract
) {
  const work = async (trx: TransactionClientContract) => {
    const contact = await lockContact(contactId, trx)
    const column = optedOutColumn(channel)
    if (granted) contact[column] = null
    else contact[column] ??= DateTime.now()
    contact.consent = { ...contact.consent, [channel]: consentEntry(granted, source) }
    await contact.useTransaction(trx).save()
    await announce(LIVE_CHANNELS.contacts, granted ? 'opted in' : 'opted out', trx)
    return contact
  }
  return outer ? work(outer) : db.transaction(work)
}
