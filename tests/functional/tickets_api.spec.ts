import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import db from '@adonisjs/lucid/services/db'
import Ticket from '#models/ticket'
import { UserFactory } from '#database/factories/user_factory'
import { addMessage } from '#services/support/ticket_service'
import { purgeExpiredIdempotencyKeys } from '#services/support/idempotency'
import { resetDatabase } from '#tests/helpers/database'
import { apiToken } from '#tests/helpers/api'

const TICKET = {
  title: 'Cannot export my invoices',
  description: 'The export button spins forever on the billing page.',
  contact_email: 'Dana@Example.com',
  contact_name: 'Dana Scully',
}

/** Opens a ticket through the API and answers its JSON. */
async function open(client: ApiClient, token: string, fields: Record<string, unknown> = {}) {
  const response = await client
    .post('/api/tickets')
    .bearerToken(token)
    .json({ ...TICKET, ...fields })
  response.assertStatus(201)
  return response.body()
}

function fieldsOf(response: { body(): any }) {
  return response.body().error.fields.map((field: { field: string }) => field.field)
}

test.group('Tickets API / create and read', (group) => {
  group.each.setup(() => resetDatabase())

  test('a support token opens a ticket', async ({ client, assert }) => {
    const { admin, token } = await apiToken(['support'])
    const created = await client
      .post('/api/tickets')
      .bearerToken(token)
      .json({ ...TICKET, priority: 'high', tags: ['Billing', 'export'] })
    created.assertStatus(201)
    const ticket = created.body()
    assert.containsSubset(ticket, {
      title: TICKET.title,
      description: TICKET.description,
      priority: 'high',
      status: 'new',
      contact_email: 'dana@example.com',
      contact_name: 'Dana Scully',
      assignee: null,
      tags: ['billing', 'export'],
      source: 'api',
      message_count: 0,
      first_response_at: null,
      resolved_at: null,
      closed_at: null,
      allowed_transitions: ['in_progress', 'pending', 'resolved', 'closed'],
    })
    assert.isAtLeast(ticket.number, 1001)
    assert.match(ticket.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$/)
    assert.match(
      ticket.links.customer_portal,
      new RegExp(`^https?://[^/]+/help/tickets/${ticket.number}/[0-9a-z]+\\.[\\w-]{32}$`)
    )

    const history = await client.get(`/api/tickets/${ticket.id}/history`).bearerToken(token)
    history.assertStatus(200)
    assert.lengthOf(history.body(), 1)
    assert.containsSubset(history.body()[0], {
      old_status: null,
      new_status: 'new',
      changed_by: { type: 'agent', id: admin.id, name: admin.fullName },
      note: null,
      note_public: false,
    })
  })

  test('a ticket can be opened already assigned', async ({ client, assert }) => {
    const { token } = await apiToken(['support'])
    const agent = await UserFactory.create()
    const ticket = await open(client, token, { assignee_id: agent.id, tags: 'vip, Mobile App' })
    assert.deepEqual(ticket.assignee, { id: agent.id, name: agent.fullName })
    assert.deepEqual(ticket.tags, ['vip', 'mobile-app'])
  })

  test('invalid fields are refused with field messages', async ({ client, assert }) => {
    const { token } = await apiToken(['support'])
    const response = await client
      .post('/api/tickets')
      .bearerToken(token)
      .json({ description: TICKET.description, contact_email: 'not-an-email', priority: 'asap' })
    response.assertStatus(422)
    response.assertBodyContains({ error: { code: 'validation_failed' } })
    assert.sameMembers(fieldsOf(response), ['title', 'contact_email', 'priority'])
    assert.lengthOf(await Ticket.all(), 0)
  })

  test('every route needs a token with the support ability', async ({ client }) => {
    const anonymous = await client.get('/api/tickets')
    anonymous.assertStatus(401)
    anonymous.assertBodyContains({ error: { code: 'unauthenticated' } })
    const anonymousWrite = await client.post('/api/tickets').json(TICKET)
    anonymousWrite.assertStatus(401)

    const { token } = await apiToken(['track', 'manage'])
    const list = await client.get('/api/tickets').bearerToken(token)
    list.assertStatus(403)
    list.assertBodyContains({ error: { code: 'missing_ability' } })
    const write = await client.post('/api/tickets').bearerToken(token).json(TICKET)
    write.assertStatus(403)
  })

  test('an unknown ticket is a JSON 404', async ({ client }) => {
    const { token } = await apiToken(['support'])
    for (const path of ['/api/tickets/999', '/api/tickets/999/history', '/api/tickets/abc']) {
      const response = await client.get(path).bearerToken(token)
      response.assertStatus(404)
      response.assertBodyContains({ error: { code: 'not_found' } })
    }
    const update = await client
      .put('/api/tickets/999')
      .bearerToken(token)
      .json({ status: 'closed' })
    update.assertStatus(404)
  })

  test('markup in a title comes back verbatim (escaping is the page’s job)', async ({
    client,
    assert,
  }) => {
    const { token } = await apiToken(['support'])
    const title = '<script>alert("hi")</script> & <b>bold</b>'
    const ticket = await open(client, token, { title })
    assert.equal(ticket.title, title)
    const shown = await client.get(`/api/tickets/${ticket.id}`).bearerToken(token)
    shown.assertHeader('content-type', 'application/json; charset=utf-8')
    assert.equal(shown.body().title, title)
    assert.include(shown.text(), '"<script>alert(\\"hi\\")</script> & <b>bold</b>"')
  })
})

