import { test } from '@japa/runner'
import drive from '@adonisjs/drive/services/main'
import db from '@adonisjs/lucid/services/db'
import TicketAttachment from '#models/ticket_attachment'
import Ticket from '#models/ticket'
import { UserFactory } from '#database/factories/user_factory'
import { resetDatabase } from '#tests/helpers/database'
import { openTicket, portalPath } from '#tests/helpers/support'
import { apiToken } from '#tests/helpers/api'
import { smtpForEachTest } from '#tests/helpers/smtp'
import { workQueueUntilSettled } from '#tests/helpers/notifications'
import { addMessage } from '#services/support/ticket_service'
import { attachFiles, attachOpeningFiles, receiveInboundEmail } from '#services/support'

/** A one-pixel PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64'
)

async function customerMessage() {
  const ticket = await openTicket()
  const message = await addMessage(
    ticket,
    { kind: 'customer', body: 'Here is the screenshot.' },
    { kind: 'customer', name: 'Dana Customer', email: 'dana@example.com' }
  )
  return { ticket, message }
}

test.group('Help desk / attachments: inbound mail files', (group) => {
  group.each.setup(() => resetDatabase())

  test('an email’s files and inline images are kept; refused ones are named', async ({
    assert,
  }) => {
    const { ticket, message } = await customerMessage()

    const { attached, refused } = await attachFiles(message.id, [
      {
        filename: '../../etc/invoice<1>.pdf',
        contentType: 'application/pdf',
        content: Buffer.from('%PDF-1.4 hi'),
      },
      {
        filename: '',
        contentType: 'image/png',
        content: PNG,
        inline: true,
        contentId: '<logo@mail>',
      },
      {
        filename: 'run-me.exe',
        contentType: 'application/octet-stream',
        content: Buffer.from('MZ'),
      },
      { filename: 'page.html', contentType: 'text/html', content: Buffer.from('<script>') },
    ])

    assert.deepEqual(
      attached.map((file) => [file.filename, file.contentType, file.inline, file.contentId]),
      [
        ['invoice1.pdf', 'application/pdf', false, null],
        ['attachment.png', 'image/png', true, 'logo@mail'],
      ]
    )
    assert.lengthOf(refused, 2)
    assert.match(refused[0], /run-me\.exe: files of this type are not accepted/)

    const rows = await TicketAttachment.query().where('ticket_id', ticket.id).orderBy('id')
    assert.deepEqual(
      rows.map((row) => row.messageId),
      [message.id, message.id]
    )
    // The bytes are on the drive under a random key (nothing guessable from the name).
    assert.notInclude(rows[0].storageKey, 'invoice')
    assert.equal(Buffer.from(await drive.use().getBytes(rows[1].storageKey)).compare(PNG), 0)
  })

  test('the files of an email that opened a ticket are kept with its request', async ({
    assert,
  }) => {
    const ticket = await openTicket()
    const { attached, refused } = await attachOpeningFiles(ticket.id, [
      { filename: 'error.log', contentType: 'text/plain', content: Buffer.from('E42') },
      { filename: 'evil.svg', contentType: 'image/svg+xml', content: Buffer.from('<svg/>') },
    ])
    assert.deepEqual(
      attached.map((file) => [file.filename, file.messageId]),
      [['error.log', null]]
    )
    assert.deepEqual(refused, ['evil.svg: files of this type are not accepted.'])
  })

  test('files over the size limit or the count are refused, the rest kept', async ({ assert }) => {
    const { message } = await customerMessage()
    const big = Buffer.alloc(10 * 1024 * 1024 + 1, 1)
    const many = Array.from({ length: 11 }, (_, i) => ({
      filename: `note-${i}.txt`,
      contentType: 'text/plain',
      content: Buffer.from(`line ${i}`),
    }))

    const { attached, refused } = await attachFiles(message.id, [
      { filename: 'huge.log', contentType: 'text/plain', content: big },
      ...many,
    ])

    assert.lengthOf(attached, 10)
    assert.deepEqual(refused, ['huge.log is larger than 10 MB.', 'note-10.txt: too many files.'])
  })

  test('a failed transaction leaves no file behind', async ({ assert }) => {
    const { message } = await customerMessage()
    let key = ''
    await assert.rejects(() =>
      db.transaction(async (trx) => {
        const { attached } = await attachFiles(
          message.id,
          [{ filename: 'a.txt', contentType: 'text/plain', content: Buffer.from('a') }],
          trx
        )
        key = attached[0].storageKey
        throw new Error('the ticket change failed')
      })
    )
    assert.isFalse(await drive.use().exists(key))
    assert.isNull(await TicketAttachment.first())
  })
})

/** The href of the first download link for a file name in a page. */
function linkTo(html: string, filename: string) {
  const match = new RegExp(`<a href="([^"]+)" download="${filename.replace('.', '\\.')}"`).exec(
    html
  )
  return match ? match[1].replace(/&amp;/g, '&') : null
}

