/**
 * The email channel's IMAP side, in production's topology: the web server
 * (`node bin/server.js`) and the queue worker (`node ace.js queue:work`, which keeps the
 * mailbox fetched over IDLE) as separate processes of the production build, on the embedded
 * PostgreSQL, with dovecot (as in the tests) as the IMAP server.
 *  1. an admin adds the mailbox through Settings → Mailboxes; the worker starts;
 *  2. the messages are appended to staging folders first, 2 batches per round: 4 in 5
 *     start a conversation, 1 in 5 answers an earlier one (In-Reply-To);
 *  3. each round, interleaved: the inbox list under load alone (the worker idle: the previous
 *     batch's acknowledgements sent); a batch moved into INBOX
 *     and the same load while the worker takes it (from its first message); the next batch
 *     moved in with no inbox load, timed: the fetch rate, from the move until the last
 *     message is in (IDLE's notice included).
 * "Unchanged" (bench/README.md): the median over the rounds of p95 during / p95 alone is at
 * most 1.10, both measured in the same round.
 * Usage: npm run bench:imap -- [messages per batch, default 500] [seconds of load, default 6] [rounds, default 3]
 * Run as root, the web server and the database get nice −10 (as in bench:http: on a shared
 * machine they then get the CPU they ask for) and the worker, with its database backends,
 * keeps its distance below them (WORKER_NICE steps). BENCH_IMAP_COMPARE_NICE=1: every other round puts the worker at the
 * web server's priority, to compare both in the same run.
 */
import { spawn } from 'node:child_process'
import { getPriority, loadavg, setPriority } from 'node:os'
import pg from 'pg'
import { startBenchApp } from './support/bench_app.js'
import { cpuMillis, runLoad, type LoadResult } from './support/load.js'
import { signIn } from './support/sign_in.js'
import { TestImapServer } from '../tests/helpers/dovecot.js'

const ROOT = new URL('../', import.meta.url).pathname
const numbers = process.argv.slice(2).filter((arg) => /^\d+$/.test(arg))
// A multiple of 5: every batch starts a conversation on its first message.
const BATCH = Math.ceil(Number(numbers[0] ?? 500) / 5) * 5
const SECONDS = Number(numbers[1] ?? 6)
const ROUNDS = Number(numbers[2] ?? 3)
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

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const load = (run: LoadResult) =>
  `${run.requestsPerSecond.toFixed(0)} req/s, p50 ${run.p50Ms.toFixed(1)} ms, p95 ${run.p95Ms.toFixed(1)} ms, errors ${run.errors}`
const loadAverage = () =>
  loadavg()
    .map((n) => n.toFixed(1))
    .join(' ')

