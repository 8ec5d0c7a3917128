import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import env from '#start/env'
import Ticket from '#models/ticket'
import TicketMessage from '#models/ticket_message'
import {
  changeTicketStatus,
  deleteQuarantined,
  quarantinedEmails,
  receiveInboundEmail,
  retryQuarantined,
  ticketReplyAddress,
} from '#services/support'
import { SYSTEM_ACTOR } from '#services/accounts'
import { resetDatabase } from '#tests/helpers/database'
import { rawMail } from '#tests/helpers/inbound_mail'
import { notificationsOf, workQueueUntilSettled } from '#tests/helpers/notifications'
import { smtpForTest } from '#tests/helpers/smtp'
import { apiToken } from '#tests/helpers/api'
import { portalPath } from '#tests/helpers/support'
import { UserFactory } from '#database/factories/user_factory'

const HTTP = { kind: 'http' } as const

async function only<T>(list: Promise<T[]>) {
  const rows = await list
  if (rows.length !== 1) throw new Error(`expected one row, got ${rows.length}`)
  return rows[0]
}

function messagesOf(ticket: Ticket) {
  return TicketMessage.query().where('ticket_id', ticket.id).orderBy('id')
}

test.group('Inbound email / new tickets and threading', (group) => {
  group.each.setup(() => resetDatabase())

  test('a new conversation becomes a ticket from its sender, subject and text', async ({
    assert,
  }) => {
    const result = await receiveInboundEmail(
      rawMail({
        from: 'Dana Scully <Dana@Example.com>',
        subject: 'Invoices will not export',
        text: 'The export button spins forever.\nSince Monday.',
      }),
      HTTP
    )
    assert.equal(result.outcome, 'created')
    const ticket = await only(Ticket.all())
    assert.equal(result.ticketNumber, ticket.number)
    assert.equal(ticket.title, 'Invoices will not export')
    assert.equal(ticket.description, 'The export button spins forever.\nSince Monday.')
    assert.equal(ticket.contactEmail, 'dana@example.com')
    assert.equal(ticket.contactName, 'Dana Scully')
    assert.equal(ticket.source, 'email')
    // The customer is told, and told that replying by email works.
    const ack = await only(notificationsOf('ticket_created'))
    assert.equal(ack.recipient, 'dana@example.com')
    assert.equal(ack.data.replyTo, ticketReplyAddress(ticket.number))
  })

  test('a reply to our acknowledgement threads by In-Reply-To and References', async ({
    assert,
    cleanup,
  }) => {
    const smtp = await smtpForTest(cleanup)
    await receiveInboundEmail(rawMail({ subject: 'Export is stuck' }), HTTP)
    await workQueueUntilSettled()
    const ack = smtp.messages.find((message) => message.subject?.includes('We received'))!
    const ticket = await only(Ticket.all())
    // The acknowledgement carries the signed ticket address and says replies work.
    assert.equal(
      ack.replyTo && 'text' in ack.replyTo ? ack.replyTo.text : '',
      ticketReplyAddress(ticket.number)!
    )
    assert.include(ack.text!, 'You can reply to this email')
    assert.equal(ack.headers.get('auto-submitted'), 'auto-replied')

    // The customer's program replies to the sender, keeping the thread's ids.
    const answer = await receiveInboundEmail(
      rawMail({
        subject: `Re: ${ack.subject}`,
        text: 'Here is a screenshot.\n\nOn Monday, Support wrote:\n> We received your request',
        inReplyTo: ack.messageId,
        references: [ack.references].flat().concat(ack.messageId).join(' '),
      }),
      HTTP
    )
    assert.deepEqual(answer, { outcome: 'threaded', ticketNumber: ticket.number })
    const [message] = await messagesOf(ticket)
    assert.equal(message.kind, 'customer')
    assert.isTrue(message.viaEmail)
    assert.include(message.body, 'Here is a screenshot.')
    assert.lengthOf(await Ticket.all(), 1)
  })

  test('a reply threads by the signed ticket address; a forged one does not', async ({
    assert,
  }) => {
    const first = await receiveInboundEmail(rawMail({ subject: 'Billing' }), HTTP)
    const address = ticketReplyAddress(first.ticketNumber!)!
    assert.match(
      address,
      new RegExp(`^support\\+t${first.ticketNumber}-[a-z0-9]{10}@example\\.com$`)
    )

    // Another person, a new subject, no thread headers: the address alone says which ticket.
    const threaded = await receiveInboundEmail(
      rawMail({ from: 'colleague@example.org', to: address, subject: 'Also broken for me' }),
      HTTP
    )
    assert.deepEqual(threaded, { outcome: 'threaded', ticketNumber: first.ticketNumber })

    const forged = address.replace(/-[a-z0-9]+@/, '-aaaaaaaaaa@')
    const guessed = await receiveInboundEmail(rawMail({ to: forged, subject: 'Sneaky' }), HTTP)
    assert.equal(guessed.outcome, 'created')
    assert.notEqual(guessed.ticketNumber, first.ticketNumber)
  })

  test('a reply threads by [#number] in the subject only from the ticket’s contact', async ({
    assert,
  }) => {
    const first = await receiveInboundEmail(rawMail({ subject: 'Login fails' }), HTTP)
    const subject = `Re: [#${first.ticketNumber}] Login fails`

    const fromContact = await receiveInboundEmail(rawMail({ subject }), HTTP)
    assert.deepEqual(fromContact, { outcome: 'threaded', ticketNumber: first.ticketNumber })

    const fromStranger = await receiveInboundEmail(
      rawMail({ from: 'mallory@evil.example', subject }),
      HTTP
    )
    assert.equal(fromStranger.outcome, 'created')
    const ticket = await Ticket.findByOrFail('number', fromStranger.ticketNumber)
    assert.equal(ticket.contactEmail, 'mallory@evil.example')
  })

  test('a reply to a resolved ticket reopens it; to a closed one starts a linked ticket', async ({
    client,
    assert,
  }) => {
    const first = await receiveInboundEmail(rawMail({ subject: 'Sync' }), HTTP)
    const ticket = await Ticket.findByOrFail('number', first.ticketNumber)
    await changeTicketStatus(ticket, 'in_progress', SYSTEM_ACTOR)
    await changeTicketStatus(ticket, 'resolved', SYSTEM_ACTOR)
    const address = ticketReplyAddress(ticket.number)!

    const reopened = await receiveInboundEmail(rawMail({ to: address, text: 'Still broken' }), HTTP)
    assert.equal(reopened.outcome, 'threaded')
    await ticket.refresh()
    assert.equal(ticket.status, 'in_progress')

    await changeTicketStatus(ticket, 'resolved', SYSTEM_ACTOR)
    await changeTicketStatus(ticket, 'closed', SYSTEM_ACTOR)
    const followUp = await receiveInboundEmail(
      rawMail({ to: address, subject: 'Re: Sync', text: 'It is back' }),
      HTTP
    )
    assert.equal(followUp.outcome, 'created')
    const next = await Ticket.findByOrFail('number', followUp.ticketNumber)
    assert.equal(next.followsTicketId, ticket.id)
    assert.equal(next.description, 'It is back')
    await ticket.refresh()
    assert.equal(ticket.status, 'closed')
    // Agents see which ticket the new one follows.
    const page = await client.get(`/tickets/${next.number}`).loginAs(await UserFactory.create())
    const follows = /<dd data-follows><a href="([^"]+)">#(\d+)<\/a>/.exec(page.text())
    assert.deepEqual(follows?.slice(1), [`/tickets/${ticket.number}`, String(ticket.number)])
  })
})

