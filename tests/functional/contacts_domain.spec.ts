import { test } from '@japa/runner'
import { resetDatabase } from '#tests/helpers/database'
import { SYSTEM_ACTOR } from '#services/accounts'
import {
  createContacts,
  findContactByEmail,
  findContactByPhone,
  getContact,
  optIn,
  optOut,
  reachability,
} from '#services/contacts'

test.group('Contacts / domain', (group) => {
  group.each.setup(() => resetDatabase())

  test('bulk creation normalizes, dedupes by email or phone and reports errors per input', async ({
    assert,
  }) => {
    const results = await createContacts(
      [
        { email: 'Ada@Example.com', phone: '+1 415 555 0123', firstName: 'Ada' },
        { email: 'not-an-email' },
        { phone: '+14155550123', lastName: 'Lovelace' },
        {},
      ],
      SYSTEM_ACTOR
    )
    assert.deepEqual(
      results.map((result) => (result.ok ? result.status : result.errors.map((e) => e.field))),
      ['created', ['email'], 'duplicate', ['email']]
    )
    const ada = await findContactByEmail('ada@example.com')
    assert.equal(ada!.phone, '+14155550123')
    assert.equal(ada!.lastName, 'Lovelace')
    assert.equal((await findContactByPhone('+14155550123'))!.id, ada!.id)

    const again = await createContacts(
      [{ email: 'ADA@example.com', firstName: 'Augusta' }],
      SYSTEM_ACTOR
    )
    assert.deepEqual(again, [{ ok: true, id: ada!.id, status: 'updated' }])
    const renamed = await getContact(ada!.id)
    assert.equal(renamed.firstName, 'Augusta')
  })

  test('reachability needs an address and consent, and an opt-out wins', async ({ assert }) => {
    const [result] = await createContacts(
      [{ phone: '+33612345678', consent: { sms: { granted: true, source: 'web form' } } }],
      SYSTEM_ACTOR
    )
    assert.isTrue(result.ok)
    const id = (result as { id: number }).id
    let contact = await getContact(id)
    assert.deepEqual(reachability(contact, 'sms'), { ok: true, address: '+33612345678' })
    assert.deepEqual(reachability(contact, 'email'), { ok: false, reason: 'no_address' })
    assert.equal(contact.consent.sms!.source, 'web form')

    contact = await optOut(id, 'sms', 'sms: STOP')
    assert.deepEqual(reachability(contact, 'sms'), { ok: false, reason: 'opted_out' })
    assert.equal(contact.consent.sms!.source, 'sms: STOP')
    assert.isFalse(contact.consent.sms!.granted)

    contact = await optIn(id, 'sms', 'sms: START')
    assert.deepEqual(reachability(contact, 'sms'), { ok: true, address: '+33612345678' })
  })
})
