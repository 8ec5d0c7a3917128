import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import mail from '@adonisjs/mail/services/main'
import Notification from '#models/notification'
import NotificationMail from '#mails/notification_mail'
import { UserFactory } from '#database/factories/user_factory'
import { resetDatabase } from '#tests/helpers/database'
import { openTicket } from '#tests/helpers/support'
import { apiToken } from '#tests/helpers/api'
import { notificationsOf, queuedFreshLinks, workQueueUntil } from '#tests/helpers/notifications'
import { addMessage, changeStatus, updateTicketFields } from '#services/support/ticket_service'
import { userActor } from '#services/accounts'
import { deliverNotification } from '#services/notifications/delivery'
import { preferencesFor, savePreferences } from '#services/notifications/preferences'
import { sendDigests } from '#services/notifications/digests'
import { preferencesToken } from '#services/notifications/preference_links'
import { requeueUnsent } from '#services/notifications/dispatch'

/** Delivers every due pending notification now, as the worker would. */
async function deliverDue() {
  const due = await Notification.query()
    .where('status', 'pending')
    .where('send_after', '<=', new Date())
    .orderBy('id')
  for (const notification of due) await deliverNotification(notification.id)
}

async function types() {
  const rows = await Notification.query().orderBy('id')
  return rows.map((row) => row.type)
}