/** A customer's mail with an inline image in its HTML, a PDF and a program. */
function mailWithFiles() {
  const b64 = (data: Buffer) => data.toString('base64')
  return Buffer.from(
    [
      'From: Dana Customer <dana@example.com>',
      'To: support@example.com',
      'Subject: Broken invoice layout',
      'Message-ID: <files-1@mail.example.com>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="outer"',
      '',
      '--outer',
      'Content-Type: multipart/related; boundary="inner"',
      '',
      '--inner',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p>The logo is cut off:</p><img src="cid:shot@mail">',
      '--inner',
      'Content-Type: image/png; name="shot.png"',
      'Content-Disposition: inline; filename="shot.png"',
      'Content-ID: <shot@mail>',
      'Content-Transfer-Encoding: base64',
      '',
      b64(PNG),
      '--inner--',
      '--outer',
      'Content-Type: application/pdf; name="invoice.pdf"',
      'Content-Disposition: attachment; filename="invoice.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      b64(Buffer.from('%PDF-1.4 invoice')),
      '--outer',
      'Content-Type: application/octet-stream; name="setup.exe"',
      'Content-Disposition: attachment; filename="setup.exe"',
      'Content-Transfer-Encoding: base64',
      '',
      b64(Buffer.from('MZ')),
      '--outer--',
      '',
    ].join('\r\n')
  )
}

