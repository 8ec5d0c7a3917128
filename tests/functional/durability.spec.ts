import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import env from '#start/env'
import type Notification from '#models/notification'
import { resetDatabase } from '#tests/helpers/database'
import { apiToken } from '#tests/helpers/api'
import { runningExperiment } from '#tests/helpers/experiments'
import { AppProcess, freePort } from '#tests/helpers/app_process'
import { smtpForEachTest } from '#tests/helpers/smtp'
import { notificationsOf } from '#tests/helpers/notifications'
import { openTicket } from '#tests/helpers/support'
import { sweepPendingNotifications } from '#services/notifications'

/** How many clients write at once, and how much each kind is acknowledged before the kill. */
const CLIENTS = 12
const ACKNOWLEDGED_BEFORE_KILL = 40

async function until(done: () => Promise<boolean> | boolean, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error('Timed out waiting')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

test.group('Durability / the server killed under load', (group) => {
  group.each.setup(() => resetDatabase())

  test('every acknowledged ticket, assignment and event is stored, once; the server comes back', async ({
    assert,
    cleanup,
  }) => {
    const { token } = await apiToken(['support', 'evaluate', 'track'])
    const experiment = await runningExperiment()
    const port = await freePort()
    let server = await AppProcess.server(port)
    cleanup(() => server.kill())
    const post = (path: string, body: object) =>
      fetch(`http://127.0.0.1:${port}${path}`, {
        method: 'POST',
        headers: { 'authorization': `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })

    // Acknowledged means a 2xx whose body arrived whole: what a client would rely on.
    const acked = {
      tickets: new Map<number, string>(),
      assignments: new Map<string, string>(),
      events: [] as string[],
    }
    async function client(n: number) {
      for (let i = 0; ; i++) {
        const userId = n * 100_000 + i
        try {
          if (i % 2 === 0) {
            const title = `Crash test ${userId}`
            const response = await post('/api/tickets', {
              title,
              description: 'Written while the server is killed.',
              contact_email: `u${userId}@example.com`,
            })
            if (response.ok)
              acked.tickets.set(((await response.json()) as { id: number }).id, title)
            continue
          }
          const assigned = await post('/api/experiments/assignments', {
            userContext: { userId },
            experimentIds: [experiment.id],
          })
          if (!assigned.ok) continue
          const { data } = (await assigned.json()) as { data: { variantId: string }[] }
          const variant = data[0].variantId
          acked.assignments.set(String(userId), variant)
          const key = `crash-${userId}`
          const tracked = await post('/api/experiments/track', {
            experimentId: experiment.id,
            variantId: variant,
            eventType: 'signup',
            userContext: { userId },
            idempotencyKey: key,
          })
          if (tracked.status === 201) {
            await tracked.json()
            acked.events.push(key)
          }
        } catch {
          return // the server is gone
        }
      }
    }
    const clients = Array.from({ length: CLIENTS }, (_, n) => client(n + 1))
    // Killed once enough was acknowledged, whatever the machine's speed: mid-load either way.
    await until(
      () =>
        acked.tickets.size >= ACKNOWLEDGED_BEFORE_KILL &&
        acked.events.length >= ACKNOWLEDGED_BEFORE_KILL
    )
    await server.kill()
    await Promise.all(clients)

    const ticketIds = [...acked.tickets.keys()]
    const tickets: { id: number; title: string }[] = await db
      .from('tickets')
      .whereIn('id', ticketIds)
      .select('id', 'title')
    assert.lengthOf(tickets, ticketIds.length)
    for (const row of tickets) assert.equal(row.title, acked.tickets.get(row.id))
    const assignments: { subject_id: string; key: string }[] = await db
      .from('experiment_assignments as a')
      .join('experiment_variants as v', 'v.id', 'a.variant_id')
      .where('a.experiment_id', experiment.id)
      .whereIn('a.subject_id', [...acked.assignments.keys()])
      .select('a.subject_id', 'v.key')
    assert.lengthOf(assignments, acked.assignments.size)
    for (const row of assignments) assert.equal(row.key, acked.assignments.get(row.subject_id))
    const events: { n: number }[] = await db
      .from('experiment_events')
      .whereIn('idempotency_key', acked.events)
      .groupBy('idempotency_key')
      .select(db.raw('count(*)::int AS n'))
    assert.lengthOf(events, acked.events.length)
    assert.isTrue(events.every((row) => row.n === 1))
    const [{ duplicates }] = await db
      .rawQuery(
        `SELECT count(*)::int AS duplicates FROM (
         SELECT title FROM tickets GROUP BY title HAVING count(*) > 1) AS repeated`
      )
      .then((result) => result.rows)
    assert.equal(duplicates, 0)
    const [{ stored }] = await db.from('tickets').count('* as stored')
    console.info(
      `kill -9 under load: acknowledged ${ticketIds.length} tickets (${stored} stored), ` +
        `${acked.assignments.size} assignments, ${acked.events.length} events; all found, no duplicates`
    )

    server = await AppProcess.server(port)
    const after = await post('/api/tickets', {
      title: 'After the restart',
      description: 'The server serves again.',
      contact_email: 'after@example.com',
    })
    assert.equal(after.status, 201)
  }).timeout(60_000)
})

test.group('Durability / the notification worker killed mid-send', (group) => {
  const smtp = smtpForEachTest(group)
  let worker: AppProcess | undefined
  const maxAttempts = 3
  const startWorker = () =>
    (worker = AppProcess.worker({
      MAIL_MAILER: 'smtp',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(env.get('SMTP_PORT')),
      NOTIFICATION_MAX_ATTEMPTS: String(maxAttempts),
      NOTIFICATION_RETRY_DELAY: '200ms',
    }))
  const statusOf = async (notification: Notification) => {
    await notification.refresh()
    return notification.status
  }
  /** What the queue's stalled-job recovery and the sweep do minutes after a crash, now. */
  async function requeueAfterCrash() {
    await db.from('queue_jobs').delete()
    await sweepPendingNotifications(0)
  }

  group.each.setup(() => {
    // The worker dies with the message on the server, before it hears the 250.
    smtp.beforeReply = () => worker?.kill()
    return async () => {
      await worker?.kill()
    }
  })

  test('a resend after a crash carries the same Message-ID and is recorded as sent', async ({
    assert,
  }) => {
    await openTicket()
    const [notification] = await notificationsOf('ticket_created')
    await startWorker()
    await until(() => worker!.exited)
    smtp.beforeReply = undefined
    await notification.refresh()
    assert.equal(notification.attempts, 1)
    assert.equal(notification.status, 'pending')

    await requeueAfterCrash()
    startWorker()
    await until(async () => (await statusOf(notification)) === 'sent')
    assert.equal(notification.attempts, 2)
    assert.lengthOf(smtp.messages, 2)
    assert.deepEqual(
      smtp.messages.map((message) => message.messageId),
      [notification.messageId, notification.messageId]
    )
  }).timeout(60_000)

  test('a message that kills the worker every time stops after the last attempt', async ({
    assert,
  }) => {
    await openTicket()
    const [notification] = await notificationsOf('ticket_created')
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      startWorker()
      await until(() => worker!.exited)
      // Counted before the send, so the crash cannot take the count with it.
      await notification.refresh()
      assert.equal(notification.attempts, attempt)
      assert.equal(notification.status, 'pending')
      await requeueAfterCrash()
    }
    startWorker()
    await until(async () => (await statusOf(notification)) === 'failed')
    assert.equal(notification.attempts, maxAttempts)
    assert.match(notification.lastError!, /never finished/)
    // Nothing more reached the server, and every copy that did is recognisable as one.
    assert.lengthOf(smtp.messages, maxAttempts)
    assert.isTrue(smtp.messages.every((message) => message.messageId === notification.messageId))
  }).timeout(60_000)
})
