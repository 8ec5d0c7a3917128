import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { UserFactory } from '#database/factories/user_factory'
import { resetDatabase } from '#tests/helpers/database'
import { openTicket } from '#tests/helpers/support'
import { addMessage, changeStatus } from '#services/support/ticket_service'
import { refreshSlaClock, sweepSlaClocks } from '#services/support/sla_clock'
import { saveBusinessCalendar, saveSlaPolicies } from '#services/support/sla_policies'
import { SYSTEM_ACTOR, userActor } from '#services/accounts'
import type Ticket from '#models/ticket'
import { formatPercent } from '#presenters/format'

const MINUTE = 60_000

/** Moves a ticket and everything it went through back in time, as if it had waited that long. */
async function backdate(ticket: Ticket, minutes: number) {
  await db.transaction(async (trx) => {
    for (const [table, key] of [
      ['tickets', 'id'],
      ['ticket_messages', 'ticket_id'],
      ['ticket_status_history', 'ticket_id'],
    ]) {
      await trx.rawQuery(
        `UPDATE ${table} SET created_at = created_at - :minutes * interval '1 minute' WHERE ${key} = :id`,
        { minutes, id: ticket.id }
      )
    }
    await trx.rawQuery(
      `UPDATE tickets SET first_response_at = first_response_at - :minutes * interval '1 minute' WHERE id = :id`,
      { minutes, id: ticket.id }
    )
    await refreshSlaClock(ticket.id, trx)
  })
}

const clock = (ticket: Ticket) => db.from('ticket_sla').where('ticket_id', ticket.id).firstOrFail()
const dueTime = async (ticket: Ticket, column: string) => {
  const row = await clock(ticket)
  return row[column] as Date | null
}

test.group('SLAs / due times on the ticket', (group) => {
  group.each.setup(() => resetDatabase())

  test('a new ticket is due by its priority’s first-response target, shown with a countdown', async ({
    client,
    assert,
  }) => {
    const agent = await UserFactory.create()
    const ticket = await openTicket({ priority: 'high' })
    const sla = await clock(ticket)
    // The default policy: high priority, 4 hours around the clock.
    const expected = ticket.createdAt.toMillis() + 240 * MINUTE
    assert.closeTo(new Date(sla.first_response_due_at).getTime(), expected, 1000)
    assert.equal(sla.due_target, 'first_response')

    const page = await client.get(`/tickets/${ticket.number}`).loginAs(agent)
    page.assertStatus(200)
    assert.match(
      page.text(),
      /data-sla-target="first_response">\s*<span class="badge [^"]*" data-sla-state="running"/
    )
    assert.match(
      page.text(),
      /First response <time datetime="[^"]+" data-countdown>due in 3 hours<\/time>/
    )
  })

  test('a policy in business hours counts only the calendar’s open time', async ({ assert }) => {
    const now = DateTime.utc()
    const tomorrow = now.plus({ days: 1 })
    await db.transaction(async (trx) => {
      await saveSlaPolicies(
        [
          {
            priority: 'urgent',
            firstResponseMinutes: 60,
            nextResponseMinutes: null,
            resolutionMinutes: null,
            businessHours: true,
            pauseWhenPending: true,
          },
        ],
        trx
      )
      // Open only tomorrow, 09:00–17:00 UTC.
      await saveBusinessCalendar(
        {
          timeZone: 'UTC',
          week: { [tomorrow.weekday]: { start: '09:00', end: '17:00' } },
          holidays: [],
        },
        trx
      )
    })
    const ticket = await openTicket({ priority: 'urgent' })
    const sla = await clock(ticket)
    const due = tomorrow.set({ hour: 10, minute: 0, second: 0, millisecond: 0 })
    assert.equal(new Date(sla.first_response_due_at).toISOString(), due.toJSDate().toISOString())
    assert.isNull(sla.resolution_due_at)
  })

  test('pending pauses the clocks; back in progress, the due time moved by the pause', async ({
    assert,
  }) => {
    const agent = await UserFactory.create()
    const ticket = await openTicket({ priority: 'urgent' })
    const before = (await dueTime(ticket, 'first_response_due_at'))!.getTime()
    await changeStatus(ticket, 'pending', userActor(agent))
    const paused = await clock(ticket)
    assert.isTrue(paused.paused)
    assert.isNull(paused.due_at)
    // Ten minutes pending, then the customer answers.
    await backdate(ticket, 10)
    await addMessage(ticket, { kind: 'customer', body: 'Here is the screenshot.' }, SYSTEM_ACTOR)
    const resumed = await clock(ticket)
    assert.isFalse(resumed.paused)
    const after = new Date(resumed.first_response_due_at).getTime()
    // The opening moved back 10 minutes; the due time moved back less, by the pause's length.
    assert.closeTo(after - (before - 10 * MINUTE), 10 * MINUTE, 2000)
  })

  test('each customer message after a reply starts a next-response clock, met by the next reply', async ({
    assert,
  }) => {
    const agent = await UserFactory.create()
    const actor = userActor(agent)
    const ticket = await openTicket({ priority: 'urgent' })
    await addMessage(ticket, { kind: 'reply', body: 'Looking into it.' }, actor)
    assert.isNull(await dueTime(ticket, 'first_response_due_at'))

    await addMessage(ticket, { kind: 'customer', body: 'Any news?' }, SYSTEM_ACTOR)
    const waiting = await clock(ticket)
    assert.equal(waiting.due_target, 'next_response')
    assert.isNotNull(waiting.next_response_due_at)

    await addMessage(ticket, { kind: 'reply', body: 'Fixed now.' }, actor)
    assert.isNull(await dueTime(ticket, 'next_response_due_at'))
    const outcomes = await db
      .from('ticket_sla_outcomes')
      .where('ticket_id', ticket.id)
      .orderBy('target')
      .select('target', 'done_at', 'breached_at')
    assert.deepEqual(
      outcomes.map((row) => [row.target, Boolean(row.done_at), Boolean(row.breached_at)]),
      [
        ['first_response', true, false],
        ['next_response', true, false],
        ['resolution', false, false],
      ]
    )
  })

  test('a target missed is recorded as breached, and a late answer keeps it breached', async ({
    assert,
  }) => {
    const agent = await UserFactory.create()
    const ticket = await openTicket({ priority: 'urgent' })
    await backdate(ticket, 90)
    const breach = await db
      .from('ticket_sla_outcomes')
      .where({ ticket_id: ticket.id, target: 'first_response' })
      .firstOrFail()
    assert.isNotNull(breach.breached_at)
    await addMessage(ticket, { kind: 'reply', body: 'Sorry for the wait.' }, userActor(agent))
    const late = await db
      .from('ticket_sla_outcomes')
      .where({ ticket_id: ticket.id, target: 'first_response' })
      .firstOrFail()
    assert.isNotNull(late.done_at)
    assert.isNotNull(late.breached_at)
  })
})

