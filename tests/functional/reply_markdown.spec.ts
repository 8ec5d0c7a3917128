import { test } from '@japa/runner'
import { UserFactory } from '#database/factories/user_factory'
import { resetDatabase } from '#tests/helpers/database'
import { openTicket, portalPath } from '#tests/helpers/support'
import { smtpForEachTest } from '#tests/helpers/smtp'
import { workQueueUntilSettled } from '#tests/helpers/notifications'
import { article, defaultCategories } from '#tests/helpers/knowledge'
import type Ticket from '#models/ticket'
import type User from '#models/user'
import type { ApiClient } from '@japa/api-client'

const MARKDOWN_REPLY = [
  'To **invite** a teammate:',
  '',
  '1. Open *Settings*',
  '2. Choose [Members](https://example.com/members)',
  '',
  'Raw <script>alert(1)</script> stays text.',
].join('\n')

function reply(client: ApiClient, agent: User, ticket: Ticket, body: string) {
  return client
    .post(`/tickets/${ticket.number}/messages`)
    .form({ kind: 'reply', body, last_seen_message_id: 0 })
    .header('HX-Request', 'true')
    .loginAs(agent)
    .withCsrfToken()
}

test.group('Help desk / replies in Markdown', (group) => {
  group.each.setup(() => resetDatabase())

  test('the composer previews Markdown as the customer will read it', async ({
    client,
    assert,
  }) => {
    const agent = await UserFactory.create()
    const preview = await client
      .post('/tickets/preview')
      .form({ body: MARKDOWN_REPLY })
      .header('HX-Request', 'true')
      .loginAs(agent)
      .withCsrfToken()
    preview.assertStatus(200)
    preview.assertTextIncludes('<strong>invite</strong>')
    preview.assertTextIncludes('<li>Open <em>Settings</em></li>')
    preview.assertTextIncludes('&lt;script&gt;')
    assert.notInclude(preview.text(), '<script>')

    // The ticket page carries the preview (the same partial) beside the composer.
    const ticket = await openTicket()
    const page = await client.get(`/tickets/${ticket.number}`).loginAs(agent)
    page.assertStatus(200)
    page.assertTextIncludes('data-reply-preview')
  })

  test('the portal and the agent’s conversation show a reply rendered, customers’ text as written', async ({
    client,
    assert,
  }) => {
    const agent = await UserFactory.merge({ fullName: 'Avery Agent' }).create()
    const ticket = await openTicket({ description: 'My **bold** attempt at formatting.' })
    const sent = await reply(client, agent, ticket, MARKDOWN_REPLY)
    sent.assertStatus(200)

    const portal = await client.get(portalPath(ticket))
    portal.assertStatus(200)
    const html = portal.text()
    assert.include(html, '<strong>invite</strong>')
    assert.include(html, '<a href="https://example.com/members"')
    assert.notInclude(html, '**invite**')
    assert.notInclude(html, '<script>alert(1)</script>')
    assert.include(html, 'My **bold** attempt at formatting.')

    const conversation = await client.get(`/tickets/${ticket.number}`).loginAs(agent)
    conversation.assertTextIncludes('<strong>invite</strong>')
    conversation.assertTextIncludes('My **bold** attempt at formatting.')
  })

  test('a knowledge-base answer goes in as an excerpt and a link, rendered for the customer', async ({
    client,
    assert,
  }) => {
    const agent = await UserFactory.create()
    await defaultCategories()
    const long = 'More detail. '.repeat(60)
    const faq = await article(
      'How do I [really] invite a teammate?',
      `Open **Settings** and choose Members.\n\n${long}\n\nA closing paragraph.`
    )
    const picker = await client.get('/tickets/answers').qs({ answer_q: 'invite' }).loginAs(agent)
    const match = /data-answer="([^"]+)"/.exec(picker.text())
    assert.exists(match, 'an answer to insert')
    const inserted = match![1].replace(/&#10;/g, '\n').replace(/&#x5c;|&#92;/g, '\\')
    assert.include(inserted, 'Open **Settings** and choose Members.')
    assert.notInclude(inserted, 'A closing paragraph.')
    assert.match(
      inserted,
      new RegExp(
        `\\[How do I \\\\\\[really\\\\\\] invite a teammate\\?\\]\\(http[^)]+/help/articles/${faq.id}/[\\w-]+\\)$`
      )
    )

    const ticket = await openTicket()
    const sent = await reply(client, agent, ticket, `Here you go:\n\n${inserted}`)
    sent.assertStatus(200)
    const portal = await client.get(portalPath(ticket))
    assert.include(portal.text(), '<strong>Settings</strong>')
    assert.match(
      portal.text(),
      new RegExp(
        `<a href="http[^"]+/help/articles/${faq.id}/[\\w-]+"[^>]*>How do I \\[really\\] invite a teammate\\?</a>`
      )
    )
  })
})

test.group('Help desk / reply mail in Markdown', (group) => {
  const smtp = smtpForEachTest(group)

  test('the customer’s mail carries the whole reply rendered, and readable text', async ({
    client,
    assert,
  }) => {
    const agent = await UserFactory.create()
    const ticket = await openTicket({ email: 'dana@example.com' })
    await workQueueUntilSettled()
    smtp.messages = []

    const sent = await reply(client, agent, ticket, MARKDOWN_REPLY)
    sent.assertStatus(200)
    await workQueueUntilSettled()

    assert.lengthOf(smtp.messages, 1)
    const [mail] = smtp.messages
    const html = mail.html as string
    assert.include(html, '<strong>invite</strong>')
    assert.include(html, '<em>Settings</em>')
    assert.include(html, 'href="https://example.com/members"')
    assert.include(html, '&lt;script&gt;')
    assert.notInclude(html, '<script>')
    assert.notInclude(html, '**invite**')
    assert.include(mail.text!, 'To invite a teammate:')
    assert.include(mail.text!, 'Members (https://example.com/members)')
    assert.notInclude(mail.text!, '**')
  })
})
