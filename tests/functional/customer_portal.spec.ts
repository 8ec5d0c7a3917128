import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import Ticket from '#models/ticket'
import TicketStatusHistory from '#models/ticket_status_history'
import { UserFactory } from '#database/factories/user_factory'
import { resetDatabase } from '#tests/helpers/database'
import { CookieBrowser } from '#tests/helpers/cookie_browser'
import { article, defaultCategories } from '#tests/helpers/knowledge'
import { openTicket, portalPath } from '#tests/helpers/support'
import { addMessage, changeStatus } from '#services/support/ticket_service'
import { userActor } from '#services/accounts'
import { customerToken } from '#services/support/customer_links'
import { preferencesToken } from '#services/notifications/preference_links'

const FORM = {
  title: 'Cannot export my board',
  description: 'The CSV export spins forever and never downloads anything.',
  priority: 'high',
  email: 'Dana@Example.com',
  name: 'Dana',
}

test.group('Help desk / public submission', (group) => {
  group.each.setup(() => resetDatabase())

  test('a customer submits a ticket and gets its number and private link', async ({
    client,
    assert,
  }) => {
    const form = await client.get('/help/tickets/new')
    form.assertStatus(200)
    form.assertTextIncludes('Contact support')

    const submitted = await client.post('/help/tickets').form(FORM).withCsrfToken().redirects(0)
    assert.equal(submitted.header('location'), '/help/tickets/thanks')
    const ticket = await Ticket.firstOrFail()
    assert.equal(ticket.number, 1001)
    assert.equal(ticket.status, 'new')
    assert.equal(ticket.priority, 'high')
    assert.equal(ticket.contactEmail, 'dana@example.com')
    assert.equal(ticket.source, 'help_center')
    const history = await TicketStatusHistory.query().where('ticket_id', ticket.id)
    assert.lengthOf(history, 1)
    assert.isNull(history[0].oldStatus)
    assert.equal(history[0].actorType, 'customer')

    const thanks = await client
      .get('/help/tickets/thanks')
      .withSession({ __flash__: submitted.flashMessages() })
    thanks.assertStatus(200)
    thanks.assertTextIncludes('#1001')
    const link = /data-ticket-link href="([^"]+)"|href="([^"]+)" data-ticket-link/.exec(
      thanks.text()
    )
    assert.isNotNull(link)
    const portal = await client.get(link![1] ?? link![2])
    portal.assertStatus(200)
    portal.assertTextIncludes('Cannot export my board')
  })

  test('sending the same form twice opens one ticket and shows it again', async ({ assert }) => {
    // One browser with its cookies: the key belongs to its session.
    const browser = new CookieBrowser()
    const form = await browser.get('/help/tickets/new')
    const key = /name="submission_key" value="([^"]+)"/.exec(form.text)![1]
    const fields = { ...FORM, submission_key: key }

    const first = await browser.submit('/help/tickets', fields)
    assert.equal(first.location, '/help/tickets/thanks')
    const again = await browser.submit('/help/tickets', fields)
    assert.equal(again.location, '/help/tickets/thanks')
    assert.lengthOf(await Ticket.all(), 1)
    const thanks = await browser.get('/help/tickets/thanks')
    assert.include(thanks.text, '#1001')
    assert.include(thanks.text, 'no second request was opened')

    // The key is the session's: another browser cannot replay it.
    const other = new CookieBrowser()
    await other.get('/help/tickets/new')
    await other.submit('/help/tickets', fields)
    assert.lengthOf(await Ticket.all(), 2)
    // A fresh rendering of the form carries a new key.
    const next = await browser.get('/help/tickets/new')
    assert.notInclude(next.text, key)
  })

  test('invalid input gets field messages and keeps what was typed', async ({ client, assert }) => {
    const response = await client
      .post('/help/tickets')
      .form({ title: 'x', description: 'short', priority: 'whenever', email: 'not-an-email' })
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(302)
    const errors = response.flashMessages().inputErrorsBag
    assert.properties(errors, ['title', 'description', 'priority', 'email'])
    assert.equal(response.flashMessages().description, 'short')
    assert.lengthOf(await Ticket.all(), 0)
  })

  test('submissions are limited per email address', async ({ client, assert }) => {
    for (let i = 0; i < 5; i++) {
      const ok = await client
        .post('/help/tickets')
        .form({ ...FORM, title: `Request ${i}` })
        .withCsrfToken()
        .redirects(0)
      assert.equal(ok.header('location'), '/help/tickets/thanks')
    }
    const limited = await client.post('/help/tickets').form(FORM).withCsrfToken().redirects(0)
    limited.assertStatus(302)
    assert.match(limited.flashMessages().error as string, /several requests in a short time/)
    assert.lengthOf(await Ticket.all(), 5)
  })

  test('a burst of simultaneous submissions gets no more tickets than the limit', async ({
    client,
    assert,
  }) => {
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        client
          .post('/help/tickets')
          .form({ ...FORM, title: `Request ${i}` })
          .withCsrfToken()
          .redirects(0)
      )
    )
    assert.lengthOf(await Ticket.all(), 5)
  })

  test('suggestions appear for a description, and "this answered my question" is recorded', async ({
    client,
    assert,
  }) => {
    await defaultCategories()
    const faq = await article(
      'How do I export a board to CSV?',
      'Open the board menu and choose Export.'
    )
    const tooShort = await client.get('/help/suggestions').qs({ description: 'ex' })
    assert.notInclude(tooShort.text(), 'data-suggestions')

    const suggestions = await client
      .get('/help/suggestions')
      .qs({ description: 'my export to csv does not work' })
    suggestions.assertTextIncludes('How do I export a board to CSV?')
    suggestions.assertTextIncludes('This answered my question')

    const deflected = await client
      .post('/help/tickets/deflections')
      .form({ faq_id: faq.id, q: 'my export to csv does not work' })
      .header('HX-Request', 'true')
      .withCsrfToken()
    deflected.assertStatus(200)
    deflected.assertTextIncludes('Glad that helped')
    const rows = await db.from('ticket_deflections')
    assert.lengthOf(rows, 1)
    assert.equal(rows[0].faq_id, faq.id)
    assert.equal(rows[0].query, 'my export to csv does not work')
  })
})

