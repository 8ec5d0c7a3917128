import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import Ticket from '#models/ticket'
import TicketStatusHistory from '#models/ticket_status_history'
import TicketMessage from '#models/ticket_message'
import { UserFactory } from '#database/factories/user_factory'
import { resetDatabase } from '#tests/helpers/database'
import { openTicket } from '#tests/helpers/support'
import { waitForBroadcast } from '#tests/helpers/live'
import {
  addMessage,
  changeStatus,
  createTicket,
  updateTicketFields,
} from '#services/support/ticket_service'
import { customerActor, userActor } from '#services/accounts'
import { viewCounts } from '#services/support/inbox'

/** The ticket numbers of an inbox list, in the order shown. */
const rowNumbers = (html: string) =>
  [...html.matchAll(/data-ticket-row="(\d+)"/g)].map((match) => Number(match[1]))

test.group('Help desk / inbox', (group) => {
  group.each.setup(() => resetDatabase())

  test('only agents and admins reach the inbox and tickets', async ({ client }) => {
    const ticket = await openTicket()
    const guest = await client.get('/tickets').redirects(0)
    guest.assertStatus(302)
    guest.assertHeader('location', '/login')
    const guestTicket = await client.get(`/tickets/${ticket.number}`).redirects(0)
    guestTicket.assertStatus(302)
    const agent = await UserFactory.create()
    const page = await client.get('/tickets').loginAs(agent)
    page.assertStatus(200)
    page.assertTextIncludes(ticket.title)
  })

  test('views and their counts follow status and assignee', async ({ client, assert }) => {
    const me = await UserFactory.create()
    const other = await UserFactory.create()
    const mine = await openTicket({ title: 'Mine and open' })
    await updateTicketFields(mine, { assigneeId: me.id }, userActor(me))
    const theirs = await openTicket({ title: 'Assigned elsewhere' })
    await updateTicketFields(theirs, { assigneeId: other.id }, userActor(other))
    await openTicket({ title: 'Nobody has this' })
    const waiting = await openTicket({ title: 'Waiting on the customer' })
    await changeStatus(waiting, 'pending', userActor(me))
    const done = await openTicket({ title: 'Already solved' })
    await changeStatus(done, 'resolved', userActor(me))

    assert.deepEqual(await viewCounts(me.id), {
      mine: 1,
      unassigned: 2,
      open: 4,
      pending: 1,
      resolved: 1,
      all: 5,
    })

    const list = (view: string) => client.get('/tickets/list').qs({ view }).loginAs(me)
    const mineList = await list('mine')
    mineList.assertTextIncludes('Mine and open')
    assert.notInclude(mineList.text(), 'Assigned elsewhere')
    const unassigned = await list('unassigned')
    unassigned.assertTextIncludes('Nobody has this')
    unassigned.assertTextIncludes('Waiting on the customer')
    assert.notInclude(unassigned.text(), 'Mine and open')
    const open = await list('open')
    assert.notInclude(open.text(), 'Already solved')
    open.assertTextIncludes('data-ticket-status="pending">Pending</span>')
    assert.notInclude(open.text(), '@!')
    const resolved = await list('resolved')
    resolved.assertTextIncludes('Already solved')

    const counts = await client.get('/tickets/counts').loginAs(me)
    assert.match(counts.text(), /data-view-count="open">4</)
    assert.match(counts.text(), /data-view-count="mine">1</)

    // Filters combine with the view; an empty filter field means "any".
    const filtered = await client
      .get('/tickets/list')
      .qs({ view: 'all', status: '', priority: '', assignee: 'none', tag: '' })
      .loginAs(me)
    filtered.assertStatus(200)
    filtered.assertTextIncludes('Nobody has this')
    assert.notInclude(filtered.text(), 'Mine and open')
  })

  test('tickets created at the same time do not wait on each other for the counts', async ({
    assert,
  }) => {
    const request = (title: string, email: string) => ({ title, description: title, email })
    const customer = (email: string) => customerActor({ email, name: null })
    const first = await db.transaction()
    const second = await db.transaction()
    try {
      await createTicket(request('One', 'one@shop.test'), 'email', customer('one@shop.test'), first)
      // The count row ('new', unassigned) is kept at commit: the first holds no lock on it yet.
      await second.rawQuery(`SET LOCAL lock_timeout = '2s'`)
      await createTicket(
        request('Two', 'two@shop.test'),
        'email',
        customer('two@shop.test'),
        second
      )
      await second.commit()
      await first.commit()
    } finally {
      for (const trx of [first, second]) if (!trx.isCompleted) await trx.rollback()
    }
    const me = await UserFactory.create()
    const counts = await viewCounts(me.id)
    assert.equal(counts.all, 2)
    assert.equal(counts.unassigned, 2)
  })

  test('keyset pages never repeat or skip a ticket', async ({ client, assert }) => {
    const agent = await UserFactory.create()
    for (let i = 0; i < 7; i++) await openTicket({ title: `Paged ticket ${i}` })
    const seen: number[] = []
    let query: Record<string, string> = { view: 'all', limit: '3' }
    for (let page = 0; page < 5; page++) {
      const response = await client.get('/tickets/list').qs(query).loginAs(agent)
      seen.push(...rowNumbers(response.text()))
      const next = /data-next-cursor="([^"]+)"/.exec(response.text())
      if (!next) break
      query = { view: 'all', limit: '3', cursor: next[1] }
    }
    assert.lengthOf(seen, 7)
    assert.lengthOf(new Set(seen), 7)
  })

  test('search ranks title matches first and finds words in messages', async ({
    client,
    assert,
  }) => {
    const agent = await UserFactory.create()
    const inBody = await openTicket({
      title: 'Something is odd',
      description: 'The invoice total looks wrong on the billing page.',
    })
    const inTitle = await openTicket({
      title: 'Invoice shows the wrong currency',
      description: 'Everything else is fine.',
    })
    const inMessage = await openTicket({ title: 'Slow boards', description: 'Boards load slowly.' })
    await addMessage(
      inMessage,
      { kind: 'customer', body: 'It happens with the zeppelin template.' },
      { kind: 'customer', name: null, email: null }
    )

    const results = await client
      .get('/tickets/list')
      .qs({ view: 'all', q: 'invoice' })
      .loginAs(agent)
    const order = rowNumbers(results.text())
    assert.deepEqual(order, [inTitle.number, inBody.number])
    results.assertTextIncludes('<mark>')

    const byMessage = await client
      .get('/tickets/list')
      .qs({ view: 'all', q: 'zeppelin' })
      .loginAs(agent)
    assert.include(byMessage.text(), `data-ticket-row="${inMessage.number}"`)

    const none = await client
      .get('/tickets/list')
      .qs({ view: 'all', q: 'nonexistentword' })
      .loginAs(agent)
    none.assertTextIncludes('No ticket matches')
  })

  test('search vectors stay in the ticket row; the messages’ vector is the one moved out', async ({
    assert,
  }) => {
    // Search reads 500 candidates' vectors: out of line, each read is a TOAST lookup.
    const { rows } = await db.rawQuery(
      `SELECT attname, attstorage FROM pg_attribute
        WHERE attrelid = 'tickets'::regclass AND attname IN ('search_vector', 'messages_vector')
        ORDER BY attname`
    )
    assert.deepEqual(
      rows.map((row: { attname: string; attstorage: string }) => [row.attname, row.attstorage]),
      [
        ['messages_vector', 'x'],
        ['search_vector', 'm'],
      ]
    )
  })

  test('search finds the newest matches however far back they are', async ({ client, assert }) => {
    // Search reads the newest tickets first and goes further back only while it needs more
    // matches; spread the ids far apart.
    const agent = await UserFactory.create()
    const oldest = await openTicket({ title: 'Zebra stripes in exports' })
    await db.rawQuery(`SELECT setval('tickets_id_seq', 150000)`)
    const older = await openTicket({ title: 'Zebra theme looks off' })
    await db.rawQuery(`SELECT setval('tickets_id_seq', 700000)`)
    const newest = await openTicket({ title: 'Zebra icon missing' })
    await openTicket({ title: 'Unrelated question' })

    const results = await client.get('/tickets/list').qs({ view: 'all', q: 'zebra' }).loginAs(agent)
    const order = rowNumbers(results.text())
    assert.deepEqual(order, [newest.number, older.number, oldest.number])
  })

  test('search results page by rank without repeating a ticket', async ({ client, assert }) => {
    const agent = await UserFactory.create()
    const numbers: number[] = []
    for (let n = 0; n < 53; n++) {
      const title = n === 7 ? 'Quokka quokka export' : `Export number ${n}`
      const ticket = await openTicket({ title, description: 'The quokka board export.' })
      numbers.push(ticket.number)
    }
    const page = async (cursor?: string) => {
      const response = await client
        .get('/tickets/list')
        .qs({ view: 'all', q: 'quokka', ...(cursor ? { cursor } : {}) })
        .loginAs(agent)
      const html = response.text()
      return {
        rows: rowNumbers(html),
        next: html.match(/data-next-cursor="([^"]+)"/)?.[1],
      }
    }
    const first = await page()
    assert.lengthOf(first.rows, 50)
    assert.equal(first.rows[0], numbers[7])
    assert.exists(first.next)
    const second = await page(first.next)
    assert.lengthOf(second.rows, 3)
    assert.isUndefined(second.next)
    assert.sameMembers([...first.rows, ...second.rows], numbers)
  })

  test('search goes on through the full-text index when a word has many non-matching tickets', async ({
    client,
    assert,
  }) => {
    // 5,000 newer word entries whose tickets do not match (here: no longer exist), as a
    // narrow filter would leave them: the older match is still found.
    const agent = await UserFactory.create()
    const older = await openTicket({ title: 'Zebra theme looks off' })
    await db.rawQuery(
      `INSERT INTO ticket_terms (lexeme, ticket_id) SELECT 'zebra', id FROM generate_series(900001, 905000) AS id`
    )
    const results = await client.get('/tickets/list').qs({ view: 'all', q: 'zebra' }).loginAs(agent)
    const order = rowNumbers(results.text())
    assert.deepEqual(order, [older.number])
  })

  test('search handles phrases, exclusions and "or", and follows edits and new messages', async ({
    client,
    assert,
  }) => {
    const agent = await UserFactory.create()
    const withVat = await openTicket({
      title: 'Refund for the annual plan',
      description: 'Please refund the VAT part too.',
    })
    const refund = await openTicket({ title: 'Refund requested', description: 'Charged twice.' })
    const phrase = await openTicket({
      title: 'Blank page after login',
      description: 'The dashboard shows nothing.',
    })
    const bothWords = await openTicket({ title: 'Page is blank', description: 'Nothing renders.' })
    const search = async (q: string) => {
      const response = await client.get('/tickets/list').qs({ view: 'all', q }).loginAs(agent)
      return rowNumbers(response.text()).sort((a, b) => a - b)
    }
    const termsOf = async (ticketId: number) => {
      const { rows } = await db.rawQuery(
        'SELECT lexeme FROM ticket_terms WHERE ticket_id = ? ORDER BY lexeme',
        [ticketId]
      )
      return rows.map((row: { lexeme: string }) => row.lexeme)
    }

    assert.deepEqual(await search('refund -vat'), [refund.number])
    assert.deepEqual(await search('"blank page"'), [phrase.number])
    assert.deepEqual(await search('refund or blank'), [
      withVat.number,
      refund.number,
      phrase.number,
      bothWords.number,
    ])
    assert.deepEqual(await search('the'), [])

    // A word that arrives with a message is found; a word edited out of the title is gone.
    await addMessage(
      bothWords,
      { kind: 'customer', body: 'It happens with the zeppelin template.' },
      { kind: 'customer', name: null, email: null }
    )
    assert.deepEqual(await search('zeppelin'), [bothWords.number])
    await updateTicketFields(refund, { title: 'Charged twice' }, userActor(agent))
    assert.deepEqual(await search('refund'), [withVat.number])
    assert.deepEqual(await termsOf(refund.id), ['charg', 'twice'])

    await db.rawQuery('DELETE FROM tickets WHERE id = ?', [phrase.id])
    assert.deepEqual(await termsOf(phrase.id), [])
  })

  test('bulk actions change many tickets, each in its history, and report what was refused', async ({
    client,
    assert,
  }) => {
    const agent = await UserFactory.create()
    const a = await openTicket({ title: 'Bulk A' })
    const b = await openTicket({ title: 'Bulk B' })
    const closed = await openTicket({ title: 'Bulk closed' })
    await changeStatus(closed, 'closed', userActor(agent))

    const response = await client
      .post('/tickets/bulk')
      .form({ ticket_ids: [a.id, b.id, closed.id], action: 'status', value: 'resolved' })
      .header('HX-Request', 'true')
      .loginAs(agent)
      .withCsrfToken()
    response.assertStatus(200)
    response.assertHeader('hx-trigger', 'bulk-done')
    response.assertTextIncludes('Set status to Resolved')
    response.assertTextIncludes('2 changed')
    response.assertTextIncludes('1 refused')
    response.assertTextIncludes(`#${closed.number}`)
    for (const ticket of [a, b]) {
      await ticket.refresh()
      assert.equal(ticket.status, 'resolved')
      const last = await TicketStatusHistory.query()
        .where('ticket_id', ticket.id)
        .orderBy('id', 'desc')
        .firstOrFail()
      assert.equal(last.actorId, agent.id)
    }

    const assign = await client
      .post('/tickets/bulk')
      .form({ ticket_ids: [a.id, b.id], action: 'assign', value: String(agent.id) })
      .header('HX-Request', 'true')
      .loginAs(agent)
      .withCsrfToken()
    assign.assertTextIncludes('2 changed')
    const tag = await client
      .post('/tickets/bulk')
      .form({ 'ticket_ids[]': String(a.id), 'action': 'add_tag', 'value': 'Billing' })
      .header('HX-Request', 'true')
      .loginAs(agent)
      .withCsrfToken()
    tag.assertTextIncludes('1 changed')
    await a.refresh()
    assert.deepEqual(a.tags, ['billing'])
    assert.equal(a.assigneeId, agent.id)
    const changes = await db.from('ticket_changes').where('ticket_id', a.id).orderBy('id')
    assert.deepEqual(
      changes.map((row) => row.field),
      ['assignee', 'tags']
    )
  })

  test('ticket text is escaped in the inbox and on the ticket page', async ({ client, assert }) => {
    const agent = await UserFactory.create()
    const ticket = await openTicket({ title: '<script>alert(1)</script>', name: '<b>Eve</b>' })
    await addMessage(
      ticket,
      { kind: 'customer', body: '<img src=x onerror=alert(2)>' },
      { kind: 'customer', name: null, email: null }
    )
    for (const url of ['/tickets', '/tickets/list?view=all', `/tickets/${ticket.number}`]) {
      const page = await client.get(url).loginAs(agent)
      assert.notInclude(page.text(), '<script>alert(1)</script>', url)
      assert.notInclude(page.text(), '<img src=x', url)
      assert.notInclude(page.text(), '<b>Eve</b>', url)
      assert.include(page.text(), '&lt;script&gt;alert(1)&lt;/script&gt;', url)
    }
  })

  test('a change is announced to every open inbox and to the ticket page', async ({ assert }) => {
    const agent = await UserFactory.create()
    const ticket = await openTicket()
    // The creation's own announcement may still be on its way: wait for the update's.
    let seen = await waitForBroadcast('support/tickets', 5000, () =>
      updateTicketFields(
        ticket,
        { priority: ticket.priority === 'high' ? 'low' : 'high' },
        userActor(agent)
      )
    )
    if (seen.payload.reason === 'ticket_created') {
      seen = await waitForBroadcast('support/tickets', 5000, async () => {})
    }
    assert.equal(seen.payload.reason, 'ticket_updated')
    const onPage = await waitForBroadcast(`support/tickets/${ticket.number}`, 5000, () =>
      addMessage(ticket, { kind: 'note', body: `note ${Date.now()}` }, userActor(agent))
    )
    assert.equal(onPage.payload.reason, 'message_note')
  })
})

