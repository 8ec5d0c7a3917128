import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { resetDatabase } from '#tests/helpers/database'
import { apiToken } from '#tests/helpers/api'
import { SYSTEM_ACTOR } from '#services/accounts'
import { countAudience, createContacts, findContactByEmail, saveAudience } from '#services/contacts'

const contactCount = async () => {
  const [{ count }] = await db.from('contacts').count('* as count')
  return Number(count)
}

test.group('Contacts API', (group) => {
  group.each.setup(() => resetDatabase())

  test('one contact: 201 with its normalized fields; 422 names the bad fields', async ({
    client,
    assert,
  }) => {
    const { token } = await apiToken(['manage'])
    const created = await client
      .post('/api/contacts')
      .bearerToken(token)
      .json({
        email: ' Ada@Example.COM ',
        phone: '+1 (415) 555-0123',
        first_name: 'Ada',
        time_zone: 'America/Los_Angeles',
        fields: { plan: 'pro', seats: 5 },
        consent: { sms: { granted: true, source: 'signup form' } },
      })
    created.assertStatus(201)
    const contact = created.body().data
    assert.include(contact, { email: 'ada@example.com', phone: '+14155550123', first_name: 'Ada' })
    assert.deepEqual(contact.fields, { plan: 'pro', seats: 5 })
    assert.equal(contact.consent.sms.source, 'signup form')
    assert.isTrue(contact.consent.sms.granted)

    const invalid = await client
      .post('/api/contacts')
      .bearerToken(token)
      .json({ email: 'nope', phone: '12', time_zone: 'Mars/Base' })
    invalid.assertStatus(422)
    assert.sameMembers(
      invalid.body().error.fields.map((field: { field: string }) => field.field),
      ['email', 'phone', 'time_zone']
    )
    const anonymous = await client.post('/api/contacts').json({ email: 'x@example.com' })
    anonymous.assertStatus(401)
    const { token: tracking } = await apiToken(['track'])
    const withoutManage = await client
      .post('/api/contacts')
      .bearerToken(tracking)
      .json({ email: 'x@example.com' })
    withoutManage.assertStatus(403)
    assert.equal(await contactCount(), 1)
  })

  test('10,000 contacts in one request: each gets its id or its errors, deduplicated', async ({
    client,
    assert,
  }) => {
    const { token } = await apiToken(['manage'])
    await createContacts([{ email: 'existing@example.com', firstName: 'Old' }], SYSTEM_ACTOR)
    const contacts = Array.from({ length: 10_000 }, (_, index) => {
      if (index % 1000 === 7) return { email: `broken-${index}` }
      // The same person twice in the batch, written differently.
      if (index % 1000 === 8) return { email: `PERSON${index - 1}@example.com`, last_name: 'Again' }
      if (index === 9999) return { email: 'existing@example.com', first_name: 'New' }
      return {
        email: `person${index}@example.com`,
        phone: `+1415555${String(index).padStart(4, '0')}`,
      }
    })
    const started = Date.now()
    const response = await client.post('/api/contacts').bearerToken(token).json({ contacts })
    const elapsed = Date.now() - started
    response.assertStatus(200)
    const body = response.body()
    assert.lengthOf(body.data, 10_000)
    assert.equal(body.failed, 10)
    assert.equal(body.duplicate, 0)
    assert.equal(body.updated, 1)
    // index % 1000 === 8 points at the broken row's address, so it is a new contact.
    assert.equal(body.created, 10_000 - 10 - 1)
    assert.deepEqual(body.data[7], {
      index: 7,
      errors: [{ field: 'email', rule: 'email', message: 'must be a valid email address' }],
    })
    assert.equal(body.data[9999].status, 'updated')
    assert.equal((await findContactByEmail('existing@example.com'))!.firstName, 'New')
    assert.equal(await contactCount(), 1 + body.created)
    assert.isBelow(elapsed, 20_000)

    // Again: every valid one now exists and is updated, none is created twice.
    const again = await client
      .post('/api/contacts')
      .bearerToken(token)
      .json({ contacts: contacts.slice(0, 100) })
    assert.equal(again.body().created, 0)
    assert.equal(again.body().updated, 99)
    assert.equal(await contactCount(), 1 + body.created)

    const tooMany = await client
      .post('/api/contacts')
      .bearerToken(token)
      .json({ contacts: Array.from({ length: 10_001 }, () => ({ email: 'a@example.com' })) })
    tooMany.assertStatus(422)
    tooMany.assertBodyContains({ error: { fields: [{ field: 'contacts', rule: 'maxLength' }] } })
  })

  test('in-batch duplicates merge; an email and a phone of two contacts is an error', async ({
    client,
    assert,
  }) => {
    const { token } = await apiToken(['manage'])
    await createContacts([{ email: 'a@example.com' }, { phone: '+14155550100' }], SYSTEM_ACTOR)
    const response = await client
      .post('/api/contacts')
      .bearerToken(token)
      .json({
        contacts: [
          { email: 'b@example.com', first_name: 'Bea' },
          { email: 'B@example.com', phone: '+14155550199' },
          { email: 'a@example.com', phone: '+14155550100' },
        ],
      })
    const [first, second, third] = response.body().data
    assert.equal(first.status, 'created')
    assert.deepEqual(second, { index: 1, id: first.id, status: 'duplicate' })
    assert.deepEqual(
      third.errors.map((error: { field: string; rule: string }) => [error.field, error.rule]),
      [
        ['email', 'conflict'],
        ['phone', 'conflict'],
      ]
    )
    const bea = await findContactByEmail('b@example.com')
    assert.equal(bea!.phone, '+14155550199')
    assert.equal(bea!.firstName, 'Bea')
  })

  test('read, search, update and delete', async ({ client, assert }) => {
    const { token } = await apiToken(['manage'])
    const results = await createContacts(
      [
        { email: 'grace@example.com', firstName: 'Grace', lastName: 'Hopper' },
        { email: 'alan@example.com', firstName: 'Alan', phone: '+442071838750' },
      ],
      SYSTEM_ACTOR
    )
    const [grace, alan] = results.map((result) => (result.ok ? result.id : 0))

    const found = await client.get('/api/contacts').qs({ q: 'hopper' }).bearerToken(token)
    assert.deepEqual(
      found.body().data.map((contact: { id: number }) => contact.id),
      [grace]
    )
    const byPhone = await client.get('/api/contacts').qs({ q: '2071838' }).bearerToken(token)
    assert.deepEqual(
      byPhone.body().data.map((contact: { id: number }) => contact.id),
      [alan]
    )
    const all = await client.get('/api/contacts').bearerToken(token)
    assert.equal(all.body().total, 2)

    const updated = await client
      .put(`/api/contacts/${grace}`)
      .bearerToken(token)
      .json({ phone: '+14155550111', fields: { team: 'navy' } })
    updated.assertStatus(200)
    assert.include(updated.body().data, { phone: '+14155550111', last_name: 'Hopper' })
    const taken = await client
      .put(`/api/contacts/${grace}`)
      .bearerToken(token)
      .json({ email: 'alan@example.com' })
    taken.assertStatus(422)
    taken.assertBodyContains({ error: { fields: [{ field: 'email', rule: 'unique' }] } })

    const deleted = await client.delete(`/api/contacts/${grace}`).bearerToken(token)
    deleted.assertStatus(204)
    const gone = await client.get(`/api/contacts/${grace}`).bearerToken(token)
    gone.assertStatus(404)
    const notAnId = await client.get('/api/contacts/abc').bearerToken(token)
    notAnId.assertStatus(404)
  })

  test('CSV import: the dry run reports per-row errors and keeps nothing; then imports', async ({
    client,
    assert,
  }) => {
    const { token } = await apiToken(['manage'])
    await createContacts([{ email: 'kept@example.com', firstName: 'Kept' }], SYSTEM_ACTOR)
    const csv = [
      'E-mail;Mobile;First name;Plan;SMS consent',
      'ada@example.com;+14155550123;Ada;pro;yes',
      'not-an-email;;Bob;free;no',
      'kept@example.com;;Kept again;pro;',
      '"quoted@example.com";"+1 415 555 0124";"Smith; John";team;maybe',
      'ADA@example.com;;Ada L.;pro;',
    ].join('\r\n')
    const dry = await client
      .post('/api/contacts/import')
      .bearerToken(token)
      .json({ csv, mapping: { Plan: 'fields.plan' }, dry_run: true })
    dry.assertStatus(200)
    const report = dry.body()
    assert.include(report, {
      dry_run: true,
      rows: 5,
      created: 1,
      updated: 1,
      duplicates: 1,
      failed: 2,
    })
    assert.deepEqual(report.mapping, {
      'E-mail': 'email',
      'Mobile': 'phone',
      'First name': 'first_name',
      'Plan': 'fields.plan',
      'SMS consent': 'consent.sms',
    })
    assert.deepEqual(
      report.errors.map((error: { line: number; column: string }) => [error.line, error.column]),
      [
        [3, 'E-mail'],
        [5, 'SMS consent'],
      ]
    )
    assert.equal(await contactCount(), 1)

    const done = await client
      .post('/api/contacts/import')
      .bearerToken(token)
      .json({ csv, mapping: { Plan: 'fields.plan' } })
    assert.include(done.body(), { dry_run: false, created: 1, updated: 1, failed: 2 })
    const ada = await findContactByEmail('ada@example.com')
    assert.equal(ada!.firstName, 'Ada L.')
    assert.deepEqual(ada!.fields, { plan: 'pro' })
    assert.isTrue(ada!.consent.sms!.granted)
    assert.equal(ada!.consent.sms!.source, 'CSV import')

    const noAddress = await client
      .post('/api/contacts/import')
      .bearerToken(token)
      .json({ csv: 'Name\nAda', dry_run: true })
    noAddress.assertStatus(422)
    noAddress.assertBodyContains({ error: { fields: [{ field: 'mapping' }] } })
  })

  test('audiences count the contacts their rule matches', async ({ assert }) => {
    await createContacts(
      [
        {
          email: 'a@example.com',
          fields: { plan: 'pro' },
          consent: { sms: { granted: true } },
          phone: '+14155550001',
        },
        { email: 'b@example.com', fields: { plan: 'pro' } },
        { email: 'c@corp.example', fields: { plan: 'free' } },
      ],
      SYSTEM_ACTOR
    )
    const pro = await saveAudience({
      name: 'Pro plan',
      rule: { attribute: 'fields.plan', op: 'eq', value: 'pro' },
    })
    assert.equal(await countAudience(pro.id), 2)
    const textable = await saveAudience({
      name: 'Pro, SMS',
      rule: {
        all: [
          { attribute: 'fields.plan', op: 'eq', value: 'pro' },
          { attribute: 'sms_consent', op: 'eq', value: true },
        ],
      },
    })
    assert.equal(await countAudience(textable.id), 1)
    const corp = await saveAudience({
      name: 'Corp',
      rule: { attribute: 'email_domain', op: 'eq', value: 'corp.example' },
    })
    assert.equal(await countAudience(corp.id), 1)
    await assert.rejects(() =>
      saveAudience({ name: 'Bad', rule: { attribute: 'plan', op: 'nope' } })
    )
  })
})