test.group('Help desk / attachments: inbound mail', (group) => {
  group.each.setup(() => resetDatabase())

  test('a mail’s attachment and inline image reach the agent; a program does not', async ({
    client,
    assert,
  }) => {
    const result = await receiveInboundEmail(mailWithFiles(), { kind: 'http' })
    assert.equal(result.outcome, 'created')
    const files = await TicketAttachment.query().orderBy('id')
    assert.deepEqual(
      files.map((file) => [file.filename, file.contentType, file.inline, file.contentId]),
      [
        ['shot.png', 'image/png', true, 'shot@mail'],
        ['invoice.pdf', 'application/pdf', false, null],
      ]
    )

    // On the opening request itself: the mail is one message, not two.
    assert.deepEqual(
      files.map((file) => file.messageId),
      [null, null]
    )
    const ticket = await Ticket.findByOrFail('number', result.ticketNumber)
    assert.equal(await messageCount(ticket.id), 0)

    const agent = await UserFactory.create()
    const page = await client.get(`/tickets/${result.ticketNumber}`).loginAs(agent)
    const html = page.text()
    const start = html.indexOf('data-message="original"')
    const original = html.slice(start, html.indexOf('</article>', start))
    assert.include(original, '<img src="' + linkTo(html, 'shot.png') + '" alt="shot.png"')
    assert.isNotNull(linkTo(original, 'invoice.pdf'))
    assert.isNull(linkTo(html, 'setup.exe'))
    // The refused program is named to the agent, under the request, with the reason.
    assert.include(original, 'Not kept from this email')
    assert.include(original, 'setup.exe: files of this type are not accepted.')
    const portal = await client.get(await portalPath(ticket))
    assert.notInclude(portal.text(), 'Not kept from this email')
  })

  test('a reply’s refused files are named on its message', async ({ client, assert }) => {
    const first = await receiveInboundEmail(mailWithFiles(), { kind: 'http' })
    const reply = mailWithFiles()
      .toString()
      .replace('<files-1@mail.example.com>', '<files-2@mail.example.com>')
      .replace('Subject: Broken invoice layout', `Subject: Re: [#${first.ticketNumber}] Broken`)
    const result = await receiveInboundEmail(Buffer.from(reply), { kind: 'http' })
    assert.equal(result.outcome, 'threaded')

    const agent = await UserFactory.create()
    const page = await client.get(`/tickets/${result.ticketNumber}`).loginAs(agent)
    const html = page.text()
    const message = html.slice(html.indexOf('data-kind="customer"'))
    assert.include(message.slice(0, message.indexOf('</article>')), 'setup.exe: files of this type')
  })

  test('the mail’s HTML shows its inline image from the authorised route', async ({
    client,
    assert,
  }) => {
    const result = await receiveInboundEmail(mailWithFiles(), { kind: 'http' })
    const agent = await UserFactory.create()
    const ticketPage = await client.get(`/tickets/${result.ticketNumber}`).loginAs(agent)
    const page = ticketPage.text()

    const frame = await client.get(`/tickets/${result.ticketNumber}/html`).loginAs(agent)
    frame.assertStatus(200)
    const image = linkTo(page, 'shot.png')!
    assert.include(frame.text(), `<img src="${image}"`)
    assert.notInclude(frame.text(), 'cid:')
    // Same origin, so the browser sends the session with the image request; still no script.
    assert.match(frame.header('content-security-policy') ?? '', /^sandbox allow-same-origin;/)
    const shown = await client.get(image).loginAs(agent)
    assert.equal(Buffer.compare(shown.body(), PNG), 0)
  })
})

async function messageCount(ticketId: number) {
  const row = await db.from('ticket_messages').where('ticket_id', ticketId).count('* as n').first()
  return Number(row.n)
}

test.group('Help desk / attachments: agents', (group) => {
  group.each.setup(() => resetDatabase())

  test('an agent’s reply carries a file; the page previews it and the download is checked', async ({
    client,
    assert,
  }) => {
    const agent = await UserFactory.create()
    const ticket = await openTicket()

    const sent = await client
      .post(`/tickets/${ticket.number}/messages`)
      .field('kind', 'reply')
      .field('body', 'The screenshot shows where to click.')
      .field('last_seen_message_id', '0')
      .file('attachments', PNG, { filename: 'where to click.png', contentType: 'image/png' })
      .file('attachments', Buffer.from('step 1\nstep 2'), { filename: 'steps.txt' })
      .header('HX-Request', 'true')
      .loginAs(agent)
      .withCsrfToken()
    sent.assertStatus(200)
    sent.assertTextIncludes('Reply sent.')

    const page = await client.get(`/tickets/${ticket.number}`).loginAs(agent)
    const html = page.text()
    const image = linkTo(html, 'where to click.png')!
    assert.match(image, new RegExp(`^/tickets/${ticket.number}/attachments/\\d+$`))
    assert.include(html, `<img src="${image}" alt="where to click.png"`)

    const download = await client.get(image).loginAs(agent)
    download.assertStatus(200)
    download.assertHeader('content-type', 'image/png')
    download.assertHeader('x-content-type-options', 'nosniff')
    assert.include(download.header('content-disposition'), 'inline; filename="where to click.png"')
    assert.equal(Buffer.compare(download.body(), PNG), 0)

    const text = await client.get(linkTo(html, 'steps.txt')!).loginAs(agent)
    text.assertStatus(200)
    assert.equal(text.text(), 'step 1\nstep 2')
    assert.include(text.header('content-disposition'), 'attachment; filename="steps.txt"')

    // Signed out: no file (the sign-in page instead).
    const anonymous = await client.get(image).redirects(0)
    assert.notEqual(anonymous.status(), 200)
    // Another ticket's number with this file's id finds nothing.
    const other = await openTicket({ title: 'Another one' })
    const crossed = await client
      .get(image.replace(`/tickets/${ticket.number}/`, `/tickets/${other.number}/`))
      .loginAs(agent)
    crossed.assertStatus(404)
  })

  test('a file of a refused type is named in the composer and nothing is sent', async ({
    client,
    assert,
  }) => {
    const agent = await UserFactory.create()
    const ticket = await openTicket()
    const refused = await client
      .post(`/tickets/${ticket.number}/messages`)
      .field('kind', 'reply')
      .field('body', 'Run this installer.')
      .file('attachments', Buffer.from('MZ'), { filename: 'fix.exe' })
      .header('HX-Request', 'true')
      .loginAs(agent)
      .withCsrfToken()
    refused.assertTextIncludes('fix.exe: files of this type are not accepted.')
    assert.include(refused.text(), 'Run this installer.')
    assert.isNull(await TicketAttachment.first())
    await ticket.refresh()
    assert.equal(ticket.messageCount, 0)
  })
})