test.group('SLAs / reopening', (group) => {
  group.each.setup(() => resetDatabase())

  test('a reopened ticket’s resolution clock goes on, paused for the time it was resolved', async ({
    assert,
  }) => {
    const agent = await UserFactory.create()
    const ticket = await openTicket({ priority: 'urgent' })
    const before = (await dueTime(ticket, 'resolution_due_at'))!.getTime()
    await changeStatus(ticket, 'resolved', userActor(agent))
    const resolved = await db
      .from('ticket_sla_outcomes')
      .where({ ticket_id: ticket.id, target: 'resolution' })
      .firstOrFail()
    assert.isNotNull(resolved.done_at)
    assert.isNull(resolved.breached_at)

    // Resolved 30 minutes ago, then the customer writes again: the ticket reopens.
    await backdate(ticket, 30)
    await addMessage(ticket, { kind: 'customer', body: 'It broke again.' }, SYSTEM_ACTOR)
    await ticket.refresh()
    assert.equal(ticket.status, 'in_progress')
    const reopened = await db
      .from('ticket_sla_outcomes')
      .where({ ticket_id: ticket.id, target: 'resolution' })
      .firstOrFail()
    assert.isNull(reopened.done_at)
    const after = (await dueTime(ticket, 'resolution_due_at'))!.getTime()
    // The opening moved back 30 minutes, and so did the clock's start; the 30 minutes spent
    // resolved do not count, so the due time stays where it was (not 30 minutes earlier).
    assert.closeTo(after, before, 2000)
  })
})