test.group('Notifications / triggers', (group) => {
  group.each.setup(() => resetDatabase())

  test('a ticket from the help center is acknowledged; opted-in agents hear of it', async ({
    client,
    assert,
    cleanup,
  }) => {
    const fake = mail.fake()
    cleanup(() => mail.restore())
    const watcher = await UserFactory.merge({ email: 'watcher@example.com' }).create()
    await UserFactory.merge({ email: 'quiet@example.com' }).create()
    await savePreferences(watcher.email, { newTicketAlerts: true })

    await client
      .post('/help/tickets')
      .form({
        title: 'Cannot export my board',
        description: 'The CSV export spins forever and never downloads anything.',
        priority: 'high',
        email: 'dana@example.com',
        name: 'Dana',
      })
      .withCsrfToken()
      .redirects(0)

    // Written with the ticket, before any delivery.
    const rows = await Notification.query().orderBy('id')
    assert.deepEqual(
      rows.map((row) => [row.type, row.recipient, row.status]),
      [
        ['ticket_created', 'dana@example.com', 'pending'],
        ['new_ticket', 'watcher@example.com', 'pending'],
      ]
    )
    await deliverDue()
    fake.mails.assertSent(NotificationMail, ({ message }) => {
      return (
        message.hasTo('dana@example.com') &&
        message.hasSubject('[#1001] We received your request: Cannot export my board')
      )
    })
    fake.mails.assertSent(NotificationMail, ({ message }) => {
      return (
        message.hasTo('watcher@example.com') &&
        message.hasSubject('[#1001] New ticket from Dana: Cannot export my board')
      )
    })
    fake.mails.assertSentCount(2)
  })

  test('a public reply mails the customer; an internal note mails nobody', async ({ assert }) => {
    const agent = await UserFactory.merge({ fullName: 'Sam Agent' }).create()
    const ticket = await openTicket()
    await addMessage(
      ticket,
      { kind: 'note', body: 'Looks like the export bug again' },
      userActor(agent)
    )
    assert.deepEqual(await types(), ['ticket_created'])

    await addMessage(
      ticket,
      { kind: 'reply', body: 'Try the new export, please.' },
      userActor(agent)
    )
    const [reply] = await notificationsOf('agent_replied')
    assert.equal(reply.recipient, ticket.contactEmail)
    assert.include(reply.body, 'Try the new export, please.')
    assert.notInclude(reply.body, 'export bug again')
    assert.include(reply.subject, `[#${ticket.number}] New reply`)
    // The automatic move to In progress is told by the reply, not by a second mail.
    assert.deepEqual(await types(), ['ticket_created', 'agent_replied'])
  })

  test('status changes carry the public note only; resolution schedules the survey', async ({
    assert,
  }) => {
    const agent = await UserFactory.create()
    const ticket = await openTicket()
    await changeStatus(ticket, 'in_progress', userActor(agent), {
      note: 'Checking with engineering',
      notePublic: false,
    })
    await changeStatus(ticket, 'resolved', userActor(agent), {
      note: 'Fixed in today’s release',
      notePublic: true,
    })
    // Two changes within minutes: one mail, with the latest status and the public note.
    const statuses = await notificationsOf('status_changed')
    assert.lengthOf(statuses, 1)
    assert.notInclude(statuses[0].body, 'Checking with engineering')
    assert.include(statuses[0].body, 'Fixed in today’s release')
    assert.include(statuses[0].subject, 'Resolved')
    assert.closeTo(statuses[0].sendAfter.diff(DateTime.now(), 'minutes').minutes, 2, 0.5)

    const [survey] = await notificationsOf('csat_request')
    const delayMinutes = survey.sendAfter.diff(DateTime.now(), 'minutes').minutes
    assert.closeTo(delayMinutes, 60, 2)
  })

  test('reopening and re-resolving within minutes sends one status mail and one survey', async ({
    assert,
  }) => {
    const agent = await UserFactory.create()
    const ticket = await openTicket()
    await changeStatus(ticket, 'resolved', userActor(agent), { note: 'Fixed', notePublic: true })
    await changeStatus(ticket, 'in_progress', userActor(agent))
    await changeStatus(ticket, 'resolved', userActor(agent), {
      note: 'Really fixed now',
      notePublic: true,
    })
    await changeStatus(ticket, 'in_progress', userActor(agent))
    await changeStatus(ticket, 'resolved', userActor(agent))

    const [statusMail, ...others] = await notificationsOf('status_changed')
    assert.lengthOf(others, 0)
    assert.lengthOf(await notificationsOf('csat_request'), 1)
    assert.include(statusMail.subject, 'Resolved')
    assert.include(statusMail.body, 'Fixed')
    assert.include(statusMail.body, 'Really fixed now')

    // Its time comes: it goes out once. A change after that is news again.
    await statusMail.merge({ sendAfter: DateTime.now().minus({ seconds: 1 }) }).save()
    await deliverDue()
    await statusMail.refresh()
    assert.equal(statusMail.status, 'sent')
    await changeStatus(ticket, 'in_progress', userActor(agent))
    const later = await notificationsOf('status_changed')
    assert.lengthOf(later, 2)
    assert.include(later[1].subject, 'In progress')
  })

  test('a reply that tells a newer status drops the waiting status mail', async ({ assert }) => {
    const agent = await UserFactory.create()
    const ticket = await openTicket()
    await changeStatus(ticket, 'pending', userActor(agent))
    await addMessage(
      ticket,
      { kind: 'reply', body: 'Done on our side.', status: 'resolved' },
      userActor(agent)
    )
    const [statusMail] = await notificationsOf('status_changed')
    assert.equal(statusMail.status, 'suppressed')
    assert.equal(statusMail.skipReason, 'A reply told the customer a newer status')
    assert.lengthOf(await notificationsOf('agent_replied'), 1)
  })

  test('the survey is not sent when the customer reopened the ticket meanwhile', async ({
    assert,
  }) => {
    const agent = await UserFactory.create()
    const ticket = await openTicket()
    await changeStatus(ticket, 'resolved', userActor(agent))
    await addMessage(
      ticket,
      { kind: 'customer', body: 'Still broken here.' },
      { kind: 'customer', name: 'Dana', email: null }
    )
    const [survey] = await notificationsOf('csat_request')
    await survey.merge({ sendAfter: DateTime.now().minus({ minutes: 1 }) }).save()
    await deliverNotification(survey.id)
    await survey.refresh()
    assert.equal(survey.status, 'suppressed')
    assert.equal(survey.skipReason, 'The ticket was reopened')
  })

  test('assignment and customer replies reach the assignee, not the one who acted', async ({
    assert,
  }) => {
    const lead = await UserFactory.merge({ fullName: 'Lee Lead' }).create()
    const agent = await UserFactory.merge({ email: 'kim@example.com' }).create()
    const ticket = await openTicket()
    await updateTicketFields(ticket, { assigneeId: lead.id }, userActor(lead))
    assert.lengthOf(await notificationsOf('ticket_assigned'), 0)

    await updateTicketFields(ticket, { assigneeId: agent.id }, userActor(lead))
    const [assigned] = await notificationsOf('ticket_assigned')
    assert.equal(assigned.recipient, 'kim@example.com')
    assert.include(assigned.body, 'Lee Lead assigned')

    await addMessage(
      ticket,
      { kind: 'customer', body: 'Any news?' },
      { kind: 'customer', name: 'Dana', email: null }
    )
    const [replied] = await notificationsOf('customer_replied')
    assert.equal(replied.recipient, 'kim@example.com')
    assert.include(replied.body, 'Any news?')
  })

  test('the agent ticket page and the API list a ticket’s notifications', async ({
    client,
    assert,
  }) => {
    const { admin, token } = await apiToken(['support'])
    const ticket = await openTicket()
    const page = await client.get(`/tickets/${ticket.number}/conversation`).loginAs(admin)
    page.assertStatus(200)
    assert.include(page.text(), 'data-event="notification"')
    assert.include(page.text(), 'Email to dana@example.com')

    const api = await client.get(`/api/tickets/${ticket.id}/notifications`).bearerToken(token)
    api.assertStatus(200)
    assert.equal(api.body()[0].type, 'ticket_created')
    assert.equal(api.body()[0].status, 'pending')
    assert.equal(api.body()[0].recipient, 'dana@example.com')
  })
})

