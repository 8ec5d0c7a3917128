import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { UserFactory } from '#database/factories/user_factory'
import { resetDatabase } from '#tests/helpers/database'
import { openTicket } from '#tests/helpers/support'
import { runningExperiment } from '#tests/helpers/experiments'
import { addMessage, updateTicketFields } from '#services/support/ticket_service'
import { userActor } from '#services/accounts'

/** Moves a ticket's opening time back, as if it had waited that long. */
const openedMinutesAgo = (id: number, minutes: number) =>
  db
    .from('tickets')
    .where('id', id)
    .update({ created_at: new Date(Date.now() - minutes * 60_000) })

test.group('Home: the first screen has work on it', (group) => {
  group.each.setup(() => resetDatabase())

  test('an agent sees their open tickets, the unassigned ones and first responses due', async ({
    client,
    assert,
  }) => {
    const agent = await UserFactory.merge({ fullName: 'Avery Agent' }).create()
    const actor = userActor(agent)
    for (const title of ['Mine one', 'Mine two']) {
      await updateTicketFields(await openTicket({ title }), { assigneeId: agent.id }, actor)
    }
    // Urgent: a first response is due within an hour of opening.
    const soon = await openTicket({ title: 'Site down', priority: 'urgent' })
    await openedMinutesAgo(soon.id, 30)
    const late = await openTicket({ title: 'Checkout fails', priority: 'urgent' })
    await openedMinutesAgo(late.id, 90)
    // Answered already: not due any more.
    const answered = await openTicket({ title: 'Answered', priority: 'urgent' })
    await openedMinutesAgo(answered.id, 90)
    await addMessage(answered, { kind: 'reply', body: 'On it.' }, actor)

    const home = await client.get('/').loginAs(agent)
    home.assertStatus(200)
    const count = (key: string) =>
      home.text().match(new RegExp(`data-home-count="${key}">\\s*<span class="value">(\\d+)`))?.[1]
    assert.equal(count('mine'), '2')
    assert.equal(count('unassigned'), '3')
    assert.equal(count('breaching'), '1')
    assert.equal(count('overdue'), '1')
    assert.notInclude(home.text(), 'Everything your team works on')
    assert.notInclude(home.text(), 'Running experiments')
  })

  test('an admin also sees the running experiments', async ({ client }) => {
    const admin = await UserFactory.apply('admin').create()
    await runningExperiment({ name: 'Pricing page headline', key: 'pricing-headline' })
    const home = await client.get('/').loginAs(admin)
    home.assertTextIncludes('Running experiments')
    home.assertTextIncludes('Pricing page headline')
  })
})
