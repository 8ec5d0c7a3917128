import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import { UserFactory } from '#database/factories/user_factory'
import { resetDatabase } from '#tests/helpers/database'
import { openTicket } from '#tests/helpers/support'
import { SYSTEM_ACTOR } from '#services/accounts'
import { createContacts, findContactByEmail, keepSmsInOutbox, receiveSms } from '#services/contacts'

test.group('Contacts / pages', (group) => {
  group.each.setup(() => resetDatabase())

  test('a help-desk customer is a contact; their page shows consent, tickets and texts', async ({
    client,
    assert,
  }) => {
    const ticket = await openTicket({ name: 'Dana Scully', email: 'Dana@Example.com' })
    const dana = await findContactByEmail('dana@example.com')
    assert.include(dana!.$attributes, { firstName: 'Dana', lastName: 'Scully' })
    await createContacts(
      [
        {
          email: 'dana@example.com',
          phone: '+14155550123',
          consent: { sms: { granted: true, source: 'signup form' } },
        },
      ],
      SYSTEM_ACTOR
    )
    await receiveSms({
      provider: 'twilio',
      providerMessageId: 'SM1',
      from: '+14155550123',
      to: null,
      body: 'Stop',
      receivedAt: DateTime.now(),
    })
    const agent = await UserFactory.create()

    const list = await client.get('/contacts').loginAs(agent)
    list.assertStatus(200)
    list.assertTextIncludes('Dana Scully')
    const search = await client.get('/contacts/table').qs({ q: 'nobody' }).loginAs(agent)
    search.assertTextIncludes('No contact matches')

    const page = await client.get(`/contacts/${dana!.id}`).loginAs(agent)
    page.assertStatus(200)
    page.assertTextIncludes(`#${ticket.number}`)
    page.assertTextIncludes('Opted out')
    page.assertTextIncludes('Withdrawn via twilio SMS: STOP')
    page.assertTextIncludes('Stop')
  })

  test('audiences show their count; the import page and the SMS outbox render', async ({
    client,
  }) => {
    await createContacts(
      [{ email: 'a@example.com', fields: { plan: 'pro' } }, { email: 'b@example.com' }],
      SYSTEM_ACTOR
    )
    await keepSmsInOutbox({ providerMessageId: 'outbox-1', to: '+14155550123', body: 'Hello Ada' })
    const agent = await UserFactory.create()
    const admin = await UserFactory.apply('admin').create()

    const saved = await client
      .post('/contacts/audiences')
      .form({ name: 'Pro', rule: '{"attribute":"fields.plan","op":"eq","value":"pro"}' })
      .withCsrfToken()
      .loginAs(agent)
    saved.assertStatus(200)
    saved.assertTextIncludes('Audience “Pro” saved.')
    const count = await client
      .post('/contacts/audiences/count')
      .form({ rule: '{"attribute":"email","op":"contains","value":"@example.com"}' })
      .header('HX-Request', 'true')
      .withCsrfToken()
      .loginAs(agent)
    count.assertTextIncludes('2')
    const invalid = await client
      .post('/contacts/audiences')
      .form({ name: 'Broken', rule: '{"attribute":"x","op":"nope"}' })
      .header('referer', '/contacts/audiences')
      .withCsrfToken()
      .loginAs(agent)
    invalid.assertTextIncludes('field has-error')
    invalid.assertTextIncludes('rule.op')

    const importPage = await client.get('/contacts/import').loginAs(agent)
    importPage.assertStatus(200)
    const outbox = await client.get('/admin/notifications/sms-outbox').loginAs(admin)
    outbox.assertStatus(200)
    outbox.assertTextIncludes('Hello Ada')
    const forAgent = await client.get('/admin/notifications/sms-outbox').loginAs(agent).redirects(0)
    forAgent.assertStatus(403)
  })
})