test.group('Help desk / customer portal', (group) => {
  group.each.setup(() => resetDatabase())

  test('a valid link shows the ticket; forged, other-ticket and expired links do not', async ({
    client,
    assert,
  }) => {
    const ticket = await openTicket()
    const other = await openTicket({ email: 'someone@example.com', title: 'Another question' })
    const valid = await client.get(portalPath(ticket))
    valid.assertStatus(200)
    valid.assertTextIncludes(ticket.title)
    valid.assertTextIncludes('data-ticket-status="new">New</span>')

    const token = portalPath(ticket).split('/').at(-1)!
    const forged = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`
    const forgedResponse = await client.get(`/help/tickets/${ticket.number}/${forged}`)
    forgedResponse.assertStatus(404)
    assert.notInclude(forgedResponse.text(), ticket.title)

    // A valid token of one ticket never opens another.
    const crossed = await client.get(`/help/tickets/${other.number}/${token}`)
    crossed.assertStatus(404)
    assert.notInclude(crossed.text(), other.title)

    const expiredToken = customerToken(ticket, Date.now() - 400 * 24 * 3600 * 1000)
    const expired = await client.get(`/help/tickets/${ticket.number}/${expiredToken}`)
    expired.assertStatus(410)
    expired.assertTextIncludes('This link has expired')
    assert.notInclude(expired.text(), ticket.description)
  })

  test('a bad customer link shows a help-center page, never the staff pages', async ({
    client,
    assert,
  }) => {
    const ticket = await openTicket()
    const token = portalPath(ticket).split('/').at(-1)!
    const forged = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`
    const preferences = preferencesToken('customer@example.com')
    const links = [
      [`/help/tickets/${ticket.number}/${forged}`, ticket.number],
      [`/help/tickets/999999/${token}`, 999999],
      [`/preferences/${preferences.slice(0, -2)}xx`, null],
    ] as const
    for (const [link, number] of links) {
      const page = await client.get(link)
      page.assertStatus(404)
      page.assertTextIncludes("This link doesn't work")
      page.assertTextIncludes('class="help"')
      page.assertTextIncludes('Contact support')
      const fresh = number ? `/help/tickets/link?number=${number}` : '/help/tickets/link"'
      assert.include(page.text(), fresh, link)
      assert.notInclude(page.text(), 'href="/"', link)
      assert.notInclude(page.text(), ticket.title)
    }
    // A forged reply is turned away the same way, and nothing is added.
    const reply = await client
      .post(`/help/tickets/${ticket.number}/${forged}/replies`)
      .form({ body: 'Forged reply' })
      .withCsrfToken()
      .redirects(0)
    reply.assertStatus(404)
    reply.assertTextIncludes("This link doesn't work")
  })

  test('internal notes never reach the customer; public replies do', async ({ client, assert }) => {
    const agent = await UserFactory.create()
    const ticket = await openTicket()
    await addMessage(
      ticket,
      { kind: 'note', body: 'SECRET: refund approved by finance' },
      userActor(agent)
    )
    await addMessage(
      ticket,
      { kind: 'reply', body: 'We are looking into the export.' },
      userActor(agent)
    )
    const page = await client.get(portalPath(ticket))
    page.assertStatus(200)
    page.assertTextIncludes('We are looking into the export.')
    assert.notInclude(page.text(), 'SECRET')
  })

  test('a customer reply reopens a resolved ticket, recorded as the customer', async ({
    client,
    assert,
  }) => {
    const agent = await UserFactory.create()
    const ticket = await openTicket()
    await addMessage(
      ticket,
      { kind: 'reply', body: 'Fixed, try again.', status: 'resolved' },
      userActor(agent)
    )
    await ticket.refresh()
    assert.equal(ticket.status, 'resolved')
    assert.isNotNull(ticket.resolvedAt)

    const reply = await client
      .post(`${portalPath(ticket)}/replies`)
      .form({ body: 'Still broken for me.' })
      .withCsrfToken()
      .redirects(0)
    reply.assertStatus(302)
    await ticket.refresh()
    assert.equal(ticket.status, 'in_progress')
    assert.isNull(ticket.resolvedAt)
    const last = await TicketStatusHistory.query()
      .where('ticket_id', ticket.id)
      .orderBy('id', 'desc')
      .firstOrFail()
    assert.equal(last.oldStatus, 'resolved')
    assert.equal(last.newStatus, 'in_progress')
    assert.equal(last.actorType, 'customer')

    const empty = await client
      .post(`${portalPath(ticket)}/replies`)
      .form({ body: '  ' })
      .withCsrfToken()
      .redirects(0)
    assert.property(empty.flashMessages().inputErrorsBag, 'body')
  })

  test('"How did we do?" is asked after resolution and answered once', async ({
    client,
    assert,
  }) => {
    const agent = await UserFactory.create()
    const ticket = await openTicket()
    const before = await client.get(portalPath(ticket))
    assert.notInclude(before.text(), 'How did we do?')
    const early = await client
      .post(`${portalPath(ticket)}/rating`)
      .form({ rating: 5 })
      .withCsrfToken()
      .redirects(0)
    assert.match(early.flashMessages().error as string, /once the ticket is resolved/)

    await changeStatus(ticket, 'resolved', userActor(agent))
    const asked = await client.get(portalPath(ticket))
    asked.assertTextIncludes('How did we do?')

    const invalid = await client
      .post(`${portalPath(ticket)}/rating`)
      .form({ rating: 9 })
      .withCsrfToken()
      .redirects(0)
    assert.property(invalid.flashMessages().inputErrorsBag, 'rating')

    const rated = await client
      .post(`${portalPath(ticket)}/rating`)
      .form({ rating: 4, comment: 'Quick and kind.' })
      .withCsrfToken()
      .redirects(0)
    rated.assertFlashMessage('success', 'Thank you for rating our answer.')
    const again = await client
      .post(`${portalPath(ticket)}/rating`)
      .form({ rating: 1 })
      .withCsrfToken()
      .redirects(0)
    assert.match(again.flashMessages().error as string, /already rated/)
    const rows = await db.from('csat_responses')
    assert.lengthOf(rows, 1)
    assert.equal(rows[0].rating, 4)
    const after = await client.get(portalPath(ticket))
    assert.notInclude(after.text(), 'How did we do?')
    after.assertTextIncludes('You rated our answer 4 out of 5')
  })

  test('a closed ticket takes no more customer replies', async ({ client, assert }) => {
    const agent = await UserFactory.create()
    const ticket = await openTicket()
    await changeStatus(ticket, 'closed', userActor(agent))
    const page = await client.get(portalPath(ticket))
    page.assertTextIncludes('This ticket is closed')
    const reply = await client
      .post(`${portalPath(ticket)}/replies`)
      .form({ body: 'Hello?' })
      .withCsrfToken()
      .redirects(0)
    assert.match(reply.flashMessages().error as string, /closed/)
    assert.equal(ticket.messageCount, 0)
  })

  test('ticket text is escaped on the customer side', async ({ client, assert }) => {
    const ticket = await openTicket({
      title: '<script>alert(1)</script> export',
      description: 'Body with <img src=x onerror=alert(2)> inside',
    })
    const page = await client.get(portalPath(ticket))
    assert.notInclude(page.text(), '<script>alert(1)</script>')
    assert.notInclude(page.text(), '<img src=x')
    assert.include(page.text(), '&lt;script&gt;alert(1)&lt;/script&gt; export')
  })
})
