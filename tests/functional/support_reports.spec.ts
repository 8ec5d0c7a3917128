import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import type Ticket from '#models/ticket'
import type User from '#models/user'
import { UserFactory } from '#database/factories/user_factory'
import { resetDatabase } from '#tests/helpers/database'
import { article, defaultCategories } from '#tests/helpers/knowledge'
import { formatDuration } from '#presenters/format'
import { supportReport } from '#services/support/reports'
import { userActor } from '#services/accounts'
import { recordDeflection } from '#services/support/deflections'
import { rateTicket } from '#services/support/satisfaction'
import { addMessage, changeStatus, createTicket } from '#services/support/ticket_service'
import type { TicketPriority } from '#models/ticket'

const HOUR = 3_600_000
const DAY = 24 * HOUR

function openTicket(title: string, priority: TicketPriority) {
  return createTicket(
    {
      title,
      description: 'Something is not working as expected.',
      priority,
      email: 'ann@example.com',
    },
    'help_center',
    { kind: 'customer', name: 'Ann', email: null }
  )
}

/** Places a ticket in time: opened at `createdAt`, first reply and resolution after it. */
async function placeTicket(
  ticket: Ticket,
  createdAt: Date,
  { firstResponseAfter, resolvedAfter }: { firstResponseAfter?: number; resolvedAfter?: number }
) {
  await db
    .from('tickets')
    .where('id', ticket.id)
    .update({
      created_at: createdAt,
      first_response_at:
        firstResponseAfter === undefined
          ? null
          : new Date(createdAt.getTime() + firstResponseAfter),
      resolved_at:
        resolvedAfter === undefined ? null : new Date(createdAt.getTime() + resolvedAfter),
    })
}

async function backdate(table: string, where: Record<string, unknown>, createdAt: Date) {
  await db.from(table).where(where).update({ created_at: createdAt })
}

/**
 * Five tickets opened two days ago (first replies after 1 h, 2 h and 3 h, one waiting, one
 * closed without a reply), one opened ten days ago and resolved an hour ago, three ratings
 * and three deflections in the last week, and one rating and one deflection from long ago.
 */
async function knownDataSet(agent: User) {
  const now = Date.now()
  const opened = new Date(now - 2 * DAY)
  const actor = userActor(agent)

  const a = await openTicket('Cannot sign in', 'urgent')
  const b = await openTicket('Invoice is wrong', 'high')
  const c = await openTicket('Export is slow', 'high')
  const d = await openTicket('Where is the dark mode?', 'low')
  const f = await openTicket('Spam spam spam', 'medium')
  const e = await openTicket('Old question', 'medium')

  for (const ticket of [a, b, c, e]) {
    await addMessage(ticket, { kind: 'reply', body: 'Thanks, we are looking into it.' }, actor)
  }
  for (const ticket of [a, b, e]) await changeStatus(ticket, 'resolved', actor)
  await changeStatus(f, 'closed', actor)

  await placeTicket(a, opened, { firstResponseAfter: 1 * HOUR, resolvedAfter: 4 * HOUR })
  await placeTicket(b, opened, { firstResponseAfter: 2 * HOUR, resolvedAfter: 24 * HOUR })
  await placeTicket(c, opened, { firstResponseAfter: 3 * HOUR })
  await placeTicket(d, opened, {})
  await placeTicket(f, opened, {})
  // Opened before the last 7 days, resolved within them: counts for resolution only.
  await placeTicket(e, new Date(now - HOUR - 9 * DAY), {
    firstResponseAfter: HOUR,
    resolvedAfter: 9 * DAY,
  })

  await rateTicket(a, 5, 'Quick and kind.')
  await rateTicket(b, 4, null)
  await rateTicket(f, 1, 'You closed my ticket.')
  await rateTicket(e, 2, null)
  await backdate('csat_responses', { ticket_id: e.id }, new Date(now - 20 * DAY))

  const password = await article('How do I reset my password?', 'Use the link on the sign-in page.')
  const invoices = await article('Where are my invoices?', 'In the billing settings.')
  await recordDeflection(password.id, 'reset password', 'visitor-1')
  await recordDeflection(password.id, 'forgot password', 'visitor-2')
  await recordDeflection(invoices.id, 'invoice', 'visitor-3')
  await recordDeflection(invoices.id, 'old invoice', 'visitor-4')
  await backdate('ticket_deflections', { query: 'old invoice' }, new Date(now - 20 * DAY))

  return { opened, password, invoices }
}