test.group('Tickets API / idempotent creation', (group) => {
  group.each.setup(() => resetDatabase())

  const send = (client: ApiClient, token: string, key: string, fields = {}) =>
    client
      .post('/api/tickets')
      .bearerToken(token)
      .header('Idempotency-Key', key)
      .json({ ...TICKET, ...fields })

  test('a retry with the same key answers the first ticket again and opens no other', async ({
    client,
    assert,
  }) => {
    const { token } = await apiToken(['support'])
    const first = await send(client, token, 'order-42-ticket')
    first.assertStatus(201)
    assert.isUndefined(first.header('idempotent-replayed'))
    // Someone changes the ticket in between: the retry still gets the original answer.
    await client
      .patch(`/api/tickets/${first.body().id}`)
      .bearerToken(token)
      .json({ priority: 'urgent' })

    const retry = await send(client, token, 'order-42-ticket')
    retry.assertStatus(201)
    retry.assertHeader('idempotent-replayed', 'true')
    assert.deepEqual(retry.body(), first.body())
    assert.lengthOf(await Ticket.all(), 1)
    // The key is the owner's: another owner's identical key is another request.
    const other = await apiToken(['support'])
    const theirs = await send(client, other.token, 'order-42-ticket')
    theirs.assertStatus(201)
    assert.notEqual(theirs.body().id, first.body().id)
  })

  test('twenty simultaneous requests with one key open one ticket, and all get it', async ({
    client,
    assert,
  }) => {
    const { token } = await apiToken(['support'])
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => send(client, token, 'burst-key'))
    )
    assert.deepEqual(
      responses.map((response) => response.status()),
      Array(20).fill(201)
    )
    const ids = new Set(responses.map((response) => response.body().id))
    assert.equal(ids.size, 1)
    const replayed = responses.filter((r) => r.header('idempotent-replayed') === 'true')
    assert.lengthOf(replayed, 19)
    assert.lengthOf(await Ticket.all(), 1)
  })

  test('the same key with a different body is refused, naming the key', async ({
    client,
    assert,
  }) => {
    const { token } = await apiToken(['support'])
    const first = await send(client, token, 'reused')
    first.assertStatus(201)
    const reused = await send(client, token, 'reused', { title: 'Something else entirely' })
    reused.assertStatus(422)
    reused.assertBodyContains({ error: { code: 'idempotency_key_reused' } })
    assert.deepEqual(fieldsOf(reused), ['Idempotency-Key'])
    assert.lengthOf(await Ticket.all(), 1)
  })

  test('a key that is too long or not printable is a 422 naming the header', async ({
    client,
    assert,
  }) => {
    const { token } = await apiToken(['support'])
    for (const key of ['k'.repeat(256), 'tab\there', 'caf\u00e9']) {
      const response = await send(client, token, key)
      response.assertStatus(422)
      assert.deepEqual(fieldsOf(response), ['Idempotency-Key'])
    }
    const longest = await send(client, token, 'k'.repeat(255))
    longest.assertStatus(201)
    assert.lengthOf(await Ticket.all(), 1)
  })

  test('an expired key is a new request, and the purge forgets it', async ({ client, assert }) => {
    const { token } = await apiToken(['support'])
    const first = await send(client, token, 'daily-report')
    await db.rawQuery(`UPDATE ticket_idempotency_keys SET expires_at = now() - interval '2 hours'`)
    const later = await send(client, token, 'daily-report', { title: 'Another day, another' })
    later.assertStatus(201)
    assert.notEqual(later.body().id, first.body().id)
    assert.equal(await purgeExpiredIdempotencyKeys(), 0)
    await db.rawQuery(`UPDATE ticket_idempotency_keys SET expires_at = now() - interval '2 hours'`)
    assert.equal(await purgeExpiredIdempotencyKeys(), 1)
  })
})

