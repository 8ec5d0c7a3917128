import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { UserFactory } from '#database/factories/user_factory'
import { resetDatabase } from '#tests/helpers/database'
import { openTicket } from '#tests/helpers/support'
import { article, defaultCategories } from '#tests/helpers/knowledge'
import type User from '#models/user'
import type { ApiClient } from '@japa/api-client'

const REPLY = {
  title: 'Refund sent',
  body: 'Hi {customer_first_name}, the refund for {ticket_number} is on its way. {agent_name}',
  set_status: 'resolved',
  set_priority: 'low',
  set_assignee: 'me',
  add_tags: 'refund, Billing',
}

function create(client: ApiClient, user: User, fields: Record<string, string>) {
  return client
    .post('/tickets/saved-replies')
    .form(fields)
    .redirects(0)
    .loginAs(user)
    .withCsrfToken()
}

function picker(client: ApiClient, user: User, number: number, q = '') {
  return client
    .get(`/tickets/${number}/saved-replies`)
    .qs({ reply_q: q })
    .header('HX-Request', 'true')
    .loginAs(user)
}

test.group('Help desk / saved replies and macros', (group) => {
  group.each.setup(() => resetDatabase())

  test('an agent keeps personal saved replies; the picker fills placeholders for the ticket', async ({
    client,
    assert,
  }) => {
    const avery = await UserFactory.merge({ fullName: 'Avery Agent' }).create()
    const blake = await UserFactory.merge({ fullName: 'Blake Agent' }).create()
    await defaultCategories()
    const faq = await article('How do refunds work?', 'They take **3 days**.')
    const created = await create(client, avery, {
      ...REPLY,
      body: `${REPLY.body}\n\nSee {article:${faq.id}} and {article:999999}.`,
    })
    created.assertStatus(302)

    const page = await client.get('/tickets/saved-replies').loginAs(avery)
    page.assertStatus(200)
    page.assertTextIncludes('Refund sent')
    page.assertTextIncludes(
      'Status: Resolved · Priority: Low · Assignee: whoever sends it · Tags: +refund +billing'
    )
    // Personal: nobody else sees it.
    const other = await client.get('/tickets/saved-replies').loginAs(blake)
    assert.notInclude(other.text(), 'Refund sent')

    const ticket = await openTicket({ name: 'Dana Scully' })
    const found = await picker(client, avery, ticket.number, 'refund')
    found.assertStatus(200)
    const html = found.text()
    assert.include(html, `Hi Dana, the refund for #${ticket.number} is on its way. Avery Agent`)
    assert.match(
      html,
      new RegExp(
        `See \\[How do refunds work\\?\\]\\(http[^)]+/help/articles/${faq.id}/how-do-refunds-work\\)`
      )
    )
    // An article that does not exist stays as written, so the agent sees it.
    assert.include(html, '{article:999999}')
    assert.include(html, 'data-status="resolved"')
    assert.include(html, 'data-priority="low"')
    assert.include(html, `data-assignee="${avery.id}"`)
    assert.include(html, 'data-tags="refund, billing"')

    const none = await picker(client, avery, ticket.number, 'password')
    assert.include(none.text(), 'No saved reply matches')
    const blakes = await picker(client, blake, ticket.number)
    assert.notInclude(blakes.text(), 'Refund sent')
  })

  test('admins share saved replies; agents use them but cannot share, change or delete them', async ({
    client,
    assert,
  }) => {
    const admin = await UserFactory.apply('admin').create()
    const agent = await UserFactory.create()
    const refused = await create(client, agent, { title: 'Mine', body: 'Hello', shared: 'true' })
    // Refused: back to the form with the reason, nothing saved.
    refused.assertStatus(302)
    assert.equal(refused.flashMessages().error, 'Only admins share saved replies with the team.')
    assert.lengthOf(await db.from('saved_replies'), 0)

    const shared = await create(client, admin, {
      title: 'Team greeting',
      body: 'Hello {customer_name}',
      shared: 'true',
    })
    shared.assertStatus(302)
    const [row] = await db.from('saved_replies')
    assert.isNull(row.owner_id)

    const ticket = await openTicket({ name: null as any, email: 'dana@example.com' })
    const seen = await picker(client, agent, ticket.number)
    assert.include(seen.text(), 'Hello dana@example.com')
    assert.include(seen.text(), 'Shared')

    const change = await client
      .put(`/tickets/saved-replies/${row.id}`)
      .form({ title: 'Changed', body: 'x' })
      .redirects(0)
      .loginAs(agent)
      .withCsrfToken()
    assert.equal(
      change.flashMessages().error,
      'Only its owner (or an admin, if shared) changes a saved reply.'
    )
    const remove = await client
      .delete(`/tickets/saved-replies/${row.id}`)
      .redirects(0)
      .loginAs(agent)
      .withCsrfToken()
    assert.equal(
      remove.flashMessages().error,
      'Only its owner (or an admin, if shared) changes a saved reply.'
    )
    const kept = await db.from('saved_replies').first()
    assert.equal(kept.title, 'Team greeting')
    assert.lengthOf(await db.from('saved_replies'), 1)

    const removed = await client
      .delete(`/tickets/saved-replies/${row.id}`)
      .redirects(0)
      .loginAs(admin)
      .withCsrfToken()
    removed.assertStatus(302)
    assert.lengthOf(await db.from('saved_replies'), 0)
  })

  test('bad input goes back to the form, never a 500, and saves nothing', async ({
    client,
    assert,
  }) => {
    const agent = await UserFactory.create()
    const bad = await client
      .post('/tickets/saved-replies')
      .form({ title: '', body: '', set_status: 'done', set_assignee: '999999', add_tags: '!!' })
      .header('referer', '/tickets/saved-replies')
      .redirects(0)
      .loginAs(agent)
      .withCsrfToken()
    bad.assertStatus(302)
    assert.equal(bad.header('location'), '/tickets/saved-replies')
    assert.includeMembers(Object.keys(bad.flashMessages().inputErrorsBag), [
      'title',
      'body',
      'set_status',
      'set_assignee',
    ])
    assert.lengthOf(await db.from('saved_replies'), 0)
  })
})