test.group('Support reports / access', (group) => {
  group.each.setup(() => resetDatabase())

  test('only signed-in staff see the reports', async ({ client }) => {
    const guest = await client.get('/tickets/reports').redirects(0)
    guest.assertStatus(302)
    guest.assertHeader('location', '/login')

    const admin = await UserFactory.apply('admin').create()
    const asAdmin = await client.get('/tickets/reports').loginAs(admin)
    asAdmin.assertStatus(200)
    asAdmin.assertTextIncludes('Support reports')

    const agent = await UserFactory.create()
    const asAgent = await client.get('/tickets/reports').loginAs(agent)
    asAgent.assertStatus(200)
    asAgent.assertTextIncludes('Support reports')
  })

  test('a period that is not offered shows the default one and says so', async ({ client }) => {
    const agent = await UserFactory.create()
    for (const days of ['13', 'soon']) {
      const response = await client.get('/tickets/reports').qs({ days }).loginAs(agent)
      response.assertStatus(200)
      response.assertTextIncludes('data-invalid-period')
      response.assertTextIncludes(
        'Reports cover the last 7, 30, 90, 365 days; this is the last 30.'
      )
    }
    const knowledge = await client.get('/knowledge/reports').qs({ days: 13 }).loginAs(agent)
    knowledge.assertStatus(200)
    knowledge.assertTextIncludes('data-invalid-period')
  })
})