test.group('Notifications / preferences and digests', (group) => {
  group.each.setup(() => resetDatabase())

  test('no email, or frequency none, suppresses mail; the reason is recorded', async ({
    assert,
    cleanup,
  }) => {
    const fake = mail.fake()
    cleanup(() => mail.restore())
    await savePreferences('off@example.com', { emailEnabled: false })
    await savePreferences('none@example.com', { frequency: 'none' })
    await openTicket({ email: 'off@example.com' })
    await openTicket({ email: 'none@example.com' })
    await deliverDue()
    fake.mails.assertNoneSent()
    const rows = await Notification.query().orderBy('id')
    assert.deepEqual(
      rows.map((row) => [row.status, row.skipReason]),
      [
        ['suppressed', 'The recipient turned email off'],
        ['suppressed', 'The recipient chose no notifications'],
      ]
    )
  })

  test('daily recipients get one digest, once; weekly ones wait for theirs', async ({
    assert,
    cleanup,
  }) => {
    const fake = mail.fake()
    cleanup(() => mail.restore())
    const agent = await UserFactory.create()
    await savePreferences('daily@example.com', { frequency: 'daily' })
    await savePreferences('weekly@example.com', { frequency: 'weekly' })
    const first = await openTicket({ email: 'daily@example.com', title: 'First question' })
    await openTicket({ email: 'daily@example.com', title: 'Second question' })
    await openTicket({ email: 'weekly@example.com', title: 'Weekly question' })
    await addMessage(first, { kind: 'reply', body: 'Here you go.' }, userActor(agent))
    await deliverDue()
    fake.mails.assertNoneSent()
    const held = await Notification.query().where('status', 'held')
    assert.lengthOf(held, 4)

    const run = await sendDigests('daily')
    assert.deepEqual(run, { recipients: 1, bundled: 3 })
    await deliverDue()
    fake.mails.assertSentCount(1)
    fake.mails.assertSent(NotificationMail, ({ message }) => {
      message.assertTextIncludes('First question')
      message.assertTextIncludes('Second question')
      message.assertTextIncludes('New reply: First question')
      return message.hasTo('daily@example.com') && message.hasSubject('3 updates from Help Center')
    })
    const bundled = await Notification.query()
      .where('recipient', 'daily@example.com')
      .whereNot('type', 'digest')
    assert.isTrue(bundled.every((row) => row.status === 'digested' && row.sentAt !== null))

    // Again: nothing new to bundle, nothing sent twice.
    assert.deepEqual(await sendDigests('daily'), { recipients: 0, bundled: 0 })
    await deliverDue()
    fake.mails.assertSentCount(1)
    const weekly = await Notification.query().where('recipient', 'weekly@example.com')
    assert.equal(weekly[0].status, 'held')
    assert.deepEqual(await sendDigests('weekly'), { recipients: 1, bundled: 1 })
  })

  test('a change of preferences applies to mail not yet sent', async ({ assert, cleanup }) => {
    const fake = mail.fake()
    cleanup(() => mail.restore())
    await savePreferences('dana@example.com', { frequency: 'weekly' })
    await openTicket()
    await deliverDue()
    const [held] = await notificationsOf('ticket_created')
    assert.equal(held.status, 'held')

    // Back to immediate (what the preferences page and API do): the held mail goes out now.
    await savePreferences('dana@example.com', { frequency: 'immediate' })
    assert.equal(await requeueUnsent('dana@example.com'), 1)
    await deliverDue()
    await held.refresh()
    assert.equal(held.status, 'sent')
    fake.mails.assertSentCount(1)
  })

  test('the signed page changes preferences, in the chosen language, with field errors', async ({
    client,
    assert,
  }) => {
    const path = `/preferences/${preferencesToken('Dana@Example.com')}`
    const page = await client.get(path)
    page.assertStatus(200)
    page.assertTextIncludes('Email preferences')
    page.assertTextIncludes('dana@example.com')

    const saved = await client
      .post(path)
      .form({ email_enabled: 'true', frequency: 'daily', language: 'es' })
      .withCsrfToken()
      .redirects(0)
    assert.equal(saved.header('location'), path)
    const spanish = await client.get(path)
    spanish.assertTextIncludes('Preferencias de correo')
    assert.include(spanish.text(), 'lang="es"')
    assert.match(spanish.text(), /value="daily"\s+checked/)

    const invalid = await client
      .post(path)
      .form({ frequency: 'hourly', language: 'xx' })
      .withCsrfToken()
      .redirects(0)
    invalid.assertStatus(302)
    const errors = invalid.flashMessages().inputErrorsBag as Record<string, string[]>
    assert.properties(errors, ['frequency', 'language'])
  })

  test('unsubscribe: one-click POST without a session, a confirmation page for browsers', async ({
    client,
    assert,
  }) => {
    const path = `/preferences/${preferencesToken('dana@example.com')}`
    const confirm = await client.get(`${path}/unsubscribe`)
    confirm.assertStatus(200)
    assert.include(confirm.text(), 'data-unsubscribe-confirm')

    // What Gmail and others send for List-Unsubscribe-Post: no cookie, no CSRF token.
    const oneClick = await client
      .post(`${path}/unsubscribe`)
      .form({ 'List-Unsubscribe': 'One-Click' })
    oneClick.assertStatus(200)
    const api = await apiToken(['support'])
    const stored = await client.get('/api/preferences/dana@example.com').bearerToken(api.token)
    assert.isFalse(stored.body().email_notifications)
  })

  test('a forged or unknown preferences link is a friendly 404', async ({ client }) => {
    const token = preferencesToken('dana@example.com')
    const forged = token.replace(/.$/, (last) => (last === 'A' ? 'B' : 'A'))
    const response = await client.get(`/preferences/${forged}`)
    response.assertStatus(404)
    response.assertTextIncludes("This link doesn't work")
    const nonsense = await client.get('/preferences/nonsense')
    nonsense.assertStatus(404)
  })

  test('agents set their own email settings, including new-ticket alerts', async ({
    client,
    assert,
  }) => {
    const agent = await UserFactory.merge({ email: 'sam@example.com' }).create()
    const page = await client.get('/account/notifications').loginAs(agent)
    page.assertStatus(200)
    page.assertTextIncludes('Email me about every new ticket')
    await client
      .put('/account/notifications')
      .loginAs(agent)
      .form({
        email_enabled: 'true',
        frequency: 'immediate',
        language: 'en',
        new_ticket_alerts: 'true',
      })
      .withCsrfToken()
      .redirects(0)
    await openTicket()
    const [alert] = await notificationsOf('new_ticket')
    assert.equal(alert.recipient, 'sam@example.com')
  })

  test('the settings page saves through the form it shows', async ({ client, assert }) => {
    const agent = await UserFactory.merge({ email: 'kim@example.com' }).create()
    const page = await client.get('/account/notifications').loginAs(agent)
    const action = /<form method="POST" action="([^"]+)"[^>]*data-preferences-form/
      .exec(page.text())![1]
      .replaceAll('&amp;', '&')
    const saved = await client
      .post(action)
      .loginAs(agent)
      .form({ email_enabled: 'true', frequency: 'weekly', language: 'es' })
      .withCsrfToken()
      .redirects(0)
    saved.assertStatus(302)
    const preferences = await preferencesFor('kim@example.com')
    assert.equal(preferences.frequency, 'weekly')
    assert.equal(preferences.language, 'es')
  })
})

