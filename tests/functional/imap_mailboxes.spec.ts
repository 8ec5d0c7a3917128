import { test } from '@japa/runner'
import { execFile, spawn } from 'node:child_process'
import { getPriority } from 'node:os'
import pg from 'pg'
import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import env from '#start/env'
import { LIVE_CHANNELS, PG_LIVE_CHANNEL, ticketChannel } from '#services/live'
import Ticket from '#models/ticket'
import {
  createMailbox,
  fetchMailbox,
  getMailbox,
  MailboxWatchers,
  type MailboxSettings,
} from '#services/support'
import { resetDatabase } from '#tests/helpers/database'
import { hasDovecot, TestImapServer } from '#tests/helpers/dovecot'

/**
 * IMAP mailboxes against a real dovecot (tests/helpers/dovecot.ts): mail appended to the
 * server's folder becomes tickets, is moved or flagged, and a restart resumes without
 * taking anything twice.
 */
const USER = 'support@desk.test'
const PASSWORD = 'imap-secret-1'
const imap = new TestImapServer()

function settings(overrides: Partial<MailboxSettings> = {}): MailboxSettings {
  return {
    name: 'Support',
    host: '127.0.0.1',
    port: imap.port,
    tls: false,
    username: USER,
    password: PASSWORD,
    folder: 'INBOX',
    afterFetch: 'move',
    moveTo: 'Processed',
    enabled: true,
    ...overrides,
  }
}

