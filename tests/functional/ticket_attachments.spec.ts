import { test } from '@japa/runner'
import drive from '@adonisjs/drive/services/main'
import db from '@adonisjs/lucid/services/db'
import TicketAttachment from '#models/ticket_attachment'
import { resetDatabase } from '#tests/helpers/database'
import { openTicket } from '#tests/helpers/support'
import { addMessage } from '#services/support/ticket_service'
import { attachFiles } from '#services/support'

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