test.group('Tickets API / list', (group) => {
  group.each.setup(() => resetDatabase())

  test('filters by view, status, priority, assignee and tag', async ({ client, assert }) => {
    const { admin, token } = await apiToken(['support'])
    const agent = await UserFactory.create()
    const a = await open(client, token, { title: 'Urgent for me', priority: 'urgent' })
    const b = await open(client, token, { title: 'Tagged for agent', assignee_id: agent.id })
    const c = await open(client, token, { title: 'Unassigned billing', tags: ['billing'] })
    const d = await open(client, token, { title: 'Resolved already' })
    await client.put(`/api/tickets/${a.id}`).bearerToken(token).json({ assignee_id: admin.id })
    await client.put(`/api/tickets/${d.id}`).bearerToken(token).json({ status: 'resolved' })

    const ids = async (qs: Record<string, string | number>) => {
      const response = await client.get('/api/tickets').qs(qs).bearerToken(token)
      response.assertStatus(200)
      return response.body().data.map((ticket: { id: number }) => ticket.id)
    }
    assert.sameMembers(await ids({}), [a.id, b.id, c.id, d.id])
    assert.deepEqual(await ids({ view: 'mine' }), [a.id])
    assert.sameMembers(await ids({ view: 'unassigned' }), [c.id])
    assert.sameMembers(await ids({ view: 'open' }), [a.id, b.id, c.id])
    assert.deepEqual(await ids({ status: 'resolved' }), [d.id])
    assert.deepEqual(await ids({ priority: 'urgent' }), [a.id])
    assert.deepEqual(await ids({ assignee: agent.id }), [b.id])
    assert.sameMembers(await ids({ assignee: 'none' }), [c.id, d.id])
    assert.deepEqual(await ids({ tag: 'Billing' }), [c.id])

    const list = await client.get('/api/tickets').qs({ view: 'mine' }).bearerToken(token)
    assert.containsSubset(list.body().data[0], {
      number: a.number,
      title: 'Urgent for me',
      priority: 'urgent',
      status: 'new',
      assignee: { id: admin.id, name: admin.fullName },
      contact_email: 'dana@example.com',
    })
    assert.notProperty(list.body().data[0], 'snippet_html')
    assert.isNull(list.body().next_cursor)

    const invalid = await client
      .get('/api/tickets')
      .qs({ view: 'everything', limit: 500 })
      .bearerToken(token)
    invalid.assertStatus(422)
    assert.sameMembers(fieldsOf(invalid), ['view', 'limit'])
  })

  test('pages follow the cursor without repeating a ticket', async ({ client, assert }) => {
    const { token } = await apiToken(['support'])
    const created = []
    for (const n of [1, 2, 3, 4, 5])
      created.push(await open(client, token, { title: `Ticket ${n}` }))
    // The oldest one changes last: "recently updated" puts it first.
    await client.put(`/api/tickets/${created[0].id}`).bearerToken(token).json({ priority: 'low' })

    for (const sort of ['updated', 'newest', 'oldest', 'priority']) {
      const seen: number[] = []
      let cursor: string | null = null
      let pages = 0
      do {
        const response = await client
          .get('/api/tickets')
          .qs({ limit: 2, sort, ...(cursor ? { cursor } : {}) })
          .bearerToken(token)
        response.assertStatus(200)
        pages++
        seen.push(...response.body().data.map((ticket: { id: number }) => ticket.id))
        cursor = response.body().next_cursor
        if (cursor) {
          const link = String(response.header('link'))
          assert.match(link, /^<http:\/\/[^>]+\/api\/tickets\?[^>]+>; rel="next"$/)
          const next = new URL(link.slice(1, link.indexOf('>')))
          assert.equal(next.searchParams.get('cursor'), cursor)
          assert.equal(next.searchParams.get('sort'), sort)
          assert.equal(next.searchParams.get('limit'), '2')
        } else {
          assert.isUndefined(response.header('link'))
        }
      } while (cursor && pages < 10)
      assert.equal(pages, 3, sort)
      assert.lengthOf(seen, 5, sort)
      assert.sameMembers(
        seen,
        created.map((ticket) => ticket.id),
        sort
      )
      if (sort === 'updated') assert.equal(seen[0], created[0].id)
      if (sort === 'newest') assert.deepEqual(seen, created.map((ticket) => ticket.id).reverse())
      if (sort === 'priority') assert.equal(seen.at(-1), created[0].id)
    }
  })

  test('search ranks a title match above a description match', async ({ client, assert }) => {
    const { token } = await apiToken(['support'])
    const inTitle = await open(client, token, {
      title: 'Refund for a double charge',
      description: 'I was billed twice this month, please help.',
    })
    const inDescription = await open(client, token, {
      title: 'Question about my plan',
      description: 'Can I get a refund if I downgrade before the renewal?',
    })
    await open(client, token, { title: 'Unrelated', description: 'The app crashes on start.' })

    const response = await client.get('/api/tickets').qs({ q: 'refund' }).bearerToken(token)
    response.assertStatus(200)
    const data = response.body().data
    assert.deepEqual(
      data.map((ticket: { id: number }) => ticket.id),
      [inTitle.id, inDescription.id]
    )
    assert.include(data[1].snippet_html, '<mark>refund</mark>')
    assert.isNull(response.body().next_cursor)
  })
})