test.group('Help desk / attachments: customers', (group) => {
  group.each.setup(() => resetDatabase())

  test('files on the public form and a reply reach the agent; the customer gets signed links', async ({
    client,
    assert,
  }) => {
    const form = await client
      .post('/help/tickets')
      .field('title', 'Invoice is wrong')
      .field('description', 'See the attached invoice.')
      .field('priority', 'medium')
      .field('email', 'dana@example.com')
      .file('attachments', Buffer.from('Invoice 42: 3 seats'), { filename: 'invoice.txt' })
      .withCsrfToken()
      .redirects(0)
    form.assertStatus(302)
    const ticket = await Ticket.findByOrFail('contact_email', 'dana@example.com')
    const [opening] = await TicketAttachment.query().where('ticket_id', ticket.id)
    assert.equal(opening.filename, 'invoice.txt')
    assert.isNull(opening.messageId)

    const replied = await client
      .post(`${portalPath(ticket)}/replies`)
      .field('body', 'And the receipt.')
      .file('attachments', PNG, { filename: 'receipt.png' })
      .withCsrfToken()
      .redirects(0)
    replied.assertStatus(302)

    // An internal note's file never reaches the customer.
    const agent = await UserFactory.create()
    await client
      .post(`/tickets/${ticket.number}/messages`)
      .field('kind', 'note')
      .field('body', 'Finance says the invoice is fine.')
      .file('attachments', Buffer.from('internal'), { filename: 'finance.txt' })
      .loginAs(agent)
      .withCsrfToken()
      .redirects(0)
    const note = await TicketAttachment.findByOrFail('filename', 'finance.txt')

    const agentResponse = await client.get(`/tickets/${ticket.number}`).loginAs(agent)
    const agentPage = agentResponse.text()
    assert.isNotNull(linkTo(agentPage, 'invoice.txt'))
    assert.isNotNull(linkTo(agentPage, 'receipt.png'))
    assert.isNotNull(linkTo(agentPage, 'finance.txt'))

    const portalResponse = await client.get(portalPath(ticket))
    const portal = portalResponse.text()
    assert.isNull(linkTo(portal, 'finance.txt'))
    const invoice = linkTo(portal, 'invoice.txt')!
    assert.match(invoice, new RegExp(`^/help/tickets/${ticket.number}/files/\\d+\\?signature=`))
    const download = await client.get(invoice)
    download.assertStatus(200)
    assert.equal(download.text(), 'Invoice 42: 3 seats')
    download.assertHeader('content-type', 'text/plain')

    // Without the signature, with another file's id, or for the note's file: nothing.
    const bare = await client.get(invoice.split('?')[0])
    bare.assertStatus(403)
    const swapped = await client.get(invoice.replace(`/files/${opening.id}?`, `/files/${note.id}?`))
    swapped.assertStatus(403)
  })

  test('a file over the size limit is a field error of the form', async ({ client, assert }) => {
    const refused = await client
      .post('/help/tickets')
      .field('title', 'Huge log')
      .field('description', 'The log is attached.')
      .field('priority', 'medium')
      .field('email', 'dana@example.com')
      .file('attachments', Buffer.alloc(10 * 1024 * 1024 + 10, 'a'), { filename: 'huge.log' })
      .withCsrfToken()
      .redirects(0)
    refused.assertStatus(302)
    const errors = refused.flashMessages().inputErrorsBag as Record<string, string[]>
    assert.deepEqual(errors.attachments, ['huge.log is larger than 10 MB.'])
    assert.isNull(await Ticket.first())
  })
})