test.group('Inbound email / what never becomes a ticket', (group) => {
  group.each.setup(() => resetDatabase())

  for (const [label, headers] of [
    ['an out-of-office reply (Auto-Submitted)', { 'Auto-Submitted': 'auto-replied' }],
    ['a list or bulk mail (Precedence)', { Precedence: 'bulk' }],
    ['an X-Autoreply', { 'X-Autoreply': 'yes' }],
    [
      'a delivery status notification (bounce)',
      { 'Content-Type': 'multipart/report; report-type=delivery-status; boundary="b"' },
    ],
  ] as const) {
    test(`${label} is ignored and acknowledged by nobody`, async ({ assert }) => {
      const result = await receiveInboundEmail(rawMail({ headers: { ...headers } }), HTTP)
      assert.deepEqual(result, { outcome: 'ignored' })
      assert.lengthOf(await Ticket.all(), 0)
      assert.lengthOf(await notificationsOf('ticket_created'), 0)
    })
  }

  test('a bounce from the mailer daemon and our own mail coming back are ignored', async ({
    assert,
  }) => {
    const bounce = rawMail({ from: 'MAILER-DAEMON@mx.example.com', subject: 'Undeliverable' })
    assert.deepEqual(await receiveInboundEmail(bounce, HTTP), { outcome: 'ignored' })
    const loop = rawMail({ messageId: '<notification-7@localhost>' })
    assert.deepEqual(await receiveInboundEmail(loop, HTTP), { outcome: 'ignored' })
    const ours = rawMail({ from: 'support@example.com' })
    assert.deepEqual(await receiveInboundEmail(ours, HTTP), { outcome: 'ignored' })
    assert.lengthOf(await Ticket.all(), 0)
  })

  test('a Message-ID seen before never makes a second ticket or message', async ({ assert }) => {
    const mail = rawMail({ messageId: '<same-1@mail.example.com>' })
    const first = await receiveInboundEmail(mail, HTTP)
    assert.equal(first.outcome, 'created')
    const again = await Promise.all([
      receiveInboundEmail(mail, HTTP),
      receiveInboundEmail(mail, { kind: 'imap', mailboxId: 1 }),
    ])
    assert.deepEqual(
      again.map((result) => result.outcome),
      ['duplicate', 'duplicate']
    )
    const reply = rawMail({
      messageId: '<same-2@mail.example.com>',
      subject: `Re: [#${first.ticketNumber}] Export`,
    })
    await Promise.all([receiveInboundEmail(reply, HTTP), receiveInboundEmail(reply, HTTP)])
    assert.lengthOf(await Ticket.all(), 1)
    assert.lengthOf(await TicketMessage.all(), 1)
  })
})