test.group('Tickets API / update', (group) => {
  group.each.setup(() => resetDatabase())

  test('a valid status change is recorded and stamped', async ({ client, assert }) => {
    const { token } = await apiToken(['support'])
    const ticket = await open(client, token)
    const started = await client
      .put(`/api/tickets/${ticket.id}`)
      .bearerToken(token)
      .json({ status: 'in_progress' })
    started.assertStatus(200)
    assert.equal(started.body().status, 'in_progress')

    const resolved = await client
      .patch(`/api/tickets/${ticket.id}`)
      .bearerToken(token)
      .json({ status: 'resolved', note: 'Fixed in release 2.4.', note_public: true })
    resolved.assertStatus(200)
    assert.containsSubset(resolved.body(), {
      status: 'resolved',
      allowed_transitions: ['in_progress', 'closed'],
    })
    assert.isNotNull(resolved.body().resolved_at)
    assert.isNull(resolved.body().closed_at)

    const history = await client.get(`/api/tickets/${ticket.id}/history`).bearerToken(token)
    assert.deepEqual(
      history.body().map((row: any) => [row.old_status, row.new_status]),
      [
        [null, 'new'],
        ['new', 'in_progress'],
        ['in_progress', 'resolved'],
      ]
    )
    assert.containsSubset(history.body()[2], { note: 'Fixed in release 2.4.', note_public: true })
    const ids = history.body().map((row: { id: number }) => row.id)
    assert.deepEqual(
      ids,
      [...ids].sort((x, y) => x - y)
    )

    // The same status again is not a change: a PUT may be repeated.
    const again = await client
      .put(`/api/tickets/${ticket.id}`)
      .bearerToken(token)
      .json({ status: 'resolved' })
    again.assertStatus(200)
    const after = await client.get(`/api/tickets/${ticket.id}/history`).bearerToken(token)
    assert.lengthOf(after.body(), 3)
  })

  test('a closed ticket cannot move, and nothing else of the request is kept', async ({
    client,
    assert,
  }) => {
    const { token } = await apiToken(['support'])
    const ticket = await open(client, token)
    const closed = await client
      .put(`/api/tickets/${ticket.id}`)
      .bearerToken(token)
      .json({ status: 'closed' })
    assert.isNotNull(closed.body().closed_at)
    assert.deepEqual(closed.body().allowed_transitions, [])

    const reopened = await client
      .put(`/api/tickets/${ticket.id}`)
      .bearerToken(token)
      .json({ status: 'in_progress', priority: 'urgent', title: 'Changed title' })
    reopened.assertStatus(422)
    assert.deepEqual(reopened.body().error, {
      code: 'invalid_transition',
      message:
        'A ticket cannot move from Closed to In progress. A closed ticket cannot change status.',
      from: 'closed',
      to: 'in_progress',
      allowed: [],
    })
    const shown = await client.get(`/api/tickets/${ticket.id}`).bearerToken(token)
    assert.containsSubset(shown.body(), {
      status: 'closed',
      priority: 'medium',
      title: TICKET.title,
    })

    const badStatus = await client
      .put(`/api/tickets/${ticket.id}`)
      .bearerToken(token)
      .json({ status: 'done' })
    badStatus.assertStatus(422)
    assert.deepEqual(fieldsOf(badStatus), ['status'])
  })

  test('assignee, priority and tags change', async ({ client, assert }) => {
    const { token } = await apiToken(['support'])
    const agent = await UserFactory.create()
    const ticket = await open(client, token, { tags: ['old'] })
    const updated = await client
      .put(`/api/tickets/${ticket.id}`)
      .bearerToken(token)
      .json({ assignee_id: agent.id, priority: 'high', tags: ['Billing', 'vip', 'billing'] })
    updated.assertStatus(200)
    assert.containsSubset(updated.body(), {
      assignee: { id: agent.id, name: agent.fullName },
      priority: 'high',
      tags: ['billing', 'vip'],
      status: 'new',
    })

    const unassigned = await client
      .patch(`/api/tickets/${ticket.id}`)
      .bearerToken(token)
      .json({ assignee_id: null, tags: [] })
    unassigned.assertStatus(200)
    assert.isNull(unassigned.body().assignee)
    assert.deepEqual(unassigned.body().tags, [])
    assert.equal(unassigned.body().priority, 'high')

    const unknown = await client
      .put(`/api/tickets/${ticket.id}`)
      .bearerToken(token)
      .json({ assignee_id: 9999, priority: 'someday' })
    unknown.assertStatus(422)
    assert.sameMembers(fieldsOf(unknown), ['assignee_id', 'priority'])
  })
})