test.group('Support reports / figures', (group) => {
  group.each.setup(async () => {
    await resetDatabase()
    await defaultCategories()
  })

  test('aggregates a known data set', async ({ assert }) => {
    const agent = await UserFactory.create()
    const { opened, password, invoices } = await knownDataSet(agent)
    const report = await supportReport(7)

    assert.equal(report.created, 5)
    assert.lengthOf(report.volume, 8)
    const openedOn = opened.toISOString().slice(0, 10)
    assert.deepEqual(
      report.volume.filter((day) => day.tickets > 0),
      [{ date: openedOn, tickets: 5 }]
    )
    assert.equal(report.volume.at(-1)!.date, new Date().toISOString().slice(0, 10))

    assert.deepEqual(
      report.byStatus.map((row) => [row.key, row.tickets]),
      [
        ['new', 1],
        ['in_progress', 1],
        ['pending', 0],
        ['resolved', 2],
        ['closed', 1],
      ]
    )
    assert.equal(report.byStatus.find((row) => row.key === 'resolved')!.share, 0.4)
    assert.deepEqual(
      report.byPriority.map((row) => [row.key, row.tickets]),
      [
        ['urgent', 1],
        ['high', 2],
        ['medium', 1],
        ['low', 1],
      ]
    )

    // First replies after 1 h, 2 h and 3 h; one ticket waits, one was closed without one.
    const { p90: firstResponseP90, ...firstResponse } = report.firstResponse
    assert.deepEqual(firstResponse, { measured: 3, median: 7200, waiting: 1, closedUnanswered: 1 })
    assert.closeTo(firstResponseP90!, 2 * 3600 + 0.8 * 3600, 0.001)
    // Resolved in the period after 4 h, 1 day and 9 days (the last one opened before it).
    assert.equal(report.resolution.measured, 3)
    assert.closeTo(report.resolution.median!, 86_400, 0.001)
    assert.closeTo(report.resolution.p90!, 86_400 + 0.8 * (9 * 86_400 - 86_400), 0.001)

    assert.equal(report.csat.responses, 3)
    assert.closeTo(report.csat.average!, 10 / 3, 1e-9)
    assert.closeTo(report.csat.satisfied!, 2 / 3, 1e-9)
    assert.deepEqual(
      report.csat.distribution.map((row) => [row.rating, row.responses]),
      [
        [5, 1],
        [4, 1],
        [3, 0],
        [2, 0],
        [1, 1],
      ]
    )
    assert.equal(report.csat.distribution[2].share, 0)

    assert.equal(report.deflections.count, 3)
    assert.equal(report.deflections.rate, 3 / 8)
    assert.deepEqual(
      report.deflections.top.map((row) => [row.id, row.deflections]),
      [
        [password.id, 2],
        [invoices.id, 1],
      ]
    )

    // A longer period takes in the older ticket, rating and deflection.
    const month = await supportReport(30)
    assert.equal(month.created, 6)
    assert.lengthOf(month.volume, 31)
    assert.equal(month.csat.responses, 4)
    assert.equal(month.deflections.count, 4)
    assert.equal(month.firstResponse.median, 1.5 * 3600)
  })

  test('the page shows the figures with units and definitions', async ({ client, assert }) => {
    const agent = await UserFactory.create()
    const { password } = await knownDataSet(agent)
    const page = await client.get('/tickets/reports').qs({ days: 7 }).loginAs(agent)
    page.assertStatus(200)
    const html = page.text()

    assert.match(html, /data-tile="created">\s*<div class="value">5<\/div>/)
    assert.match(html, /data-tile="first-response">\s*<div class="value">2 h<\/div>/)
    assert.match(html, /data-tile="resolution">\s*<div class="value">1 day<\/div>/)
    assert.include(html, '3.33 / 5')
    assert.include(html, '2 h 48 min')
    assert.include(html, '7.4 days')
    assert.include(
      html,
      'Median time from a ticket being opened to the first public reply from an agent'
    )
    assert.include(
      html,
      '<strong>1</strong> ticket opened in the last 7 days is still open and waiting for a first reply; 1 was resolved or closed without one.'
    )
    assert.include(html, '67 %</strong> satisfied')
    assert.include(html, '37.5 %')
    assert.include(
      html,
      `<a href="/help/articles/${password.id}/how-do-i-reset-my-password">How do I reset my password?</a>`
    )
    assert.include(html, '<option value="7" selected>7 days</option>')
    assert.include(html, '<svg xmlns="http://www.w3.org/2000/svg" class="chart"')
    assert.match(html, /<td>\d{4}-\d{2}-\d{2}<\/td><td class="num">5<\/td>/)
    assert.notInclude(html, 'No ratings yet')
  })

  test('an empty period says so', async ({ client, assert }) => {
    const agent = await UserFactory.create()
    const page = await client.get('/tickets/reports').qs({ days: 7 }).loginAs(agent)
    page.assertStatus(200)
    const html = page.text()
    assert.include(html, 'No tickets in the last 7 days.')
    assert.include(html, 'No ratings yet')
    assert.include(html, 'No deflections in the last 7 days.')
    assert.include(html, 'No tickets resolved in the last 7 days.')
    assert.match(html, /data-tile="first-response">\s*<div class="value">—<\/div>/)
    assert.notInclude(html, 'class="chart"')
    assert.notInclude(html, 'data-waiting')
    assert.include(html, 'median time to the first reply (no replies yet)')

    const year = await client.get('/tickets/reports').qs({ days: 365 }).loginAs(agent)
    year.assertTextIncludes('No tickets in the last 365 days.')
  })
})

test.group('Support reports / durations', () => {
  test('durations read the way people say them', ({ assert }) => {
    assert.equal(formatDuration(null), '—')
    assert.equal(formatDuration(-5), '—')
    assert.equal(formatDuration(42.4), '42 s')
    assert.equal(formatDuration(59.6), '1 min')
    assert.equal(formatDuration(12 * 60), '12 min')
    assert.equal(formatDuration(2 * 3600), '2 h')
    assert.equal(formatDuration(2 * 3600 + 15 * 60), '2 h 15 min')
    assert.equal(formatDuration(24 * 3600 - 10), '1 day')
    assert.equal(formatDuration(3.2 * 86_400), '3.2 days')
    assert.equal(formatDuration(3 * 86_400), '3 days')
  })
})