async function main() {
  console.log(
    `IMAP fetch bench: ${ROUNDS} rounds of 2 × ${BATCH} messages, ${SECONDS} s of inbox load per phase`
  )
  console.log(`  load average at the start: ${loadAverage()}`)
  console.log(`  web server and database at nice ${process.getuid?.() === 0 ? -10 : 0}`)
  const imap = new TestImapServer()
  await imap.start()
  imap.addUser(USER, PASSWORD)
  const serverNice = process.getuid?.() === 0 ? -10 : 0
  const app = await startBenchApp({ priority: serverNice || undefined })
  const db = new pg.Client({ connectionString: app.databaseUrl })
  await db.connect()
  let worker: ReturnType<typeof spawn> | undefined
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
        enabled: 'true',
      }),
    })
    if (added.status !== 302) throw new Error(`adding the mailbox: ${added.status}`)

    const batches = ROUNDS * 2
    console.log(`  appending ${batches} × ${BATCH} messages to staging folders…`)
    const client = await imap.client(USER, PASSWORD)
    for (let batch = 0; batch < batches; batch++) {
      await client.mailboxCreate(`Arriving${batch}`)
      for (let n = batch * BATCH; n < (batch + 1) * BATCH; n++) {
        await client.append(`Arriving${batch}`, message(n))
      }
    }

    console.log('  starting the worker: node ace.js queue:work --queue=notifications…')
    worker = spawn(process.execPath, ['ace.js', 'queue:work', '--queue=notifications'], {
      cwd: `${ROOT}build`,
      env: { ...app.env, LOG_LEVEL: process.env.BENCH_WORKER_LOG_LEVEL ?? 'warn' },
      stdio: process.env.BENCH_SERVER_LOG ? 'inherit' : 'ignore',
    })
    const workerPid = worker.pid!
    // Connected and caught up (the mailbox is empty): its first pass is recorded.
    const caughtUp = 'SELECT count(*) AS n FROM support_mailboxes WHERE last_fetched_at IS NOT NULL'
    await waitFor(async () => (await scalar(db, caughtUp)) > 0, 90_000)

    const taken = () => scalar(db, 'SELECT count(*) AS n FROM inbound_emails')
    const pendingMail = `SELECT count(*) AS n FROM notifications WHERE status = 'pending'`
    /** Moves a staged batch into INBOX at once; answers how many were taken before. */
    const arrive = async (batch: number) => {
      await client.mailboxOpen(`Arriving${batch}`)
      const before = await taken()
      await client.messageMove('1:*', 'INBOX')
      return before
    }
    const allTaken = (before: number) => waitFor(async () => (await taken()) >= before + BATCH)
    const inbox = {
      url: `${app.url}/tickets/list?view=all`,
      seconds: SECONDS,
      connections: CONNECTIONS,
      headers: { cookie },
    }

    // The worker lowered itself and its database backends to WORKER_NICE (absolute): keep
    // that distance from the server. Its backends are those not at the database's priority
    // (the server's and this script's inherit it), remembered once seen.
    const lowered = Math.min(19, serverNice + getPriority(workerPid))
    const workerBackends = new Set<number>()
    const placeWorker = async (nice: number) => {
      setPriority(workerPid, nice)
      const backends = await db.query(
        'SELECT pid FROM pg_stat_activity WHERE datname = current_database()'
      )
      for (const { pid } of backends.rows) {
        if (getPriority(pid) !== serverNice) workerBackends.add(pid)
      }
      for (const pid of workerBackends) {
        try {
          setPriority(pid, nice)
        } catch {
          workerBackends.delete(pid)
        }
      }
    }
    const rounds = []
    for (let round = 0; round < ROUNDS; round++) {
      const nice = process.env.BENCH_IMAP_COMPARE_NICE && round % 2 ? serverNice : lowered
      await placeWorker(nice)
      // "Alone" means the worker is idle: the previous batch's acknowledgements are sent.
      await waitFor(async () => (await scalar(db, pendingMail)) === 0, 120_000)
      const alone = await runLoad(inbox)

      const underLoad = await arrive(round * 2)
      while ((await taken()) === underLoad) await sleep(20)
      await placeWorker(nice)
      const workerCpu = cpuMillis(workerPid)
      const during = await runLoad(inbox)
      const takenDuring = (await taken()) - underLoad
      const workerCpuDuring = cpuMillis(workerPid) - workerCpu
      await allTaken(underLoad)

      const started = Date.now()
      const cpuBefore = cpuMillis(workerPid)
      await allTaken(await arrive(round * 2 + 1))
      const seconds = (Date.now() - started) / 1000
      const cpuPerMessage = (cpuMillis(workerPid) - cpuBefore) / BATCH

      rounds.push({ nice, alone, during, takenDuring, workerCpuDuring, seconds, cpuPerMessage })
      console.log(
        `  round ${round + 1} (worker nice ${nice}): alone ${load(alone)} | during ${load(during)}, ${takenDuring} taken meanwhile | fetch alone ${(BATCH / seconds).toFixed(0)} msg/s | load average ${loadAverage()}`
      )
    }

    const tickets = await scalar(db, 'SELECT count(*) AS n FROM tickets')
    const threaded = await scalar(
      db,
      `SELECT count(*) AS n FROM inbound_emails WHERE outcome = 'threaded'`
    )
    const total = batches * BATCH
    console.log('')
    console.log(
      `${tickets} tickets created, ${threaded} replies threaded (expected ${total - total / 5} and ${total / 5})`
    )
    console.log(
      '| round | worker nice | inbox p95 alone | inbox p95 during fetch | ratio | req/s alone → during | taken during the load | worker CPU during the load | fetch alone | worker CPU per message |'
    )
    console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |')
    rounds.forEach((run, index) => {
      console.log(
        `| ${index + 1} | ${run.nice} | ${run.alone.p95Ms.toFixed(1)} ms | ${run.during.p95Ms.toFixed(1)} ms | ${(run.during.p95Ms / run.alone.p95Ms).toFixed(2)} | ${run.alone.requestsPerSecond} → ${run.during.requestsPerSecond} | ${run.takenDuring} (${(run.takenDuring / SECONDS).toFixed(0)}/s) | ${(run.workerCpuDuring / (SECONDS * 10)).toFixed(0)} % of a core | ${(BATCH / run.seconds).toFixed(0)} msg/s | ${run.cpuPerMessage.toFixed(1)} ms |`
      )
    })
    console.log('')
    for (const nice of new Set(rounds.map((run) => run.nice))) {
      const those = rounds.filter((run) => run.nice === nice)
      const ratio = median(those.map((run) => run.during.p95Ms / run.alone.p95Ms))
      const rate = median(those.map((run) => BATCH / run.seconds))
      console.log(
        `worker nice ${nice}, ${those.length} rounds: median p95 during / alone ${ratio.toFixed(2)} (unchanged: ≤ 1.10) ${ratio <= 1.1 ? '✓' : '✗'}; median fetch rate ${rate.toFixed(0)} messages/s (≥ 50) ${rate >= 50 ? '✓' : '✗'}`
      )
    }
    console.log(`load average at the end: ${loadAverage()}`)
    await client.logout()
  } finally {
    if (worker && worker.exitCode === null) {
      worker.kill('SIGTERM')
      await new Promise((resolve) => worker!.once('exit', resolve))
    }
    await db.end()
    await app.stop()
    await imap.stop()
  }
}

async function scalar(db: pg.Client, sql: string) {
  const result = await db.query(sql)
  return Number(result.rows[0].n)
}

async function waitFor(done: () => Promise<boolean>, timeoutMs = 600_000) {
  const deadline = Date.now() + timeoutMs
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error('the worker did not get there in time')
    await sleep(20)
  }
}

await main()