test.group('Help desk / attachments: API', (group) => {
  group.each.setup(() => resetDatabase())

  test('tickets and messages take multipart files and list them with download links', async ({
    client,
    assert,
  }) => {
    const { token } = await apiToken(['support'])
    const created = await client
      .post('/api/tickets')
      .bearerToken(token)
      .field('title', 'Crash on start')
      .field('description', 'Log attached.')
      .field('contact_email', 'lee@example.com')
      .file('attachments', Buffer.from('boom'), { filename: 'crash.log' })
    created.assertStatus(201)
    const ticket = created.body()
    assert.lengthOf(ticket.attachments, 1)
    assert.containsSubset(ticket.attachments[0], {
      filename: 'crash.log',
      content_type: 'text/plain',
      size: 4,
    })

    const message = await client
      .post(`/api/tickets/${ticket.id}/messages`)
      .bearerToken(token)
      .field('kind', 'reply')
      .field('body', 'Here is the fixed config.')
      .file('attachments', Buffer.from('{"safe":true}'), { filename: 'config.json' })
    message.assertStatus(201)
    assert.equal(message.body().attachments[0].filename, 'config.json')

    const shown = await client.get(`/api/tickets/${ticket.id}`).bearerToken(token)
    assert.equal(shown.body().attachments[0].filename, 'crash.log')
    const url = new URL(shown.body().messages[0].attachments[0].download_url)
    const download = await client.get(url.pathname).bearerToken(token)
    download.assertStatus(200)
    assert.equal(download.text(), '{"safe":true}')
    const tokenless = await client.get(url.pathname)
    tokenless.assertStatus(401)

    const refused = await client
      .post(`/api/tickets/${ticket.id}/messages`)
      .bearerToken(token)
      .field('kind', 'reply')
      .field('body', 'x')
      .file('attachments', Buffer.from('<svg/>'), { filename: 'logo.svg' })
    refused.assertStatus(422)
    assert.deepEqual(refused.body().error.fields, [
      {
        field: 'attachments',
        rule: 'attachment',
        message: 'logo.svg: files of this type are not accepted.',
      },
    ])
  })
})

test.group('Help desk / attachments: reply mail', (group) => {
  const smtp = smtpForEachTest(group, { started: false })

  test('the customer’s reply mail carries the agent’s files', async ({ client, assert }) => {
    await smtp.start()
    const agent = await UserFactory.create()
    const ticket = await openTicket()
    await client
      .post(`/tickets/${ticket.number}/messages`)
      .field('kind', 'reply')
      .field('body', 'The corrected invoice is attached.')
      .file('attachments', Buffer.from('%PDF-1.4 corrected'), { filename: 'invoice-fixed.pdf' })
      .loginAs(agent)
      .withCsrfToken()
      .redirects(0)
    await workQueueUntilSettled()

    const reply = smtp.messages.find((message) => message.text?.includes('corrected invoice'))
    assert.exists(reply)
    assert.deepEqual(
      reply!.attachments.map((file) => [file.filename, file.contentType, file.content.toString()]),
      [['invoice-fixed.pdf', 'application/pdf', '%PDF-1.4 corrected']]
    )
  })
})