test.group('Inbound email / quarantine', (group) => {
  group.each.setup(() => resetDatabase())

  test('a message without a sender is quarantined whole, with the reason', async ({ assert }) => {
    const raw = Buffer.from('Subject: Who am I\r\nMessage-ID: <x-1@mail.example.com>\r\n\r\nHi\r\n')
    const result = await receiveInboundEmail(raw, { kind: 'imap', mailboxId: 4 })
    assert.deepEqual(result, { outcome: 'quarantined' })
    const held = await only(quarantinedEmails())
    assert.include(held.reason, 'no usable sender')
    assert.deepEqual(held.origin, { kind: 'imap', mailboxId: 4 })
    assert.equal(held.subject, 'Who am I')
    assert.equal(held.messageId, '<x-1@mail.example.com>')
    const stored = await db.from('inbound_quarantine').where('id', held.id).first()
    assert.isTrue(Buffer.from(stored.raw).equals(raw))
    assert.lengthOf(await Ticket.all(), 0)
  })

  test('garbage, a multipart bomb and an unknown charset never throw', async ({ assert }) => {
    const garbage = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 256))
    const nested =
      'From: dana@example.com\r\nContent-Type: multipart/mixed; boundary=b0\r\n\r\n' +
      Array.from(
        { length: 2000 },
        (_, i) => `--b${i}\r\nContent-Type: multipart/mixed; boundary=b${i + 1}\r\n\r\n`
      ).join('')
    const charset = Buffer.from(
      'From: dana@example.com\r\nSubject: Caf\xe9\r\nMessage-ID: <cs-1@mail.example.com>\r\n' +
        'Content-Type: text/plain; charset=x-no-such-charset\r\n\r\nCaf\xe9 au lait\r\n',
      'latin1'
    )
    assert.deepEqual(await receiveInboundEmail(garbage, HTTP), { outcome: 'quarantined' })
    assert.deepEqual(await receiveInboundEmail(Buffer.from(nested), HTTP), {
      outcome: 'quarantined',
    })
    const readable = await receiveInboundEmail(charset, HTTP)
    assert.equal(readable.outcome, 'created')
    const held = await quarantinedEmails()
    const reasons = held.map((entry) => entry.reason)
    assert.lengthOf(reasons, 2)
    assert.isTrue(reasons.some((reason) => reason.startsWith('The message could not be parsed')))
    const ticket = await Ticket.findByOrFail('number', readable.ticketNumber)
    assert.include(ticket.description, 'au lait')
  })

  test('an oversized message is quarantined unread', async ({ assert }) => {
    env.set('INBOUND_EMAIL_MAX_BYTES', 1000)
    try {
      const result = await receiveInboundEmail(rawMail({ text: 'x'.repeat(2000) }), HTTP)
      assert.equal(result.outcome, 'quarantined')
      const held = await only(quarantinedEmails())
      assert.include(held.reason, 'over the limit of 1000')
    } finally {
      defaultMaxBytes()
    }
  })

  test('a retry takes the message in once the cause is gone; delete drops it', async ({
    assert,
  }) => {
    env.set('INBOUND_EMAIL_MAX_BYTES', 1000)
    try {
      await receiveInboundEmail(rawMail({ text: 'y'.repeat(2000) }), HTTP)
      await receiveInboundEmail(rawMail({ text: 'z'.repeat(2000) }), HTTP)
      const [newer, older] = await quarantinedEmails()
      assert.deepEqual(await retryQuarantined(older.id), { outcome: 'quarantined' })
      const kept = await quarantinedEmails()
      assert.equal(kept.find((held) => held.id === older.id)?.attempts, 2)

      defaultMaxBytes()
      const retried = await retryQuarantined(older.id)
      assert.equal(retried.outcome, 'created')
      await deleteQuarantined(newer.id)
      assert.lengthOf(await quarantinedEmails(), 0)
      assert.lengthOf(await Ticket.all(), 1)
    } finally {
      defaultMaxBytes()
    }
  })
})