let sequence = 0
function rawMail(fields: { from?: string; subject: string; body?: string; id?: string }) {
  sequence++
  return [
    `From: ${fields.from ?? 'Dana Customer <dana@shop.test>'}`,
    `To: ${USER}`,
    `Subject: ${fields.subject}`,
    `Message-ID: ${fields.id ?? `<m${sequence}-${Date.now()}@shop.test>`}`,
    `Date: ${new Date().toUTCString()}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    fields.body ?? `Hello, this is message ${sequence}.`,
    '',
  ].join('\r\n')
}

async function deliver(...messages: string[]) {
  await deliverTo(imap, ...messages)
}

async function deliverTo(server: TestImapServer, ...messages: string[]) {
  const client = await server.client(USER, PASSWORD)
  for (const message of messages) await client.append('INBOX', message)
  await client.logout()
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** The ticket of that title once it exists, or null after `seconds`. */
async function ticketTitled(title: string, seconds: number) {
  const deadline = Date.now() + seconds * 1000
  let ticket: Ticket | null = null
  while (!ticket && Date.now() < deadline) {
    await sleep(100)
    ticket = await Ticket.findBy('title', title)
  }
  return ticket
}

async function folderCount(folder: string, flagged?: string) {
  const client = await imap.client(USER, PASSWORD)
  try {
    const status = await client.status(folder, { messages: true })
    if (!flagged) return status ? status.messages : undefined
    const lock = await client.getMailboxLock(folder)
    try {
      return ((await client.search({ keyword: flagged })) || []).length
    } finally {
      lock.release()
    }
  } finally {
    await client.logout()
  }
}

test.group('IMAP mailboxes (dovecot)', (group) => {
  group.setup(async () => {
    if (!hasDovecot() && !process.env.CI) {
      console.warn(
        '\n!!! IMAP TESTS SKIPPED: /usr/sbin/dovecot missing (apt-get install dovecot-imapd) !!!\n'
      )
      return
    }
    await imap.start()
  })
  group.teardown(() => imap.stop())
  group.each.setup(async () => {
    await resetDatabase()
    // A fresh mail store per test: a new user with an empty INBOX.
    imap.addUser(USER, PASSWORD)
    const client = await imap.client(USER, PASSWORD)
    const lock = await client.getMailboxLock('INBOX')
    try {
      await client.messageDelete('1:*')
    } catch {
      // empty already
    } finally {
      lock.release()
    }
    for (const folder of await client.list()) {
      if (folder.path !== 'INBOX') await client.mailboxDelete(folder.path).catch(() => {})
    }
    await client.logout()
  })
  group.each.skip(!hasDovecot() && !process.env.CI, 'dovecot is not installed')

  test('a new mail becomes a ticket and is moved out of the inbox', async ({ assert }) => {
    const box = await createMailbox(settings())
    await deliver(rawMail({ subject: 'Printer on fire', body: 'It smokes since Monday.' }))

    const summary = await fetchMailbox(box.id)

    assert.isUndefined(summary.error)
    const quarantined = await db.from('inbound_quarantine').select('reason')
    const reasons = quarantined.map((row) => row.reason)
    assert.equal(summary.outcomes.created, 1, reasons.join('; '))
    const ticket = await Ticket.findByOrFail('contactEmail', 'dana@shop.test')
    assert.equal(ticket.title, 'Printer on fire')
    assert.include(ticket.description, 'It smokes since Monday.')
    assert.equal(await folderCount('INBOX'), 0)
    assert.equal(await folderCount('Processed'), 1)
    const after = await getMailbox(box.id)
    assert.isNull(after.lastError)
    assert.equal(after.fetchedCount, 1)
  })

  test('a reply fetched later threads into its ticket by [#number]', async ({ assert }) => {
    const box = await createMailbox(settings())
    await deliver(rawMail({ subject: 'Refund please' }))
    await fetchMailbox(box.id)
    const ticket = await Ticket.findByOrFail('contactEmail', 'dana@shop.test')

    await deliver(rawMail({ subject: `Re: [#${ticket.number}] Refund please`, body: 'Any news?' }))
    const summary = await fetchMailbox(box.id)

    assert.equal(summary.outcomes.threaded, 1)
    assert.equal(
      await Ticket.query()
        .count('* as n')
        .first()
        .then((r) => r?.$extras.n),
      1
    )
    const bodies = await db.from('ticket_messages').where('ticket_id', ticket.id).select('body')
    assert.include(
      bodies.map((row) => row.body),
      'Any news?'
    )
  })

  test('a reply fetched with its original threads into it; others run alongside', async ({
    assert,
  }) => {
    const box = await createMailbox(settings())
    const others = Array.from({ length: 6 }, (_, n) =>
      rawMail({ from: `other${n}@shop.test`, subject: `Other ${n}` })
    )
    await deliver(
      rawMail({ subject: 'Login broken', id: '<first@shop.test>' }),
      // Right behind its original, from a colleague: only In-Reply-To ties them.
      [
        'From: Lee Colleague <lee@shop.test>',
        `To: ${USER}`,
        'Subject: Re: Login broken',
        'Message-ID: <second@shop.test>',
        'In-Reply-To: <first@shop.test>',
        '',
        'Still broken.',
        '',
      ].join('\r\n'),
      ...others
    )

    const summary = await fetchMailbox(box.id)

    assert.equal(summary.outcomes.created, 7)
    assert.equal(summary.outcomes.threaded, 1)
    const ticket = await Ticket.findByOrFail('title', 'Login broken')
    const bodies = await db.from('ticket_messages').where('ticket_id', ticket.id).select('body')
    assert.include(
      bodies.map((row) => row.body),
      'Still broken.'
    )
  })

  test('several batches: every message once, each acknowledgement queued', async ({ assert }) => {
    const box = await createMailbox(settings())
    // 120 messages are three reads of 50, taken in while the next is read; the reply is
    // in the second batch, its original in the first.
    const mails = Array.from({ length: 120 }, (_, n) =>
      n === 70
        ? [
            'From: Lee Colleague <lee@shop.test>',
            `To: ${USER}`,
            'Subject: Re: Batch 3',
            'Message-ID: <batch-reply@shop.test>',
            'In-Reply-To: <batch-3@shop.test>',
            '',
            'Same problem here.',
            '',
          ].join('\r\n')
        : rawMail({ from: `c${n}@shop.test`, subject: `Batch ${n}`, id: `<batch-${n}@shop.test>` })
    )
    await deliver(...mails)

    const summary = await fetchMailbox(box.id)

    assert.isUndefined(summary.error)
    assert.equal(summary.outcomes.created, 119)
    assert.equal(summary.outcomes.threaded, 1)
    assert.equal(await folderCount('INBOX'), 0)
    assert.equal(await folderCount('Processed'), 120)
    const after = await getMailbox(box.id)
    assert.equal(after.fetchedCount, 120)
    // Unrelated conversations overlap, so ticket numbers need not follow the UIDs.
    const tickets = await Ticket.query().orderBy('id')
    assert.sameMembers(
      tickets.map((ticket) => ticket.title),
      Array.from({ length: 120 }, (_, n) => `Batch ${n}`).filter((_, n) => n !== 70)
    )
    const original = tickets.find((ticket) => ticket.title === 'Batch 3')!
    const bodies = await db.from('ticket_messages').where('ticket_id', original.id).select('body')
    assert.include(
      bodies.map((row) => row.body),
      'Same problem here.'
    )
    // Held back until the batch was on disk, then handed to the queue: one job per row.
    const notifications = await db.from('notifications').where('type', 'ticket_created')
    const jobs: { data: string }[] = await db.from('queue_jobs').select('data')
    const queued = jobs.map((job) => JSON.parse(job.data).payload.notificationId).sort()
    assert.isAtLeast(notifications.length, 119)
    assert.deepEqual(queued, notifications.map((row) => row.id).sort())
  })

  test('a fetched batch tells open inboxes once, and each new ticket’s page', async ({
    assert,
  }) => {
    const box = await createMailbox(settings())
    await deliver(
      ...Array.from({ length: 3 }, (_, n) =>
        rawMail({ from: `c${n}@shop.test`, subject: `Told ${n}` })
      )
    )
    const listener = new pg.Client({ connectionString: env.get('DATABASE_URL') })
    await listener.connect()
    const heard: string[] = []
    listener.on('notification', (message) => heard.push(JSON.parse(message.payload!).channel))
    await listener.query(`LISTEN ${PG_LIVE_CHANNEL}`)
    try {
      await fetchMailbox(box.id)
      await new Promise((resolve) => setTimeout(resolve, 300))
    } finally {
      await listener.end()
    }
    const tickets = await Ticket.query().orderBy('id')
    assert.lengthOf(tickets, 3)
    assert.sameMembers(heard, [
      LIVE_CHANNELS.tickets,
      ...tickets.map((ticket) => ticketChannel(ticket.number)),
    ])
  })

  test('flagged mode: a restart resumes after the last UID, nothing twice', async ({ assert }) => {
    const box = await createMailbox(settings({ afterFetch: 'flag' }))
    await deliver(rawMail({ subject: 'One' }), rawMail({ subject: 'Two' }))
    const first = await fetchMailbox(box.id)
    assert.equal(first.outcomes.created, 2)
    assert.equal(await folderCount('INBOX', '$BeaconFetched'), 2)

    // A new process (a new connection, the position read from the database).
    await deliver(rawMail({ subject: 'Three' }))
    const second = await fetchMailbox(box.id)
    assert.deepEqual(second.outcomes, {
      created: 1,
      threaded: 0,
      duplicate: 0,
      ignored: 0,
      quarantined: 0,
    })

    // The position lost (as after a UIDVALIDITY change): everything is read again, and the
    // Message-IDs seen before make no second ticket.
    await db
      .from('support_mailboxes')
      .where('id', box.id)
      .update({ uid_validity: '1', last_uid: 0 })
    const again = await fetchMailbox(box.id)
    assert.equal(again.outcomes.duplicate, 3)
    assert.equal(again.outcomes.created, 0)
    const tickets = await Ticket.query().orderBy('id')
    const titles = tickets.map((ticket) => ticket.title)
    assert.deepEqual(titles, ['One', 'Two', 'Three'])
    const client = await imap.client(USER, PASSWORD)
    const status = await client.status('INBOX', { uidNext: true })
    await client.logout()
    const resumed = await getMailbox(box.id)
    assert.equal(resumed.lastUid, status && status.uidNext! - 1)
  })

  test('a refused login is recorded on the mailbox; the others still fetch', async ({ assert }) => {
    const wrong = await createMailbox(settings({ name: 'Wrong', password: 'not-it' }))
    const right = await createMailbox(settings({ name: 'Right' }))
    await deliver(rawMail({ subject: 'Still arrives' }))

    const failed = await fetchMailbox(wrong.id)
    const worked = await fetchMailbox(right.id)

    assert.match(failed.error ?? '', /authentication failed/i)
    const shown = await getMailbox(wrong.id)
    assert.match(shown.lastError ?? '', /authentication failed/i)
    assert.equal(worked.outcomes.created, 1)
    // A server that is down: the error names the connection failure.
    const down = await createMailbox(settings({ name: 'Down', port: 1 }))
    const refused = await fetchMailbox(down.id)
    assert.match(refused.error ?? '', /ECONNREFUSED|connect/i)
  })

  test('the password is stored encrypted with the app key', async ({ assert }) => {
    const box = await createMailbox(settings())
    const row = await db.from('support_mailboxes').where('id', box.id).first()
    assert.notInclude(row.password_encrypted, PASSWORD)
    assert.notProperty(await getMailbox(box.id), 'password')
  })

  test('the watcher takes new mail as IDLE reports it', async ({ assert }) => {
    await createMailbox(settings())
    const watchers = new MailboxWatchers(logger, 30)
    await watchers.start()
    try {
      await deliver(rawMail({ subject: 'Arrived while idling' }))
      // Polling would take 30 s: only IDLE explains it within 10.
      assert.isNotNull(await ticketTitled('Arrived while idling', 10))
    } finally {
      await watchers.stop()
    }
  }).timeout(20_000)

  test('mail that arrives just after a pass is taken at once (IDLE resumes right after it)', async ({
    assert,
  }) => {
    await createMailbox(settings())
    const watchers = new MailboxWatchers(logger, 30)
    await watchers.start()
    try {
      const passed = () => db.from('support_mailboxes').whereNotNull('last_fetched_at').first()
      for (let waited = 0; !(await passed()) && waited < 100; waited++) await sleep(100)
      await sleep(300)
      const sent = Date.now()
      await deliver(rawMail({ subject: 'Arrived after a pass' }))
      // imapflow idles only after 15 s of quiet on its own, and polling would take 30 s.
      assert.isNotNull(await ticketTitled('Arrived after a pass', 5))
      assert.isBelow(Date.now() - sent, 5_000)
    } finally {
      await watchers.stop()
    }
  }).timeout(20_000)

  test('the watcher reconnects after the server drops the connection', async ({ assert }) => {
    await createMailbox(settings())
    const watchers = new MailboxWatchers(logger, 1)
    await watchers.start()
    try {
      await deliver(rawMail({ subject: 'Before the drop' }))
      assert.isNotNull(await ticketTitled('Before the drop', 10))
      // Every connection drops; the server is back a moment later.
      await imap.restart()
      await deliver(rawMail({ subject: 'After the drop' }))
      assert.isNotNull(await ticketTitled('After the drop', 15), imap.log())
    } finally {
      await watchers.stop()
    }
  }).timeout(40_000)

  test('node ace queue:work watches the mailboxes, at the lower priority WORKER_NICE', async ({
    assert,
    cleanup,
  }) => {
    await createMailbox(settings())
    const worker = spawn(process.execPath, ['ace.js', 'queue:work', '--queue=notifications'], {
      env: { ...process.env, NODE_ENV: 'test', WORKER_NICE: '7' },
      stdio: 'ignore',
    })
    cleanup(async () => {
      if (worker.exitCode !== null) return
      worker.kill('SIGTERM')
      await new Promise((resolve) => worker.once('exit', resolve))
    })
    await deliver(rawMail({ subject: 'Taken by the worker' }))

    assert.isNotNull(await ticketTitled('Taken by the worker', 45))
    assert.equal(getPriority(worker.pid), 7)
    // The embedded PostgreSQL runs on this machine: the worker's backends yield too.
    const backends = await db
      .from('pg_stat_activity')
      .where('datname', db.raw('current_database()'))
      .select('pid')
    const priorities = backends.map((row) => getPriority(row.pid))
    assert.include(priorities, 7, `backend priorities ${priorities}`)
    assert.isTrue(
      priorities.some((priority) => priority !== 7),
      'the test process keeps the priority of its own backends'
    )
  }).timeout(60_000)

  test('node ace mail:fetch fetches one mailbox by name', async ({ assert }) => {
    await createMailbox(settings({ name: 'Sales' }))
    await deliver(rawMail({ subject: 'From cron' }))

    const result = await new Promise<{ code: number; out: string }>((resolve) => {
      execFile(
        process.execPath,
        ['ace.js', 'mail:fetch', '--mailbox=Sales'],
        { env: { ...process.env, NODE_ENV: 'test', FORCE_COLOR: '0' }, timeout: 60_000 },
        (error, stdout, stderr) => resolve({ code: error ? 1 : 0, out: stdout + stderr })
      )
    })

    assert.equal(result.code, 0, result.out)
    assert.include(result.out, 'Sales: 1 created')
    assert.isNotNull(await Ticket.findBy('title', 'From cron'))
    const unknown = await new Promise<number>((resolve) =>
      execFile(
        process.execPath,
        ['ace.js', 'mail:fetch', '--mailbox=Nope'],
        { env: { ...process.env, NODE_ENV: 'test' }, timeout: 60_000 },
        (error) => resolve(error ? 1 : 0)
      )
    )
    assert.equal(unknown, 1)
  }).timeout(60_000)
})