test.group('Tickets API / messages', (group) => {
  group.each.setup(() => resetDatabase())

  test('replies and internal notes; notes are flagged internal', async ({ client, assert }) => {
    const { admin, token } = await apiToken(['support'])
    const ticket = await open(client, token)

    const note = await client
      .post(`/api/tickets/${ticket.id}/messages`)
      .bearerToken(token)
      .json({ kind: 'note', body: 'Customer is on the legacy plan.' })
    note.assertStatus(201)
    assert.containsSubset(note.body(), {
      kind: 'note',
      internal: true,
      author: { type: 'agent', id: admin.id, name: admin.fullName },
      body: 'Customer is on the legacy plan.',
    })

    const reply = await client
      .post(`/api/tickets/${ticket.id}/messages`)
      .bearerToken(token)
      .json({ kind: 'reply', body: 'We are on it.', last_seen_message_id: note.body().id })
    reply.assertStatus(201)
    assert.containsSubset(reply.body(), { kind: 'reply', internal: false })

    const shown = await client.get(`/api/tickets/${ticket.id}`).bearerToken(token)
    assert.containsSubset(shown.body(), { status: 'in_progress', message_count: 2 })
    assert.isNotNull(shown.body().first_response_at)
    assert.deepEqual(
      shown.body().messages.map((message: any) => [message.kind, message.internal]),
      [
        ['note', true],
        ['reply', false],
      ]
    )
    const listed = await client.get(`/api/tickets/${ticket.id}/messages`).bearerToken(token)
    assert.deepEqual(listed.body(), shown.body().messages)

    const invalid = await client
      .post(`/api/tickets/${ticket.id}/messages`)
      .bearerToken(token)
      .json({ kind: 'customer', body: '' })
    invalid.assertStatus(422)
    assert.sameMembers(fieldsOf(invalid), ['kind', 'body'])
  })

  test('a reply written before a newer customer message is refused', async ({ client, assert }) => {
    const { token } = await apiToken(['support'])
    const created = await open(client, token)
    const ticket = await Ticket.findOrFail(created.id)
    const customer = await addMessage(
      ticket,
      { kind: 'customer', body: 'Any news?' },
      { kind: 'customer', name: 'Dana Scully', email: null }
    )

    const stale = await client
      .post(`/api/tickets/${ticket.id}/messages`)
      .bearerToken(token)
      .json({ kind: 'reply', body: 'Nothing yet.', last_seen_message_id: 0 })
    stale.assertStatus(409)
    assert.containsSubset(stale.body().error, {
      code: 'stale_reply',
      new_message_ids: [customer.id],
    })
    const messages = await client.get(`/api/tickets/${ticket.id}/messages`).bearerToken(token)
    assert.deepEqual(
      messages.body().map((message: any) => message.author),
      [{ type: 'customer', id: null, name: 'Dana Scully' }]
    )

    const fresh = await client.post(`/api/tickets/${ticket.id}/messages`).bearerToken(token).json({
      kind: 'reply',
      body: 'Fixed, please try again.',
      last_seen_message_id: customer.id,
      status: 'pending',
    })
    fresh.assertStatus(201)
    const shown = await client.get(`/api/tickets/${ticket.id}`).bearerToken(token)
    assert.equal(shown.body().status, 'pending')
  })

  test('history lists status changes oldest first; notifications list the mails', async ({
    client,
    assert,
  }) => {
    const { token } = await apiToken(['support'])
    const ticket = await open(client, token)
    for (const status of ['pending', 'in_progress', 'resolved', 'closed']) {
      const response = await client
        .put(`/api/tickets/${ticket.id}`)
        .bearerToken(token)
        .json({ status })
      response.assertStatus(200)
    }
    const history = await client.get(`/api/tickets/${ticket.id}/history`).bearerToken(token)
    assert.deepEqual(
      history.body().map((row: any) => row.new_status),
      ['new', 'pending', 'in_progress', 'resolved', 'closed']
    )
    const times = history.body().map((row: any) => Date.parse(row.changed_at))
    assert.deepEqual(
      times,
      [...times].sort((x, y) => x - y)
    )

    const notifications = await client
      .get(`/api/tickets/${ticket.id}/notifications`)
      .bearerToken(token)
    notifications.assertStatus(200)
    // The customer heard of the ticket, and once of the statuses set within minutes.
    assert.deepEqual(
      notifications.body().map((row: any) => row.type),
      ['ticket_created', 'status_changed', 'csat_request']
    )
    const unknown = await client.get('/api/tickets/999/notifications').bearerToken(token)
    unknown.assertStatus(404)
  })
})