/**
 * Back to the default limit. env.set(undefined) alone leaves the string "undefined" in
 * process.env, which the ace commands other tests start would inherit and refuse.
 */
function defaultMaxBytes() {
  env.set('INBOUND_EMAIL_MAX_BYTES', undefined as unknown as number)
  delete process.env.INBOUND_EMAIL_MAX_BYTES
}

/** Raw MIME over HTTP, as a provider forwards it (the api client sends no raw bytes). */
function postRaw(body: Buffer | string, headers: Record<string, string>) {
  return fetch(`http://${env.get('HOST')}:${env.get('PORT')}/api/inbound/email`, {
    method: 'POST',
    headers,
    body,
  })
}

test.group('Inbound email / POST /api/inbound/email', (group) => {
  group.each.setup(() => resetDatabase())

  test('a token with the inbound ability posts raw MIME and a ticket opens', async ({ assert }) => {
    const { token } = await apiToken(['inbound'])
    const mail = rawMail({ subject: 'Straight from the provider', text: 'Grüße – ça marche ?' })
    const response = await postRaw(mail, {
      'Authorization': `Bearer ${token}`,
      'Content-Type': 'message/rfc822',
    })
    assert.equal(response.status, 200)
    const ticket = await only(Ticket.all())
    assert.deepEqual(await response.json(), { outcome: 'created', ticket_number: ticket.number })
    assert.equal(ticket.description, 'Grüße – ça marche ?')
  })

  test('other tokens, no token and other body types are refused', async ({ assert }) => {
    const { token: support } = await apiToken(['support'])
    const { token: inbound } = await apiToken(['inbound'])
    const mail = rawMail()
    const rfc822 = { 'Content-Type': 'message/rfc822' }
    const noToken = await postRaw(mail, rfc822)
    assert.equal(noToken.status, 401)
    const wrongAbility = await postRaw(mail, { ...rfc822, Authorization: `Bearer ${support}` })
    assert.equal(wrongAbility.status, 403)
    const json = await postRaw(JSON.stringify({ raw: mail.toString() }), {
      'Authorization': `Bearer ${inbound}`,
      'Content-Type': 'application/json',
    })
    assert.equal(json.status, 422)
    const body = (await json.json()) as { error: { fields: { field: string }[] } }
    assert.equal(body.error.fields[0].field, 'content-type')
    assert.lengthOf(await Ticket.all(), 0)
  })
})

test.group('Inbound email / reading a mail', (group) => {
  group.each.setup(() => resetDatabase())

  test('quoted history and signature are folded for agents and customers, never lost', async ({
    client,
    assert,
  }) => {
    const agent = await UserFactory.create()
    const first = await receiveInboundEmail(
      rawMail({ text: 'My invoices are gone.\n-- \nDana Scully\nACME Corp' }),
      HTTP
    )
    await receiveInboundEmail(
      rawMail({
        subject: `Re: [#${first.ticketNumber}] Export`,
        text: 'Found them, thanks!\n\nOn Monday, Support <support@example.com> wrote:\n> Did you look in Archive?',
      }),
      HTTP
    )
    const ticket = await Ticket.findByOrFail('number', first.ticketNumber)

    const page = await client.get(`/tickets/${ticket.number}`).loginAs(agent)
    page.assertStatus(200)
    const portal = await client.get(portalPath(ticket))
    for (const text of [page.text(), portal.text()]) {
      const shown = text.replace(/<details[\s\S]*?<\/details>/g, '')
      assert.include(shown, 'My invoices are gone.')
      assert.include(shown, 'Found them, thanks!')
      assert.notInclude(shown, 'ACME Corp')
      assert.notInclude(shown, 'Did you look in Archive?')
      // The folded part is one click away, as written.
      const folded = [...text.matchAll(/<details[\s\S]*?<\/details>/g)].map((m) => m[0]).join()
      assert.include(folded, 'ACME Corp')
      assert.include(folded, '&gt; Did you look in Archive?')
    }
  })
})

