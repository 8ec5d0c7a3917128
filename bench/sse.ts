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
import { readFileSync } from 'node:fs'
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
import {
  atShare,
  csrfTokenOf,
  inBatches,
  openStream,
  raiseFileLimit,
  subscribe,
  timeBroadcast,
  wait,
  type Stream,
} from './support/sse_streams.js'

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
const streams: Stream[] = []
console.log(`  starting the server on 127.0.0.1:${port} (NODE_ENV=production)…`)
const server = startBuiltServer(build, env)
try {
  const url = `http://127.0.0.1:${port}`
  await waitUntilServing(url)
  const cookie = await signIn(url, AGENT_EMAIL, AGENT_PASSWORD, '/tickets')
  const csrf = await csrfTokenOf(url, cookie)

  const load = loadavg().map((n) => n.toFixed(2))
  console.log(`  machine: ${cpus().length} × ${cpus()[0]?.model}, load average ${load.join(' ')}`)
  await settle()
  const before = residentKiB(server.pid!)

  const opening = performance.now()
  await inBatches(SUBSCRIBERS, async () => {
    const stream = await openStream(url)
    streams.push(stream)
    await subscribe(url, cookie, csrf, stream.uid, CHANNEL)
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
    const delivered = await timeBroadcast(streams, db, CHANNEL)
    const at = (share: number) => atShare(delivered, share)
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

/** Resident memory of a process, in KiB (Linux). */
function residentKiB(pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(status.match(/VmRSS:\s+(\d+)/)?.[1])
}

function mib(kib: number) {
  return (kib / 1024).toFixed(0)
}

/** Gives the server a moment to finish what the last requests started (and to collect). */
function settle() {
  return wait(3000)
}
