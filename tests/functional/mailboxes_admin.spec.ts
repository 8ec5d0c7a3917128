import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { UserFactory } from '#database/factories/user_factory'
import { createMailbox, fetchMailbox } from '#services/support'
import { resetDatabase } from '#tests/helpers/database'

/**
 * Settings → Mailboxes: admins add and edit IMAP mailboxes; the password never comes back
 * to the page; a mailbox's last error is shown on its page. (Fetching itself:
 * imap_mailboxes.spec.ts, against dovecot.)
 */
const FORM = {
  name: 'Support',
  host: 'imap.example.test',
  port: '993',
  tls: 'true',
  username: 'support@example.test',
  password: 'the-imap-password',
  folder: 'INBOX',
  afterFetch: 'move',
  moveTo: 'Processed',
  enabled: 'true',
}

test.group('Admin / mailboxes', (group) => {
  group.each.setup(resetDatabase)

  test('an admin adds a mailbox; the password is never shown again', async ({ client, assert }) => {
    const admin = await UserFactory.apply('admin').create()
    const created = await client
      .post('/admin/mailboxes')
      .form(FORM)
      .loginAs(admin)
      .withCsrfToken()
      .redirects(0)
    created.assertStatus(302)
    const row = await db.from('support_mailboxes').firstOrFail()
    assert.equal(row.host, 'imap.example.test')
    assert.isTrue(row.tls)

    const page = await client.get(`/admin/mailboxes/${row.id}`).loginAs(admin)
    page.assertStatus(200)
    page.assertTextIncludes('imap.example.test')
    assert.notInclude(page.text(), 'the-imap-password')
    const list = await client.get('/admin/mailboxes').loginAs(admin)
    list.assertTextIncludes('Support')
  })

  test('bad input names the fields; a new mailbox needs a password', async ({ client, assert }) => {
    const admin = await UserFactory.apply('admin').create()
    const response = await client
      .post('/admin/mailboxes')
      .form({ ...FORM, port: '70000', password: '', afterFetch: 'delete' })
      .loginAs(admin)
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(302)
    const errors = response.flashMessages().inputErrorsBag
    assert.properties(errors, ['port', 'password', 'afterFetch'])
    assert.notProperty(errors, 'host')
    assert.equal(
      await db
        .from('support_mailboxes')
        .count('* as n')
        .firstOrFail()
        .then((r) => Number(r.n)),
      0
    )
  })

  test('an edit without a password keeps the stored one', async ({ client, assert }) => {
    const admin = await UserFactory.apply('admin').create()
    const box = await createMailbox({
      ...FORM,
      port: 993,
      tls: true,
      enabled: true,
      afterFetch: 'move',
    })
    const before = await db.from('support_mailboxes').where('id', box.id).firstOrFail()
    await client
      .put(`/admin/mailboxes/${box.id}`)
      .form({ ...FORM, password: '', folder: 'Support' })
      .loginAs(admin)
      .withCsrfToken()
      .redirects(0)
    const after = await db.from('support_mailboxes').where('id', box.id).firstOrFail()
    assert.equal(after.folder, 'Support')
    assert.equal(after.password_encrypted, before.password_encrypted)
  })

  test('a mailbox that cannot be reached shows its error on its page', async ({
    client,
    assert,
  }) => {
    const admin = await UserFactory.apply('admin').create()
    // Nothing listens on port 1 of loopback.
    const box = await createMailbox({
      ...FORM,
      host: '127.0.0.1',
      port: 1,
      tls: false,
      enabled: true,
      afterFetch: 'move',
    })
    await fetchMailbox(box.id)
    const page = await client.get(`/admin/mailboxes/${box.id}`).loginAs(admin)
    page.assertTextIncludes('The last fetch failed')
    page.assertTextIncludes('ECONNREFUSED')

    const fetched = await client
      .post(`/admin/mailboxes/${box.id}/fetch`)
      .loginAs(admin)
      .withCsrfToken()
      .redirects(0)
    assert.match(String(fetched.flashMessages().error), /could not be fetched: .*ECONNREFUSED/)
  })

  test('agents may not open the settings', async ({ client }) => {
    const agent = await UserFactory.create()
    const response = await client.get('/admin/mailboxes').loginAs(agent)
    response.assertStatus(403)
  })
})
