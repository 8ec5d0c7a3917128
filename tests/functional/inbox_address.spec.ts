import { test } from '@japa/runner'
import { UserFactory } from '#database/factories/user_factory'
import { resetDatabase } from '#tests/helpers/database'
import { openTicket } from '#tests/helpers/support'
import { addMessage, changeStatus } from '#services/support/ticket_service'
import { userActor } from '#services/accounts'

test.group('Help desk / inbox address and saved views', (group) => {
  group.each.setup(() => resetDatabase())

  test('filters live in the address: a filter change pushes it, a reload restores it', async ({
    client,
    assert,
  }) => {
    const agent = await UserFactory.create()
    await openTicket({ title: 'Checkout broken', priority: 'high' })
    await openTicket({ title: 'Typo on pricing page', priority: 'low' })

    const changed = await client
      .get('/tickets/list')
      .qs({ view: 'open', q: '', status: '', priority: 'high', assignee: '', tag: '' })
      .header('HX-Request', 'true')
      .header('HX-Source', 'form#inbox-filters')
      .loginAs(agent)
    assert.equal(changed.header('hx-push-url'), '/tickets?view=open&priority=high')
    changed.assertTextIncludes('Checkout broken')
    assert.notInclude(changed.text(), 'Typo on pricing page')

    // A live refresh of the same list leaves the history alone.
    const refreshed = await client
      .get('/tickets/list')
      .qs({ view: 'open', priority: 'high' })
      .header('HX-Request', 'true')
      .header('HX-Source', 'section#ticket-list')
      .loginAs(agent)
    assert.isUndefined(refreshed.header('hx-push-url'))

    // The address alone renders the same inbox: the dropdown and the list agree.
    const reloaded = await client.get('/tickets?view=open&priority=high').loginAs(agent)
    assert.match(reloaded.text(), /<option value="high" selected>/)
    reloaded.assertTextIncludes('Checkout broken')
    assert.notInclude(reloaded.text(), 'Typo on pricing page')
  })

  test('agents save their own views, admins share theirs, each with its count', async ({
    client,
    assert,
  }) => {
    const agent = await UserFactory.create()
    const other = await UserFactory.create()
    const admin = await UserFactory.apply('admin').create()
    await openTicket({ title: 'Card declined', priority: 'urgent', tags: ['billing'] })
    await openTicket({ title: 'Refund please', priority: 'urgent', tags: ['billing'] })
    await openTicket({ title: 'Login loop', priority: 'urgent' })

    const save = (user: typeof agent, form: Record<string, string>) =>
      client
        .post('/tickets/views')
        .form({ view: 'open', q: '', status: '', assignee: '', ...form })
        .header('HX-Request', 'true')
        .loginAs(user)
        .withCsrfToken()
    const saved = await save(agent, { name: 'Urgent billing', priority: 'urgent', tag: 'billing' })
    saved.assertStatus(200)
    saved.assertTextIncludes('View saved.')
    assert.match(
      saved.text(),
      /href="\/tickets\?view=open&amp;priority=urgent&amp;tag=billing" data-saved-view="Urgent billing">[\s\S]*?data-saved-view-count>2</
    )

    // An agent cannot share; an admin can, and everyone sees the shared view.
    const refused = await save(agent, { name: 'For all', priority: 'urgent', shared: 'true' })
    refused.assertTextIncludes('Only admins share views with the team.')
    await save(admin, { name: 'All urgent', priority: 'urgent', shared: 'true' })

    const othersInbox = await client.get('/tickets').loginAs(other)
    othersInbox.assertTextIncludes('data-saved-view="All urgent"')
    assert.notInclude(othersInbox.text(), 'data-saved-view="Urgent billing"')
    assert.notInclude(othersInbox.text(), 'data-saved-view="For all"')

    const sidebar = await client.get('/tickets/counts').qs({ view: 'open' }).loginAs(agent)
    assert.match(sidebar.text(), /data-saved-view="All urgent">[\s\S]*?data-saved-view-count>3</)

    // Only its owner deletes a view (or an admin, a shared one).
    const shared = await client.get('/tickets').loginAs(admin)
    const sharedId = shared.text().match(/\/tickets\/views\/(\d+)\?_method=DELETE/)![1]
    const notYours = await client
      .delete(`/tickets/views/${sharedId}`)
      .header('HX-Request', 'true')
      .loginAs(agent)
      .withCsrfToken()
    notYours.assertFlashMessage('error', 'Only its owner (or an admin, if shared) deletes a view.')
    const deleted = await client
      .delete(`/tickets/views/${sharedId}`)
      .header('HX-Request', 'true')
      .loginAs(admin)
      .withCsrfToken()
    deleted.assertTextIncludes('View deleted.')
    assert.notInclude(deleted.text(), 'All urgent')

    const nameless = await save(agent, { name: '  ' })
    nameless.assertTextIncludes('role="alert"')
  })

  test('an empty filtered inbox offers to clear the filters; search reaches closed tickets', async ({
    client,
    assert,
  }) => {
    const agent = await UserFactory.create()
    const closed = await openTicket({ title: 'Invoice address wrong' })
    await changeStatus(closed, 'closed', userActor(agent))

    const empty = await client
      .get('/tickets/list')
      .qs({ view: 'open', priority: 'urgent' })
      .loginAs(agent)
    assert.match(empty.text(), /href="\/tickets\?view=open" data-clear-filters>Clear filters/)

    const searched = await client
      .get('/tickets/list')
      .qs({ view: 'open', q: 'invoice' })
      .loginAs(agent)
    assert.match(searched.text(), /href="\/tickets\?view=all&amp;q=invoice" data-search-all/)
    const everywhere = await client
      .get('/tickets/list')
      .qs({ view: 'all', q: 'invoice' })
      .loginAs(agent)
    everywhere.assertTextIncludes('Invoice address wrong')
  })

  test('the reply count counts agents’ replies only', async ({ client, assert }) => {
    const agent = await UserFactory.create()
    const ticket = await openTicket({ title: 'Slow dashboard' })
    const actor = userActor(agent)
    await addMessage(ticket, { kind: 'note', body: 'Probably the cache.' }, actor)
    await addMessage(ticket, { kind: 'reply', body: 'Looking into it.' }, actor)
    await addMessage(
      ticket,
      { kind: 'customer', body: 'Still slow.' },
      { kind: 'customer', name: 'Dana', email: null }
    )
    const list = await client.get('/tickets/list').qs({ view: 'open' }).loginAs(agent)
    assert.match(list.text(), /· 1 reply\b/)
  })
})
