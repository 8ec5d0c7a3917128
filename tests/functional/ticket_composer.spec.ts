import { test } from '@japa/runner'
import TicketMessage from '#models/ticket_message'
import { UserFactory } from '#database/factories/user_factory'
import { resetDatabase } from '#tests/helpers/database'
import { openTicket } from '#tests/helpers/support'
import { changeStatus, updateTicketFields } from '#services/support/ticket_service'
import { userActor } from '#services/accounts'

test.group('Help desk / composer: one submit', (group) => {
  group.each.setup(() => resetDatabase())

  test('status, assignee, priority and tags go out with the reply', async ({ client, assert }) => {
    const agent = await UserFactory.merge({ fullName: 'Avery Agent' }).create()
    const ticket = await openTicket()

    const sent = await client
      .post(`/tickets/${ticket.number}/messages`)
      .form({
        kind: 'reply',
        body: 'Refunded; it shows up in 3 days.',
        last_seen_message_id: 0,
        status: 'pending',
        assignee_id: String(agent.id),
        priority: 'high',
        tags: 'billing, Refund',
      })
      .header('HX-Request', 'true')
      .loginAs(agent)
      .withCsrfToken()
    sent.assertStatus(200)
    sent.assertTextIncludes('Reply sent.')
    await ticket.refresh()
    assert.equal(ticket.status, 'pending')
    assert.equal(ticket.assigneeId, agent.id)
    assert.equal(ticket.priority, 'high')
    assert.deepEqual(ticket.tags, ['billing', 'refund'])

    // The composer that comes back shows the new state: no "Keep New", no "Send as Pending".
    const html = sent.text()
    assert.include(html, 'Status: Pending')
    assert.notInclude(html, 'Keep New')
    assert.notInclude(html, 'data-send-as="pending"')
    assert.include(html, 'data-send-as="resolved"')
    assert.match(html, new RegExp(`<option value="${agent.id}" selected>Avery Agent`))
    // The side panel and the conversation are told to refresh.
    assert.include(sent.header('hx-trigger'), 'ticket-replied')

    const page = await client.get(`/tickets/${ticket.number}`).loginAs(agent)
    page.assertTextIncludes('changed the priority from “Medium” to “High”')
    page.assertTextIncludes('set the tags to billing, refund')
  })

  test('a refused reply changes no field either', async ({ client, assert }) => {
    const agent = await UserFactory.create()
    const ticket = await openTicket()
    await changeStatus(ticket, 'closed', userActor(agent))

    const refused = await client
      .post(`/tickets/${ticket.number}/messages`)
      .form({ kind: 'reply', body: 'One more thing', priority: 'urgent', tags: 'late' })
      .header('HX-Request', 'true')
      .loginAs(agent)
      .withCsrfToken()
    refused.assertTextIncludes('This ticket is closed')
    await ticket.refresh()
    assert.equal(ticket.priority, 'medium')
    assert.deepEqual(ticket.tags, [])
    assert.lengthOf(await TicketMessage.query().where('ticket_id', ticket.id), 0)

    // A field at fault is named, and nothing is sent.
    const open = await openTicket()
    const badPriority = await client
      .post(`/tickets/${open.number}/messages`)
      .form({ kind: 'reply', body: 'Sure.', priority: 'extreme' })
      .header('HX-Request', 'true')
      .loginAs(agent)
      .withCsrfToken()
    assert.notInclude(badPriority.text(), 'Write a message before sending.')
    assert.match(badPriority.text(), /role="alert">[^<]*priority/i)
    assert.lengthOf(await TicketMessage.query().where('ticket_id', open.id), 0)
  })

  test('the fields beside the composer follow a change made in the side panel', async ({
    client,
    assert,
  }) => {
    const agent = await UserFactory.create()
    const ticket = await openTicket()
    const before = await client.get(`/tickets/${ticket.number}`).loginAs(agent)
    before.assertTextIncludes('Status: New')

    await client
      .post(`/tickets/${ticket.number}/status`)
      .form({ status: 'resolved' })
      .header('HX-Request', 'true')
      .loginAs(agent)
      .withCsrfToken()
    const state = await client.get(`/tickets/${ticket.number}/composer-state`).loginAs(agent)
    state.assertStatus(200)
    state.assertTextIncludes('Status: Resolved')
    assert.notInclude(state.text(), 'data-send-as')
  })

  test('"Send and next" opens the next ticket of the agent’s queue', async ({ client, assert }) => {
    const agent = await UserFactory.create()
    const other = await UserFactory.create()
    const urgent = await openTicket({ title: 'Site down', priority: 'urgent' })
    const theirs = await openTicket({ title: 'Someone else’s', priority: 'high' })
    await updateTicketFields(theirs, { assigneeId: other.id }, userActor(other))
    const low = await openTicket({ title: 'A typo', priority: 'low' })
    const medium = await openTicket({ title: 'Export slow', priority: 'medium' })

    const send = (number: number) =>
      client
        .post(`/tickets/${number}/messages`)
        .form({ kind: 'reply', body: 'Done.', status: 'resolved', then: 'next' })
        .header('HX-Request', 'true')
        .loginAs(agent)
        .withCsrfToken()
    const first = await send(urgent.number)
    first.assertStatus(204)
    assert.equal(first.header('hx-redirect'), `/tickets/${medium.number}`)
    await urgent.refresh()
    assert.equal(urgent.status, 'resolved')

    // The ticket page links its neighbours in the queue, most urgent first.
    const page = await client.get(`/tickets/${medium.number}`).loginAs(agent)
    assert.match(page.text(), new RegExp(`href="/tickets/${low.number}" data-queue="next"`))
    assert.notInclude(page.text(), `/tickets/${theirs.number}"`)

    const second = await send(medium.number)
    assert.equal(second.header('hx-redirect'), `/tickets/${low.number}`)
    const last = await send(low.number)
    assert.equal(last.header('hx-redirect'), '/tickets?view=mine')
  })
})