test.group('Notifications / outbox, log, API and fresh links', (group) => {
  group.each.setup(() => resetDatabase())

  test('with no configuration, mail lands in the admin outbox with a sandboxed preview', async ({
    client,
    assert,
  }) => {
    const admin = await UserFactory.merge({ role: 'admin' }).create()
    const ticket = await openTicket()
    await deliverDue()
    const outbox = await client.get('/admin/notifications/outbox').loginAs(admin)
    outbox.assertStatus(200)
    outbox.assertTextIncludes(`[#${ticket.number}] We received your request`)
    const id = /data-outbox-row="(\d+)"/.exec(outbox.text())![1]

    const show = await client.get(`/admin/notifications/outbox/${id}`).loginAs(admin)
    show.assertTextIncludes('Your request is number')
    show.assertTextIncludes('List-Unsubscribe')
    const html = await client.get(`/admin/notifications/outbox/${id}/html`).loginAs(admin)
    assert.include(html.header('content-security-policy'), 'sandbox')
    assert.include(html.text(), '<h1')

    const agent = await UserFactory.create()
    const outboxAsAgent = await client.get('/admin/notifications/outbox').loginAs(agent)
    outboxAsAgent.assertStatus(403)
    const logAsAgent = await client.get('/admin/notifications').loginAs(agent)
    logAsAgent.assertStatus(403)
  })

  test('the log filters by status, type and recipient', async ({ client, assert }) => {
    const admin = await UserFactory.merge({ role: 'admin' }).create()
    await savePreferences('none@example.com', { frequency: 'none' })
    await openTicket({ email: 'dana@example.com', title: 'Dana’s question' })
    await openTicket({ email: 'none@example.com', title: 'Quiet question' })
    await deliverDue()

    const suppressed = await client
      .get('/admin/notifications/list?status=suppressed')
      .loginAs(admin)
    suppressed.assertTextIncludes('Quiet question')
    assert.notInclude(suppressed.text(), 'Dana’s question')
    const byRecipient = await client.get('/admin/notifications/list?recipient=dana').loginAs(admin)
    byRecipient.assertTextIncludes('Dana’s question')
    assert.notInclude(byRecipient.text(), 'Quiet question')
    const byType = await client.get('/admin/notifications/list?type=new_ticket').loginAs(admin)
    byType.assertTextIncludes('No notifications')
    const bad = await client.get('/admin/notifications?status=lost').loginAs(admin).redirects(0)
    bad.assertStatus(302)
  })

  test('preferences API: defaults, create, update, 422 and the summary', async ({
    client,
    assert,
  }) => {
    const { token } = await apiToken(['support'])
    const defaults = await client.get('/api/preferences/New@Example.com').bearerToken(token)
    defaults.assertStatus(200)
    assert.deepInclude(defaults.body(), {
      email: 'new@example.com',
      email_notifications: true,
      notification_frequency: 'immediate',
      preferred_language: 'en',
      is_default: true,
    })
    const created = await client.post('/api/preferences').bearerToken(token).json({
      email: 'new@example.com',
      notification_frequency: 'weekly',
      preferred_language: 'es',
    })
    created.assertStatus(201)
    const updated = await client
      .post('/api/preferences')
      .bearerToken(token)
      .json({ email: 'new@example.com', email_notifications: false })
    updated.assertStatus(200)
    assert.deepInclude(updated.body(), {
      email_notifications: false,
      notification_frequency: 'weekly',
      preferred_language: 'es',
      is_default: false,
    })
    const invalid = await client
      .post('/api/preferences')
      .bearerToken(token)
      .json({ email: 'not-an-address', notification_frequency: 'hourly' })
    invalid.assertStatus(422)
    assert.sameMembers(
      invalid.body().error.fields.map((field: { field: string }) => field.field),
      ['email', 'notification_frequency']
    )
    const notAnEmail = await client.get('/api/preferences/nope').bearerToken(token)
    notAnEmail.assertStatus(422)
    const summary = await client.get('/api/preferences/stats/summary').bearerToken(token)
    assert.deepInclude(summary.body(), { stored: 1, email_disabled: 1 })
    assert.equal(summary.body().by_frequency.weekly, 1)
    assert.equal(summary.body().by_language.es, 1)
    const anonymous = await client.get('/api/preferences/stats/summary')
    anonymous.assertStatus(401)
  })

  test('an expired link can be replaced by email, without telling who has a ticket', async ({
    client,
    assert,
  }) => {
    await savePreferences('dana@example.com', { emailEnabled: false })
    const ticket = await openTicket()
    const wrong = await client
      .post('/help/tickets/link')
      .form({ number: ticket.number, email: 'someone@example.com' })
      .withCsrfToken()
      .redirects(0)
    const right = await client
      .post('/help/tickets/link')
      .form({ number: ticket.number, email: 'Dana@example.com' })
      .withCsrfToken()
      .redirects(0)
    assert.equal(wrong.header('location'), right.header('location'))
    assert.include(String(right.flashMessages().success), 'a fresh link is on its way')

    // The worker looks the requests up (not the request path) and sends what they cause.
    await workQueueUntil(async () => {
      const links = await notificationsOf('ticket_link')
      const waiting = await queuedFreshLinks()
      return waiting.length === 0 && links.every((link) => link.status !== 'pending')
    })
    const links = await notificationsOf('ticket_link')
    assert.lengthOf(links, 1)
    assert.equal(links[0].recipient, 'dana@example.com')
    // Asked for by the customer: sent even though they turned notifications off.
    await deliverDue()
    await links[0].refresh()
    assert.equal(links[0].status, 'sent')
  })

  test('asking for a fresh link does the same work whether or not the ticket exists', async ({
    client,
    assert,
  }) => {
    const ticket = await openTicket()
    for (const email of ['someone@example.com', 'dana@example.com']) {
      const response = await client
        .post('/help/tickets/link')
        .form({ number: ticket.number, email })
        .withCsrfToken()
        .redirects(0)
      response.assertStatus(302)
      response.assertFlashMessage(
        'success',
        `If ticket #${ticket.number} was opened with ${email}, a fresh link is on its way there. It can take a minute to arrive.`
      )
    }
    // Both answered before anyone looked the ticket up: the same job, with what was typed.
    assert.lengthOf(await notificationsOf('ticket_link'), 0)
    assert.deepEqual(await queuedFreshLinks(), [
      { number: ticket.number, email: 'someone@example.com' },
      { number: ticket.number, email: 'dana@example.com' },
    ])

    await workQueueUntil(async () => {
      const [link] = await notificationsOf('ticket_link')
      return link?.status === 'sent'
    })
    const links = await notificationsOf('ticket_link')
    assert.deepEqual(
      links.map((link) => link.recipient),
      ['dana@example.com']
    )
  })
})
