/**
 * The email channel's IMAP side: messages fetched from a real IMAP server (dovecot, as in
 * the tests) and threaded into tickets by `node ace mail:fetch`, while agents load the inbox.
 *  1. the production build on the embedded PostgreSQL (bench/support/bench_app.ts), an admin
 *     who adds the mailbox through Settings → Mailboxes;
 *  2. N messages appended to the mailbox: 4 in 5 start a conversation, 1 in 5 answers an
 *     earlier one (In-Reply-To), so both new tickets and threading are measured;
 *  3. the inbox list's latency alone, then while the fetch runs (same load, same length);
 *  4. the fetch rate: messages / the command's own fetch time (process start excluded).
 * Usage: npm run bench:imap -- [messages, default 1500] [seconds of inbox load, default 8]
 */
import { execFile } from 'node:child_process'
import pg from 'pg'
import { startBenchApp } from './support/bench_app.js'
import { runLoad } from './support/load.js'
import { signIn } from './support/sign_in.js'
import { TestImapServer } from '../tests/helpers/dovecot.js'

const ROOT = new URL('../', import.meta.url).pathname
const numbers = process.argv.slice(2).filter((arg) => /^\d+$/.test(arg))
const MESSAGES = Number(numbers[0] ?? 1500)
const SECONDS = Number(numbers[1] ?? 8)
const USER = 'support@bench.test'
const PASSWORD = 'bench-imap-password'
const CONNECTIONS = 10

function message(n: number) {
  const reply = n % 5 === 4
  const customer = `customer${n % 300}@shop.test`
  return [
    `From: Customer ${n % 300} <${customer}>`,
    `To: ${USER}`,
    `Subject: ${reply ? 'Re: ' : ''}Question ${reply ? n - 4 : n} about invoice ${n * 7}`,
    `Message-ID: <bench-${n}@shop.test>`,
    ...(reply ? [`In-Reply-To: <bench-${n - 4}@shop.test>`] : []),
    `Date: ${new Date().toUTCString()}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Hello, message ${n}: the invoice total looks wrong since the last export.`,
    '> quoted history of an earlier message',
    '',
  ].join('\r\n')
}

async function count(db: pg.Client, sql: string) {
  const result = await db.query(sql)
  return Number(result.rows[0].n)
}

async function main() {
  console.log(`IMAP fetch bench: ${MESSAGES} messages, ${SECONDS} s of inbox load per phase`)
  const imap = new TestImapServer()
  await imap.start()
  imap.addUser(USER, PASSWORD)
  const app = await startBenchApp()
  const db = new pg.Client({ connectionString: app.databaseUrl })
  await db.connect()
  try {
    const cookie = await signIn(
      app.url,
      'bench@example.com',
      'bench-password-1',
      '/admin/mailboxes'
    )
    const page = await fetch(`${app.url}/admin/mailboxes`, { headers: { cookie } })
    const form = await page.text()
    const csrf = form.match(/name=["']_csrf["'] value=["']([^"']+)["']/)?.[1]
    const added = await fetch(`${app.url}/admin/mailboxes`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({
        _csrf: csrf ?? '',
        name: 'Bench',
        host: '127.0.0.1',
        port: String(imap.port),
        username: USER,
        password: PASSWORD,
        folder: 'INBOX',
        afterFetch: 'move',
        moveTo: 'Processed',
      }),
    })
    if (added.status !== 302) throw new Error(`adding the mailbox: ${added.status}`)

    console.log(`  appending ${MESSAGES} messages to the mailbox…`)
    const client = await imap.client(USER, PASSWORD)
    for (let n = 0; n < MESSAGES; n++) await client.append('INBOX', message(n))
    await client.logout()

    const inbox = {
      url: `${app.url}/tickets/list?view=all`,
      seconds: SECONDS,
      connections: CONNECTIONS,
      headers: { cookie },
    }
    const alone = await runLoad(inbox)

    console.log('  node ace mail:fetch --mailbox=Bench, with the inbox under load…')
    const fetching = new Promise<string>((resolve, reject) =>
      execFile(
        process.execPath,
        ['ace.js', 'mail:fetch', '--mailbox=Bench'],
        // The production build's command, as cron or the worker would run it.
        { cwd: `${ROOT}build`, env: app.env, maxBuffer: 1 << 20 },
        (error, stdout, stderr) => (error ? reject(new Error(stdout + stderr)) : resolve(stdout))
      )
    )
    // Load starts with the first ticket (the command's process start is not the fetch).
    while ((await count(db, 'SELECT count(*) AS n FROM tickets')) === 0) {
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    const during = await runLoad(inbox)
    const takenDuringLoad = await count(db, 'SELECT count(*) AS n FROM inbound_emails')
    const output = await fetching
    const ms = Number(/in (\d+) ms/.exec(output)?.[1])
    const tickets = await count(db, 'SELECT count(*) AS n FROM tickets')
    const threaded = await count(
      db,
      `SELECT count(*) AS n FROM inbound_emails WHERE outcome = 'threaded'`
    )
    console.log(`  ${output.trim()}`)
    console.log('')
    console.log(
      `fetched and threaded: ${MESSAGES} messages in ${(ms / 1000).toFixed(1)} s = ${(MESSAGES / (ms / 1000)).toFixed(0)} messages/s`
    )
    console.log(
      `  ${tickets} tickets created, ${threaded} replies threaded (expected ${MESSAGES - Math.floor(MESSAGES / 5)} and ${Math.floor(MESSAGES / 5)})`
    )
    console.log(`  ${takenDuringLoad} messages were taken while the inbox was under load`)
    console.log(`inbox /tickets/list (${alone.tool}, ${CONNECTIONS} connections, ${SECONDS} s):`)
    for (const [label, run] of [
      ['alone', alone],
      ['during fetch', during],
    ] as const) {
      console.log(
        `  ${label.padEnd(13)} ${run.requestsPerSecond.toFixed(0)} req/s  p50 ${run.p50Ms.toFixed(1)} ms  p95 ${run.p95Ms.toFixed(1)} ms  p99 ${run.p99Ms.toFixed(1)} ms  errors ${run.errors}`
      )
    }
  } finally {
    await db.end()
    await app.stop()
    await imap.stop()
  }
}

await main()