test.group('Inbound email / HTML mail', (group) => {
  group.each.setup(() => resetDatabase())

  test('an HTML mail keeps its text and a sanitised HTML version, shown to agents only', async ({
    client,
    assert,
  }) => {
    const agent = await UserFactory.create()
    const html =
      '<p onclick="steal()">Hello <b>team</b></p><script>alert(1)</script>' +
      '<img src="https://tracker.example/pixel.gif"><img src="cid:logo@mail" alt="logo">' +
      '<a href="javascript:alert(1)">bad</a> <a href="https://example.com/x">good</a>'
    const raw = Buffer.from(
      'From: dana@example.com\r\nSubject: Formatted\r\nMessage-ID: <h-1@mail.example.com>\r\n' +
        `MIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n${html}\r\n`
    )
    const result = await receiveInboundEmail(raw, HTTP)
    const ticket = await Ticket.findByOrFail('number', result.ticketNumber)
    // The text is made from the HTML; the HTML is kept without anything that could run.
    assert.include(ticket.description, 'Hello team')
    const kept = ticket.descriptionHtml!
    assert.include(kept, '<b>team</b>')
    assert.include(kept, 'src="cid:logo@mail"')
    assert.include(kept, 'href="https://example.com/x"')
    for (const gone of ['<script', 'onclick', 'tracker.example', 'javascript:']) {
      assert.notInclude(kept, gone)
    }

    const page = await client.get(`/tickets/${ticket.number}`).loginAs(agent)
    page.assertTextIncludes(`/tickets/${ticket.number}/html`)
    const frame = await client.get(`/tickets/${ticket.number}/html`).loginAs(agent)
    frame.assertStatus(200)
    // Sandboxed: no script or form; the app's origin kept for its inline images' requests.
    const policy = frame.header('content-security-policy') ?? ''
    assert.match(policy, /^sandbox allow-same-origin;/)
    assert.notInclude(policy, 'allow-scripts')
    assert.include(frame.text(), '<b>team</b>')
    const portal = await client.get(portalPath(ticket))
    assert.notInclude(portal.text(), `/tickets/${ticket.number}/html`)
    const anonymous = await client.get(`/tickets/${ticket.number}/html`).redirects(0)
    anonymous.assertStatus(302)
    const plain = await receiveInboundEmail(rawMail(), HTTP)
    const none = await client.get(`/tickets/${plain.ticketNumber}/html`).loginAs(agent)
    none.assertStatus(404)
  })
})

test.group('Inbound email / quarantine page', (group) => {
  group.each.setup(() => resetDatabase())

  test('admins list quarantined mail, retry and delete it; agents may not', async ({
    client,
    assert,
  }) => {
    const admin = await UserFactory.apply('admin').create()
    const agent = await UserFactory.create()
    const noSender = 'Subject: Nobody\r\nMessage-ID: <q-1@mail.example.com>\r\n\r\nHi\r\n'
    await receiveInboundEmail(Buffer.from(noSender), HTTP)
    await receiveInboundEmail(Buffer.from(noSender.replace('q-1', 'q-2')), HTTP)
    const [second, first] = await quarantinedEmails()

    const list = await client.get('/admin/mail-quarantine').loginAs(admin)
    list.assertStatus(200)
    list.assertTextIncludes('Nobody')
    list.assertTextIncludes('no usable sender address')
    const refused = await client.get('/admin/mail-quarantine').loginAs(agent).redirects(0)
    assert.notEqual(refused.status(), 200)

    const retried = await client
      .post(`/admin/mail-quarantine/${first.id}/retry`)
      .loginAs(admin)
      .withCsrfToken()
      .redirects(0)
    retried.assertStatus(302)
    const afterRetry = await quarantinedEmails()
    assert.equal(afterRetry.find((q) => q.id === first.id)?.attempts, 2)

    const deleted = await client
      .delete(`/admin/mail-quarantine/${second.id}`)
      .loginAs(admin)
      .withCsrfToken()
      .redirects(0)
    deleted.assertStatus(302)
    const left = await quarantinedEmails()
    assert.deepEqual(
      left.map((q) => q.id),
      [first.id]
    )
    const missing = await client
      .post('/admin/mail-quarantine/abc/retry')
      .loginAs(admin)
      .withCsrfToken()
    missing.assertStatus(404)
  })
})
