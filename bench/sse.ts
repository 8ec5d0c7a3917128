/**
 * Live updates at scale: one production server holds N server-sent-event streams (default
 * 5,000), each subscribed to the inbox channel as a signed-in agent's tab would be, and a
 * "this changed" message goes to all of them. The message takes the path every live update
 * takes: `pg_notify` in PostgreSQL → the server's NOTIFY bridge → Transmit → every stream.
 * Prints the time from the NOTIFY until each stream has the message (all, p50, p95), and the
 * server's memory per idle stream (resident memory with the streams open minus before,
 * divided by their number).
 * Usage: npm run bench:sse -- [--subscribers=N] [--broadcasts=N]
 * Needs a file descriptor per stream in this process and in the server: when the soft limit
 * is too low, the script raises it to the hard limit and starts again.
 * Takes about two minutes (one of them `node ace build`). Stops by itself.
 */
import { execFileSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { Agent, request, type ClientRequest } from 'node:http'
import { cpus, loadavg } from 'node:os'
import pg from 'pg'
import { ensureEmbeddedPostgres } from '../database/embedded_postgres.js'
import { signIn } from './support/sign_in.js'
import {
  aceWith,
  benchServerEnv,
  buildForBenchmark,
  freePort,
  startBuiltServer,
  waitUntilServing,
} from './support/production_server.js'

const ROOT = new URL('../', import.meta.url).pathname
const args = process.argv.slice(2)
const option = (name: string, fallback: number) =>
  Number(args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback)
const SUBSCRIBERS = option('subscribers', 5000)
const BROADCASTS = option('broadcasts', 5)
const DATABASE = 'app_bench_sse'
const CHANNEL = 'support/tickets'
const AGENT_EMAIL = 'bench-sse@example.com'
const AGENT_PASSWORD = 'bench-sse-password'
/** Streams opened (and subscriptions posted) at once. */
const OPENING = 100
const TARGET_MS = 2000

raiseFileLimit(SUBSCRIBERS + 1000)

const cluster = await ensureEmbeddedPostgres({
  dataDir: `${ROOT}tmp/pg`,
  port: Number(process.env.EMBEDDED_PG_PORT ?? 54329),
  databases: ['postgres'],
})
const admin = new pg.Client({ connectionString: cluster.urlFor('postgres') })
await admin.connect()
await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`)
await admin.query(`CREATE DATABASE ${DATABASE}`)
await admin.end()
const databaseUrl = cluster.urlFor(DATABASE)

const build = buildForBenchmark(ROOT)
const port = await freePort()
const env = benchServerEnv(databaseUrl, port)
const ace = aceWith(ROOT, env)
console.log(`  migrating ${DATABASE}…`)
await ace(['migration:run', '--force'])
await ace(
  [
    'users:create',
    `--email=${AGENT_EMAIL}`,
    '--name=Bench Agent',
    '--role=agent',
    '--password-stdin',
  ],
  `${AGENT_PASSWORD}\n`
)

const db = new pg.Client({ connectionString: databaseUrl })
await db.connect()
const agent = new Agent({ keepAlive: false, maxSockets: Infinity })
const streams: Stream[] = []
console.log(`  starting the server on 127.0.0.1:${port} (NODE_ENV=production)…`)
const server = startBuiltServer(build, env)
try {
  const url = `http://127.0.0.1:${port}`
  await waitUntilServing(url)
  const cookie = await signIn(url, AGENT_EMAIL, AGENT_PASSWORD, '/tickets')
  const page = await fetch(`${url}/tickets`, { headers: { cookie } }).then((r) => r.text())
  const csrf = page.match(/<meta name=["']csrf-token["'] content=["']([^"']+)["']/)?.[1]
  if (!csrf) throw new Error('no CSRF token on /tickets')

  const load = loadavg().map((n) => n.toFixed(2))
  console.log(`  machine: ${cpus().length} × ${cpus()[0]?.model}, load average ${load.join(' ')}`)
  await settle()
  const before = residentKiB(server.pid!)

  const opening = performance.now()
  await inBatches(SUBSCRIBERS, async () => {
    const stream = await openStream(url)
    streams.push(stream)
    await subscribe(url, cookie, csrf, stream.uid)
  })
  const openSeconds = (performance.now() - opening) / 1000
  console.log(
    `  ${SUBSCRIBERS.toLocaleString('en-US')} streams open and subscribed in ${openSeconds.toFixed(1)} s`
  )
  await settle()
  const after = residentKiB(server.pid!)
  const perStream = ((after - before) * 1024) / SUBSCRIBERS
  console.log(
    `  server memory: ${mib(before)} MiB before, ${mib(after)} MiB with the streams open: ` +
      `${(perStream / 1024).toFixed(1)} KiB per idle stream`
  )

  console.log(`\n  | broadcast | delivered | first | p50 | p95 | all (≤ ${TARGET_MS} ms) |`)
  console.log('  | --- | --- | --- | --- | --- | --- |')
  for (let round = 1; round <= BROADCASTS; round++) {
    const reason = `bench-${round}-${randomUUID()}`
    const started = performance.now()
    const arrivals = Promise.all(
      streams.map((stream) =>
        Promise.race([stream.arrival(reason, started), wait(10_000).then(() => null)])
      )
    )
    await db.query('SELECT pg_notify($1, $2)', [
      'app_live',
      JSON.stringify({ channel: CHANNEL, reason }),
    ])
    const times = await arrivals
    const delivered = times.filter((ms) => ms !== null).sort((a, b) => a - b)
    const at = (share: number) => {
      const ms = delivered[Math.min(delivered.length - 1, Math.floor(share * delivered.length))]
      return ms === undefined ? '–' : `${ms.toFixed(0)} ms`
    }
    const all = delivered.length === SUBSCRIBERS ? at(1) : 'not all within 10 s'
    console.log(
      `  | ${round} | ${delivered.length.toLocaleString('en-US')} | ${at(0)} | ` +
        `${at(0.5)} | ${at(0.95)} | ${all} |`
    )
    await wait(1000)
  }
} finally {
  for (const stream of streams) stream.close()
  await db.end()
  server.kill('SIGTERM')
  await new Promise((resolve) => server.once('exit', resolve))
  await cluster.stop()
}

interface Stream {
  uid: string
  /** Resolves with the ms from `since` until `reason` arrives on this stream. */
  arrival(reason: string, since: number): Promise<number>
  close(): void
}

/** `GET /__transmit/events` as transmit-client opens it; resolves on the first bytes. */
function openStream(url: string) {
  const uid = randomUUID()
  return new Promise<Stream>((resolve, reject) => {
    let received = ''
    const waiting = new Map<string, (at: number) => void>()
    const outgoing: ClientRequest = request(
      `${url}/__transmit/events?uid=${uid}`,
      { agent, headers: { accept: 'text/event-stream' } },
      (response) => {
        if (response.statusCode !== 200) reject(new Error(`events: ${response.statusCode}`))
        response.setEncoding('utf8')
        response.on('data', (chunk: string) => {
          const at = performance.now()
          received = (received + chunk).slice(-4096)
          for (const [reason, done] of waiting) {
            if (received.includes(reason)) {
              waiting.delete(reason)
              done(at)
            }
          }
        })
        resolve({
          uid,
          arrival: (reason, since) =>
            new Promise((done) => waiting.set(reason, (at) => done(at - since))),
          close: () => outgoing.destroy(),
        })
      }
    )
    outgoing.on('error', reject)
    outgoing.end()
  })
}

async function subscribe(url: string, cookie: string, csrf: string, uid: string) {
  const response = await fetch(`${url}/__transmit/subscribe`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf-token': csrf, cookie },
    body: JSON.stringify({ uid, channel: CHANNEL }),
  })
  if (response.status !== 204 && response.status !== 200) {
    throw new Error(`subscribe: ${response.status} ${await response.text()}`)
  }
}

async function inBatches(total: number, each: () => Promise<void>) {
  for (let done = 0; done < total; done += OPENING) {
    await Promise.all(Array.from({ length: Math.min(OPENING, total - done) }, each))
  }
}

/** Resident memory of a process, in KiB (Linux). */
function residentKiB(pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(status.match(/VmRSS:\s+(\d+)/)?.[1])
}

function mib(kib: number) {
  return (kib / 1024).toFixed(0)
}

function wait(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** Gives the server a moment to finish what the last requests started (and to collect). */
function settle() {
  return wait(3000)
}

/**
 * Both this process and the server need a descriptor per stream. Raises the soft limit to
 * the hard one by starting the script again under `ulimit -n` when it is too low.
 */
function raiseFileLimit(needed: number) {
  const soft = Number(execFileSync('sh', ['-c', 'ulimit -n']).toString().trim())
  if (!Number.isFinite(soft) || soft >= needed || process.env.BENCH_SSE_RAISED) return
  const hard = execFileSync('sh', ['-c', 'ulimit -Hn']).toString().trim()
  if (hard !== 'unlimited' && Number(hard) < needed) {
    throw new Error(`open files are limited to ${hard}; ${needed} are needed (ulimit -Hn)`)
  }
  console.log(`  raising the open-files limit from ${soft} to ${hard}…`)
  execFileSync(
    'sh',
    [
      '-c',
      `ulimit -n ${hard} && exec "$0" "$@"`,
      process.execPath,
      ...process.execArgv,
      ...process.argv.slice(1),
    ],
    { stdio: 'inherit', env: { ...process.env, BENCH_SSE_RAISED: '1' } }
  )
  process.exit(0)
}