test.group('Help desk / ticket page', (group) => {
  group.each.setup(() => resetDatabase())

  test('status changes follow the workflow and every change is in the timeline', async ({
    client,
    assert,
  }) => {
    const agent = await UserFactory.merge({ fullName: 'Avery Agent' }).create()
    const ticket = await openTicket()

    const moved = await client
      .post(`/tickets/${ticket.number}/status`)
      .form({ status: 'pending', note: 'Asked for a screenshot', note_public: 'true' })
      .loginAs(agent)
      .withCsrfToken()
      .redirects(0)
    moved.assertFlashMessage('success', 'Status changed.')
    await ticket.refresh()
    assert.equal(ticket.status, 'pending')
    const row = await TicketStatusHistory.query()
      .where('ticket_id', ticket.id)
      .orderBy('id', 'desc')
      .firstOrFail()
    assert.deepInclude(row.$attributes, {
      oldStatus: 'new',
      newStatus: 'pending',
      actorType: 'agent',
      actorId: agent.id,
      note: 'Asked for a screenshot',
      notePublic: true,
    })

    await changeStatus(ticket, 'closed', userActor(agent))
    const refused = await client
      .post(`/tickets/${ticket.number}/status`)
      .form({ status: 'in_progress' })
      .loginAs(agent)
      .withCsrfToken()
      .redirects(0)
    assert.match(refused.flashMessages().error as string, /cannot move from Closed to In progress/)
    assert.match(refused.flashMessages().error as string, /cannot change status/)

    const other = await openTicket()
    const invalid = await client
      .post(`/tickets/${other.number}/status`)
      .form({ status: 'new' })
      .loginAs(agent)
      .withCsrfToken()
      .redirects(0)
    assert.match(
      invalid.flashMessages().error as string,
      /already new|From New it can move to In progress, Pending, Resolved or Closed/
    )

    await client
      .put(`/tickets/${other.number}`)
      .form({ assignee_id: String(agent.id), priority: 'urgent', tags: 'billing, Refund' })
      .loginAs(agent)
      .withCsrfToken()
      .redirects(0)
    await other.refresh()
    assert.equal(other.assigneeId, agent.id)
    assert.equal(other.priority, 'urgent')
    assert.deepEqual(other.tags, ['billing', 'refund'])

    const page = await client.get(`/tickets/${other.number}`).loginAs(agent)
    page.assertStatus(200)
    page.assertTextIncludes('Avery Agent</strong>')
    page.assertTextIncludes('assigned the ticket to Avery Agent')
    page.assertTextIncludes('changed the priority from “Medium” to “Urgent”')
    page.assertTextIncludes('set the tags to billing, refund')
  })

  test('replies and internal notes: notes are marked, replies stamp the first response', async ({
    client,
    assert,
  }) => {
    const agent = await UserFactory.create()
    const ticket = await openTicket()
    await client
      .post(`/tickets/${ticket.number}/messages`)
      .form({ kind: 'note', body: 'Customer is on the legacy plan.', last_seen_message_id: 0 })
      .loginAs(agent)
      .withCsrfToken()
      .redirects(0)
    await ticket.refresh()
    assert.isNull(ticket.firstResponseAt)
    assert.equal(ticket.status, 'new')

    const sent = await client
      .post(`/tickets/${ticket.number}/messages`)
      .form({
        kind: 'reply',
        body: 'Thanks, we are on it.',
        last_seen_message_id: 999999,
        status: 'pending',
      })
      .header('HX-Request', 'true')
      .loginAs(agent)
      .withCsrfToken()
    sent.assertStatus(200)
    sent.assertTextIncludes('Reply sent.')
    await ticket.refresh()
    assert.isNotNull(ticket.firstResponseAt)
    assert.equal(ticket.status, 'pending')
    assert.equal(ticket.messageCount, 2)

    const page = await client.get(`/tickets/${ticket.number}`).loginAs(agent)
    page.assertTextIncludes('Internal note · agents only')
    page.assertTextIncludes('Customer is on the legacy plan.')

    const empty = await client
      .post(`/tickets/${ticket.number}/messages`)
      .form({ kind: 'reply', body: '   ' })
      .header('HX-Request', 'true')
      .loginAs(agent)
      .withCsrfToken()
    empty.assertStatus(200)
    empty.assertTextIncludes('Write a message before sending.')
  })

  test('a reply over a message the agent has not seen is held back with the draft', async ({
    client,
    assert,
  }) => {
    const agent = await UserFactory.create()
    const colleague = await UserFactory.merge({ fullName: 'Casey Colleague' }).create()
    const ticket = await openTicket()
    const page = await client.get(`/tickets/${ticket.number}`).loginAs(agent)
    const seen = Number(/name="last_seen_message_id" value="(\d+)"/.exec(page.text())![1])
    assert.equal(seen, 0)

    await addMessage(
      ticket,
      { kind: 'reply', body: 'I already answered this one.' },
      userActor(colleague)
    )

    const held = await client
      .post(`/tickets/${ticket.number}/messages`)
      .form({ kind: 'reply', body: 'My draft answer', last_seen_message_id: seen })
      .header('HX-Request', 'true')
      .loginAs(agent)
      .withCsrfToken()
    held.assertStatus(200)
    held.assertTextIncludes('A new message arrived while you were writing')
    held.assertTextIncludes('I already answered this one.')
    held.assertTextIncludes('My draft answer')
    assert.lengthOf(await TicketMessage.query().where('ticket_id', ticket.id), 1)

    // Having read it, sending again goes through.
    const newest = Number(/name="last_seen_message_id" value="(\d+)"/.exec(held.text())![1])
    assert.isAbove(newest, 0)
    await client
      .post(`/tickets/${ticket.number}/messages`)
      .form({ kind: 'reply', body: 'My draft answer', last_seen_message_id: newest })
      .header('HX-Request', 'true')
      .loginAs(agent)
      .withCsrfToken()
    assert.lengthOf(await TicketMessage.query().where('ticket_id', ticket.id), 2)

    // The agent's own messages never count as unseen.
    await client
      .post(`/tickets/${ticket.number}/messages`)
      .form({ kind: 'note', body: 'Follow-up note', last_seen_message_id: newest })
      .header('HX-Request', 'true')
      .loginAs(agent)
      .withCsrfToken()
    assert.lengthOf(await TicketMessage.query().where('ticket_id', ticket.id), 3)
  })

  test('presence: other agents viewing and replying are listed, then expire', async ({
    client,
    assert,
  }) => {
    const alice = await UserFactory.merge({ fullName: 'Alice Agent' }).create()
    const bob = await UserFactory.merge({ fullName: 'Bob Agent' }).create()
    const ticket = await openTicket()
    const beat = (user: typeof alice, replying: boolean) =>
      client
        .post(`/tickets/${ticket.number}/presence`)
        .form({ replying: String(replying) })
        .loginAs(user)
        .withCsrfToken()

    const alone = await beat(alice, false)
    assert.notInclude(alone.text(), 'data-viewer')
    const withAlice = await beat(bob, true)
    withAlice.assertTextIncludes('Alice Agent')
    withAlice.assertTextIncludes('is viewing')
    const withBob = await beat(alice, false)
    withBob.assertTextIncludes('Bob Agent')
    withBob.assertTextIncludes('is writing a reply')

    await db
      .from('ticket_viewers')
      .where('user_id', bob.id)
      .update({ seen_at: new Date(Date.now() - 60_000) })
    const expired = await beat(alice, false)
    assert.notInclude(expired.text(), 'Bob Agent')

    await client.post(`/tickets/${ticket.number}/presence/leave`).loginAs(alice).withCsrfToken()
    assert.lengthOf(await db.from('ticket_viewers').where('user_id', alice.id), 0)
  })

  test('knowledge-base answers can be looked up for a reply', async ({ client }) => {
    const agent = await UserFactory.create()
    const { defaultCategories, article } = await import('#tests/helpers/knowledge')
    await defaultCategories()
    await article('How do I export a board?', 'Open the **board menu** and choose Export.')
    const hits = await client.get('/tickets/answers').qs({ answer_q: 'export' }).loginAs(agent)
    hits.assertTextIncludes('How do I export a board?')
    hits.assertTextIncludes('Open the **board menu** and choose Export.')
  })

  test('an unknown ticket number is a 404 page', async ({ client }) => {
    const agent = await UserFactory.create()
    const response = await client.get('/tickets/999999').loginAs(agent)
    response.assertStatus(404)
  })
})

test.group('Help desk / model', () => {
  test('ticket numbers are human-sized and sequential', async ({ assert }) => {
    await resetDatabase()
    const first = await openTicket()
    const second = await openTicket()
    assert.equal(first.number, 1001)
    assert.equal(second.number, 1002)
    assert.instanceOf(first, Ticket)
  })
})