test.group('IMAP mailboxes: a server without IDLE, a TLS server', (group) => {
  group.each.setup(() => resetDatabase())
  group.each.skip(!hasDovecot() && !process.env.CI, 'dovecot is not installed')

  test('a server without IDLE is polled', async ({ assert, cleanup }) => {
    const server = new TestImapServer({ idle: false })
    await server.start()
    cleanup(() => server.stop())
    server.addUser(USER, PASSWORD)
    const probe = await server.client(USER, PASSWORD)
    assert.isFalse(probe.capabilities.has('IDLE'))
    await probe.logout()

    await createMailbox(settings({ port: server.port }))
    const watchers = new MailboxWatchers(logger, 1)
    await watchers.start()
    try {
      await deliverTo(server, rawMail({ subject: 'Found by polling' }))
      assert.isNotNull(await ticketTitled('Found by polling', 15))
    } finally {
      await watchers.stop()
    }
  }).timeout(40_000)

  test('a TLS mailbox: an untrusted certificate is reported; trusted, mail comes in', async ({
    assert,
    cleanup,
  }) => {
    const server = new TestImapServer({ tls: true })
    await server.start()
    cleanup(() => server.stop())
    server.addUser(USER, PASSWORD)
    const box = await createMailbox(settings({ name: 'Secure', port: server.tlsPort, tls: true }))
    await deliverTo(server, rawMail({ subject: 'Over TLS' }))

    // Self-signed: refused, and the reason is on the mailbox's page.
    const refused = await fetchMailbox(box.id)
    assert.match(refused.error ?? '', /self[- ]signed/i)
    const failed = await getMailbox(box.id)
    assert.match(failed.lastError ?? '', /self[- ]signed/i)

    // The operator trusts the certificate (NODE_EXTRA_CA_CERTS, docs/operations.md).
    const result = await new Promise<{ code: number; out: string }>((resolve) => {
      execFile(
        process.execPath,
        ['ace.js', 'mail:fetch', '--mailbox=Secure'],
        {
          env: {
            ...process.env,
            NODE_ENV: 'test',
            FORCE_COLOR: '0',
            NODE_EXTRA_CA_CERTS: server.certificatePath,
          },
          timeout: 60_000,
        },
        (error, stdout, stderr) => resolve({ code: error ? 1 : 0, out: stdout + stderr })
      )
    })
    assert.equal(result.code, 0, result.out)
    assert.include(result.out, 'Secure: 1 created')
    assert.isNotNull(await Ticket.findBy('title', 'Over TLS'))
  }).timeout(90_000)
})