test.group('SLAs / the inbox', (group) => {
  group.each.setup(() => resetDatabase())

  test('filters breached and due soon, and sorts by the next due time', async ({
    client,
    assert,
  }) => {
    const agent = await UserFactory.create()
    const late = await openTicket({ title: 'Checkout fails', priority: 'urgent' })
    await backdate(late, 90)
    const soon = await openTicket({ title: 'Site slow', priority: 'urgent' })
    await backdate(soon, 30)
    await openTicket({ title: 'Typo on pricing page', priority: 'low' })

    const breached = await client.get('/tickets?view=open&sla=breached').loginAs(agent)
    breached.assertTextIncludes('Checkout fails')
    assert.notInclude(breached.text(), 'Site slow')
    assert.notInclude(breached.text(), 'Typo on pricing page')
    assert.include(breached.text(), 'data-sla-state="breached"')

    const dueSoon = await client.get('/tickets?view=open&sla=due_soon').loginAs(agent)
    dueSoon.assertTextIncludes('Site slow')
    assert.notInclude(dueSoon.text(), 'Checkout fails')
    assert.notInclude(dueSoon.text(), 'Typo on pricing page')

    const sorted = await client.get('/tickets/list?view=open&sort=due&limit=2').loginAs(agent)
    const text = sorted.text()
    assert.isBelow(text.indexOf('Checkout fails'), text.indexOf('Site slow'))
    assert.notInclude(text, 'Typo on pricing page')
    // The next page carries on from the cursor.
    const next = text.match(/cursor=([\d_]+)/)?.[1]
    assert.exists(next)
    const rest = await client
      .get(`/tickets/list?view=open&sort=due&limit=2&cursor=${next}`)
      .loginAs(agent)
    rest.assertTextIncludes('Typo on pricing page')
    assert.notInclude(rest.text(), 'Checkout fails')
  })

  test('an unknown SLA filter is a field error, not a crash', async ({ client }) => {
    const agent = await UserFactory.create()
    const response = await client
      .get('/tickets/list?sla=late')
      .header('Accept', 'application/json')
      .loginAs(agent)
    response.assertStatus(422)
    response.assertTextIncludes('sla')
  })
})

test.group('SLAs / admin settings', (group) => {
  group.each.setup(() => resetDatabase())

  test('an admin changes a target; open tickets follow at once', async ({ client, assert }) => {
    const admin = await UserFactory.apply('admin').create()
    const ticket = await openTicket({ priority: 'urgent' })
    const form = await client.get('/admin/sla').loginAs(admin)
    form.assertStatus(200)
    assert.match(form.text(), /name="policies\[urgent\]\[first_response\]" value="1"/)

    const policies = Object.fromEntries(
      ['urgent', 'high', 'medium', 'low'].map((priority) => [
        priority,
        {
          first_response: priority === 'urgent' ? '2' : '8',
          next_response: '',
          resolution: '',
          pause_when_pending: 'true',
        },
      ])
    )
    const saved = await client
      .put('/admin/sla')
      .form({
        policies,
        time_zone: 'Europe/Berlin',
        week: {
          mon: { open: 'true', start: '09:00', end: '17:00' },
          tue: { start: '09:00', end: '17:00' },
        },
        holidays: '2026-12-25\n2026-12-26',
      })
      .withCsrfToken()
      .loginAs(admin)
      .redirects(0)
    saved.assertStatus(302)
    const due = await dueTime(ticket, 'first_response_due_at')
    assert.closeTo(due!.getTime(), ticket.createdAt.toMillis() + 120 * MINUTE, 1000)
    assert.isNull(await dueTime(ticket, 'resolution_due_at'))

    const again = await client.get('/admin/sla').loginAs(admin)
    assert.match(again.text(), /name="policies\[urgent\]\[first_response\]" value="2"/)
    assert.match(again.text(), /<option value="Europe\/Berlin" selected>/)
    again.assertTextIncludes('2026-12-25\n2026-12-26')
    // Monday open, Tuesday left unticked: closed.
    assert.match(again.text(), /name="week\[mon\]\[open\]" value="true" checked>/)
    assert.notMatch(again.text(), /name="week\[tue\]\[open\]" value="true" checked>/)
  })

  test('bad settings come back as field errors and change nothing', async ({ client, assert }) => {
    const admin = await UserFactory.apply('admin').create()
    const policies = Object.fromEntries(
      ['urgent', 'high', 'medium', 'low'].map((priority) => [
        priority,
        { first_response: priority === 'high' ? 'soon' : '1' },
      ])
    )
    const refused = await client
      .put('/admin/sla')
      .header('Accept', 'application/json')
      .json({
        policies,
        time_zone: 'Mars/Olympus',
        week: { mon: { open: true, start: '17:00', end: '25:00' } },
        holidays: 'tomorrow',
      })
      .withCsrfToken()
      .loginAs(admin)
    refused.assertStatus(422)
    const fields = (refused.body().errors as { field: string }[]).map((error) => error.field)
    for (const field of ['policies.high.first_response', 'time_zone', 'week.mon.end', 'holidays']) {
      assert.include(fields, field)
    }

    const closingFirst = await client
      .put('/admin/sla')
      .header('Accept', 'application/json')
      .json({
        policies: Object.fromEntries(
          ['urgent', 'high', 'medium', 'low'].map((p) => [p, { first_response: 1 }])
        ),
        time_zone: 'UTC',
        week: { mon: { open: true, start: '17:00', end: '09:00' } },
      })
      .withCsrfToken()
      .loginAs(admin)
    closingFirst.assertStatus(422)
    closingFirst.assertTextIncludes('week.mon.end')
    assert.lengthOf(await db.from('sla_policies'), 0)
  })
})

