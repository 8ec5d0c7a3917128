import { test } from '@japa/runner'
import Notification from '#models/notification'
import DeliverNotification from '#jobs/deliver_notification'
import { UserFactory } from '#database/factories/user_factory'
import { openTicket } from '#tests/helpers/support'
import { smtpForEachTest } from '#tests/helpers/smtp'
import {
  notificationsOf,
  workQueueUntil,
  workQueueUntilSettled,
} from '#tests/helpers/notifications'
import { deliverNotification } from '#services/notifications/delivery'
import { savePreferences } from '#services/notifications/preferences'
import { emailFromToken } from '#services/notifications/preference_links'

/**
 * Delivery through a real SMTP server on loopback: the app's SMTP transport, the database
 * queue and a real worker, as in production with MAIL_MAILER=smtp.
 */
test.group('Notifications / delivery over SMTP', (group) => {
  const smtp = smtpForEachTest(group, { started: false })

  test('the acknowledgement reaches the server with both parts, links and headers', async ({
    assert,
  }) => {
    await smtp.start()
    const ticket = await openTicket({ email: 'Dana@Example.com', title: 'Export is stuck' })
    await workQueueUntilSettled()

    assert.lengthOf(smtp.messages, 1)
    const [message] = smtp.messages
    assert.equal(message.to && 'text' in message.to ? message.to.text : '', 'dana@example.com')
    assert.equal(message.subject, `[#${ticket.number}] We received your request: Export is stuck`)
    assert.match(message.messageId!, /^<notification-\d+@localhost>$/)
    assert.equal(message.inReplyTo, `<ticket-${ticket.number}@localhost>`)
    assert.equal(message.headers.get('content-language'), 'en')
    // RFC 8058 one-click unsubscribe, pointing at this address's signed preferences link.
    const header = (name: string) =>
      message.headerLines.find((line) => line.key === name)?.line.replace(/\s+/g, ' ') ?? ''
    assert.equal(
      header('list-unsubscribe-post'),
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click'
    )
    const token = /\/preferences\/([^/]+)\/unsubscribe>/.exec(header('list-unsubscribe'))![1]
    assert.equal(emailFromToken(token), 'dana@example.com')
    // Both parts, the same words, the customer's private link and the preferences link.
    assert.include(message.text!, `Your request is number #${ticket.number}`)
    assert.include(message.html as string, `Your request is number #${ticket.number}`)
    assert.match(message.text!, new RegExp(`/help/tickets/${ticket.number}/[\\w.-]+`))
    assert.include(message.html as string, '/preferences/')

    const [notification] = await notificationsOf('ticket_created')
    assert.equal(notification.status, 'sent')
    assert.equal(notification.attempts, 1)
    assert.isNotNull(notification.sentAt)
  })

  test('mail is written in the recipient’s language', async ({ assert }) => {
    await smtp.start()
    await savePreferences('ana@example.es', { language: 'es' })
    const ticket = await openTicket({ email: 'ana@example.es', name: 'Ana' })
    await workQueueUntilSettled()

    assert.lengthOf(smtp.messages, 1)
    const [message] = smtp.messages
    assert.equal(
      message.subject,
      `[#${ticket.number}] Hemos recibido su solicitud: ${ticket.title}`
    )
    assert.equal(message.headers.get('content-language'), 'es')
    assert.include(message.text!, 'Hola, Ana:')
    assert.include(message.html as string, 'Darse de baja')
  })

  test('a server that is down: retried with backoff, then failed; a manual retry sends it', async ({
    assert,
    client,
  }) => {
    // No server listening: every attempt fails to connect. The ticket itself is created.
    const ticket = await openTicket()
    assert.equal(ticket.status, 'new')
    await workQueueUntil(async () => {
      const [row] = await notificationsOf('ticket_created')
      return row.status === 'failed'
    })
    const [failed] = await notificationsOf('ticket_created')
    assert.equal(failed.attempts, 3)
    assert.match(failed.lastError!, /ECONNREFUSED|connect/i)

    // Failed notifications are visible, and an admin can send them again.
    const admin = await UserFactory.merge({ role: 'admin' }).create()
    const log = await client.get('/admin/notifications?status=failed').loginAs(admin)
    log.assertTextIncludes(failed.subject)
    await smtp.start()
    const retried = await client
      .post(`/admin/notifications/${failed.id}/retry`)
      .loginAs(admin)
      .withCsrfToken()
      .redirects(0)
    retried.assertStatus(302)
    await workQueueUntilSettled()
    await failed.refresh()
    assert.equal(failed.status, 'sent')
    assert.lengthOf(smtp.messages, 1)
  })

  test('a message the server refuses stays pending with the error until the last attempt', async ({
    assert,
  }) => {
    await smtp.start()
    smtp.refuse = true
    await openTicket()
    const [notification] = await notificationsOf('ticket_created')
    await assert.rejects(() => deliverNotification(notification.id), /rejected by policy/)
    await notification.refresh()
    assert.equal(notification.status, 'pending')
    assert.equal(notification.attempts, 1)
    assert.match(notification.lastError!, /554|rejected by policy/)
  })

  test('a job that runs twice sends one message', async ({ assert }) => {
    await smtp.start()
    await openTicket()
    const [notification] = await notificationsOf('ticket_created')
    // Two more jobs for the same row, without dedup, as a crashed-and-restarted queue might.
    await DeliverNotification.dispatch({ notificationId: notification.id }).run()
    await DeliverNotification.dispatch({ notificationId: notification.id }).run()
    await workQueueUntil(async () => {
      const jobs = await Notification.query().where('id', notification.id).where('status', 'sent')
      return jobs.length === 1
    })
    // And two concurrent deliveries of the same row.
    await Promise.all([deliverNotification(notification.id), deliverNotification(notification.id)])
    assert.lengthOf(smtp.messages, 1)
  })
})