test.group('SLAs / breaches and warnings', (group) => {
  group.each.setup(() => resetDatabase())

  test('the assignee is warned once before a breach', async ({ assert }) => {
    const agent = await UserFactory.merge({ email: 'avery@example.com' }).create()
    const ticket = await openTicket({ priority: 'urgent', assigneeId: agent.id })
    // Urgent: first response within an hour; 30 minutes gone, 30 left.
    await backdate(ticket, 30)
    const { warned } = await sweepSlaClocks()
    assert.equal(warned, 1)
    const warnings = await db
      .from('notifications')
      .where({ type: 'sla_warning', recipient: 'avery@example.com' })
    assert.lengthOf(warnings, 1)
    assert.equal(warnings[0].data.target, 'First response')
    assert.equal(warnings[0].ticket_id, ticket.id)

    // The next sweep has nothing new to say.
    const again = await sweepSlaClocks()
    assert.equal(again.warned, 0)
  })

  test('a target that passes unanswered is recorded as breached by the sweep', async ({
    assert,
  }) => {
    const ticket = await openTicket({ priority: 'urgent' })
    const outcome = async () => {
      const row = await db
        .from('ticket_sla_outcomes')
        .where({ ticket_id: ticket.id, target: 'first_response' })
        .firstOrFail()
      return row.breached_at as Date | null
    }
    assert.isNull(await outcome())
    // Ninety minutes pass with nobody touching the ticket: the hour ran out on its own.
    for (const statement of [
      `UPDATE tickets SET created_at = created_at - interval '90 minutes' WHERE id = :id`,
      `UPDATE ticket_sla SET first_response_due_at = first_response_due_at - interval '90 minutes',
                             due_at = due_at - interval '90 minutes' WHERE ticket_id = :id`,
      `UPDATE ticket_sla_outcomes SET started_at = started_at - interval '90 minutes',
                                      due_at = due_at - interval '90 minutes' WHERE ticket_id = :id`,
    ]) {
      await db.rawQuery(statement, { id: ticket.id })
    }
    const swept = await sweepSlaClocks()
    assert.equal(swept.breached, 1)
    assert.isNotNull(await outcome())
  })
})

test.group('SLAs / reports', (group) => {
  group.each.setup(() => resetDatabase())

  test('the support report shows the share of each target met, by week and by agent', async ({
    client,
    assert,
  }) => {
    const avery = await UserFactory.merge({ fullName: 'Avery Agent' }).create()
    const blake = await UserFactory.merge({ fullName: 'Blake Agent' }).create()
    const onTime = await openTicket({ title: 'On time', priority: 'urgent', assigneeId: avery.id })
    await addMessage(onTime, { kind: 'reply', body: 'Right away.' }, userActor(avery))
    const late = await openTicket({ title: 'Late', priority: 'urgent', assigneeId: blake.id })
    await backdate(late, 90)
    await addMessage(late, { kind: 'reply', body: 'Sorry for the wait.' }, userActor(blake))
    // Still running (no reply yet, not due): not counted.
    await openTicket({ title: 'Running', priority: 'low' })

    const page = await client.get('/tickets/reports?days=7').loginAs(avery)
    page.assertStatus(200)
    const text = page.text()
    assert.match(
      text,
      /data-sla-met="first_response">\s*<div class="value">50\.0\s?%<\/div>\s*<div class="label">First response: 1 of 2 on time/
    )
    const agentRow = (name: string) =>
      text.match(
        new RegExp(
          `<th scope="row">${name}</th>\\s*<td class="num" title="(\\d+) of (\\d+)">([^<]+)</td>`
        )
      )
    assert.deepEqual(agentRow('Avery Agent')?.slice(1), ['1', '1', formatPercent(1)])
    assert.deepEqual(agentRow('Blake Agent')?.slice(1), ['0', '1', formatPercent(0)])
    // The running ticket's targets are not decided yet: no row for nobody.
    assert.notInclude(text, '<th scope="row">Unassigned</th>')
    const monday = DateTime.utc().startOf('week').toISODate()
    assert.match(
      text,
      new RegExp(
        `data-sla-by="week"[\\s\\S]*<th scope="row">${monday}</th>\\s*<td class="num" title="1 of 2">50\\.0\\s?%</td>`
      )
    )
  })
})
