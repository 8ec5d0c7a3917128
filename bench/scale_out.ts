/**
 * Scale-out (issue 29): two production instances on one database against one, in the same
 * run. Starts instance A (bench_app.ts: build, fresh app_bench, token) and instance B (the
 * same build, environment and APP_KEY, another port), then for stored assignments (a new
 * subject per request) and batch tracking (100 events per request) loads A alone, then A
 * and B at once with half the connections each (one wrk per instance, both pinned to CPU 0
 * as in bench:http), and prints the ratio and where the CPU went (servers, PostgreSQL,
 * everything else, from /proc). Then the live part: N event streams (default 10,000)
 * split across both, one "this changed" message, time until every stream has it.
 * Usage: npm run bench:scale-out -- [seconds per run, default 10] [--subscribers=N]
 * BENCH_REUSE_BUILD=1 skips the build; BENCH_SCALE_OUT_PORT (default 3450) and the next
 * port are the instances'.
 */
import pg from 'pg'
import { readFileSync, readdirSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { runningExperimentWithSubjects, startBenchApp } from './support/bench_app.js'
import { cpuMillis, runLoad, type LoadResult } from './support/load.js'
import { startBuiltServer, waitUntilServing } from './support/production_server.js'
import { signIn } from './support/sign_in.js'
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
const SECONDS = Number(args.find((arg) => !arg.startsWith('--')) ?? 10)
const SUBSCRIBERS = Number(
  args.find((arg) => arg.startsWith('--subscribers='))?.slice('--subscribers='.length) ?? 10_000
)
const CONNECTIONS = 50
const EVENTS_PER_BATCH = 100
const BASE_PORT = Number(process.env.BENCH_SCALE_OUT_PORT ?? 3450)
const BROADCASTS = 3
const TARGET_RATIO = 1.6
const TARGET_MS = 2000
const CHANNEL = 'support/tickets'

raiseFileLimit(SUBSCRIBERS + 1000)

const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(' ')
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model}, load average ${load()}`)

// As root, everything measured runs at nice -10 (bench_app.ts: this process, so instance B
// and wrk, and PostgreSQL), as in bench:http: on a shared machine they get the CPU they ask for.
const priority = process.getuid?.() === 0 ? -10 : undefined
console.log(`priority of the measured processes: nice ${priority ?? 0}`)
const a = await startBenchApp({ port: BASE_PORT, priority })
const portB = BASE_PORT + 1
const envB = { ...a.env, PORT: String(portB), APP_URL: `http://127.0.0.1:${portB}` }
console.log(`  starting instance B on 127.0.0.1:${portB}…`)
const serverB = startBuiltServer(`${ROOT}build`, envB)
const b = { url: `http://127.0.0.1:${portB}`, pid: serverB.pid! }
const client = new pg.Client({ connectionString: a.databaseUrl })
const streams: Stream[] = []
try {
  await waitUntilServing(b.url)
  await client.connect()
  const postmaster = Number(readFileSync(`${ROOT}tmp/pg/postmaster.pid`, 'utf8').split('\n')[0])

  // Tracked events need assigned subjects: one set of EVENTS_PER_BATCH per instance.
  const experimentId = await runningExperimentWithSubjects(a, client, {
    key: 'bench-scale-out',
    name: 'Bench scale-out',
    subjectPrefixes: ['tracked-'],
    subjects: 2 * EVENTS_PER_BATCH,
  })

  const headers = { 'content-type': 'application/json', 'authorization': `Bearer ${a.token}` }
  let runs = 0
  /** The POST each instance (0: A, 1: B) is loaded with; new subjects on every run. */
  const routes = [
    {
      name: 'POST /api/experiments/assignments (new subject)',
      unit: 'assignments',
      perRequest: 1,
      path: '/api/experiments/assignments',
      body: (side: number) =>
        `{"userContext":{"userId":"scale-${++runs}-${side}-%N%","plan":"pro"}}`,
    },
    {
      name: `POST /api/experiments/track/batch (${EVENTS_PER_BATCH} events)`,
      unit: 'events',
      perRequest: EVENTS_PER_BATCH,
      path: '/api/experiments/track/batch',
      body: (side: number) =>
        JSON.stringify({
          events: Array.from({ length: EVENTS_PER_BATCH }, (_, i) => ({
            experimentId,
            eventType: i % 5 === 0 ? 'signup' : 'page_view',
            userContext: { userId: `tracked-${side * EVENTS_PER_BATCH + i + 1}` },
            // The load generator numbers each request at its one %N%.
            ...(i === 0 ? { eventData: { url: '/pricing?request=%N%' } } : {}),
          })),
        }),
    },
  ]

  /** Loads the instances at once, CONNECTIONS split between them; one summed result. */
  const loadAll = async (
    route: (typeof routes)[number],
    instances: readonly { url: string }[],
    seconds: number
  ) => {
    const results = await Promise.all(
      instances.map((instance, side) =>
        runLoad({
          url: `${instance.url}${route.path}`,
          method: 'POST',
          headers,
          bodyTemplate: route.body(side),
          connections: CONNECTIONS / instances.length,
          pinToCore: 0,
          seconds,
        })
      )
    )
    return {
      requestsPerSecond: results.reduce((sum, r) => sum + r.requestsPerSecond, 0),
      p99Ms: Math.max(...results.map((r) => r.p99Ms)),
      errors: results.reduce((sum, r) => sum + r.errors, 0),
    }
  }

  const table: Record<string, object> = {}
  const verdicts: string[] = []
  for (const route of routes) {
    const measured: Record<string, Pick<LoadResult, 'requestsPerSecond'>> = {}
    for (const [label, instances] of [
      ['one instance', [a]],
      ['two instances', [a, b]],
    ] as const) {
      await loadAll(route, instances, 1)
      console.log(`  ${route.name}, ${label}: ${CONNECTIONS} connections, ${SECONDS} s…`)
      const before = cpuSplit([a.pid, b.pid], postmaster)
      const result = await loadAll(route, instances, SECONDS)
      const cpu = cpuSplit([a.pid, b.pid], postmaster).since(before)
      measured[label] = result
      table[`${route.unit}, ${label}`] = {
        [`${route.unit}/s`]: result.requestsPerSecond * route.perRequest,
        'req/s': result.requestsPerSecond,
        'p99 ms': result.p99Ms,
        'errors': result.errors,
        'CPU servers': cpu.servers,
        'CPU postgres': cpu.postgres,
        'CPU wrk': cpu.wrk,
        'CPU rest': cpu.rest,
        'CPU idle': cpu.idle,
      }
    }
    const ratio =
      measured['two instances'].requestsPerSecond / measured['one instance'].requestsPerSecond
    verdicts.push(
      `${route.name}: two / one = ${ratio.toFixed(2)} (target ≥ ${TARGET_RATIO}: ` +
        `${ratio >= TARGET_RATIO ? 'met' : 'NOT met'})`
    )
  }
  console.log(
    `\nbench:scale-out, ${new Date().toISOString()}, ${SECONDS} s per run, load ${load()}`
  )
  console.log('CPU columns: share of the whole machine (all cores) over the measured run')
  console.table(table)
  for (const verdict of verdicts) console.log(verdict)

  // Live updates: the streams split across both instances, one session for all.
  const cookie = await signIn(a.url, 'bench@example.com', 'bench-password-1', '/tickets')
  const instances = [a, b]
  const tokens = await Promise.all(instances.map((instance) => csrfTokenOf(instance.url, cookie)))
  const opening = performance.now()
  let opened = 0
  await inBatches(SUBSCRIBERS, async () => {
    const side = opened++ % 2
    const stream = await openStream(instances[side].url)
    streams.push(stream)
    await subscribe(instances[side].url, cookie, tokens[side], stream.uid, CHANNEL)
  })
  console.log(
    `\n  ${SUBSCRIBERS.toLocaleString('en-US')} streams (half on each instance) open and ` +
      `subscribed in ${((performance.now() - opening) / 1000).toFixed(1)} s, load ${load()}`
  )
  await wait(3000)
  console.log(`\n  | broadcast | delivered | first | p50 | p95 | all (≤ ${TARGET_MS} ms) |`)
  console.log('  | --- | --- | --- | --- | --- | --- |')
  for (let round = 1; round <= BROADCASTS; round++) {
    const delivered = await timeBroadcast(streams, client, CHANNEL)
    const at = (share: number) => atShare(delivered, share)
    const all = delivered.length === SUBSCRIBERS ? at(1) : 'not all within 10 s'
    console.log(
      `  | ${round} | ${delivered.length.toLocaleString('en-US')} | ${at(0)} | ` +
        `${at(0.5)} | ${at(0.95)} | ${all} |`
    )
    await wait(1000)
  }
  console.log(`\nload average after the run: ${load()}`)
} finally {
  for (const stream of streams) stream.close()
  await client.end()
  serverB.kill('SIGTERM')
  await new Promise((resolve) => serverB.once('exit', resolve))
  await a.stop()
}

/**
 * CPU time so far of the servers, of PostgreSQL (the postmaster and its children: backends,
 * writers), of the load generators (this process's ended children) and of the whole machine
 * (/proc/stat). `since(earlier)` gives each as a share of the machine over the interval,
 * `rest` being everything else (the other work on a shared machine). A backend that exited
 * in between is not counted.
 */
function cpuSplit(servers: number[], postmaster: number) {
  const postgres = new Map<number, number>()
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry)
    if (!pid) continue
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      if (pid === postmaster || parent === postmaster) postgres.set(pid, cpuMillis(pid))
    } catch {
      // The process ended while the list was read.
    }
  }
  const [total, idle] = machineMillis()
  const now = { servers: servers.map(cpuMillis), postgres, total, idle, wrk: childrenMillis() }
  return {
    since(earlier: typeof now) {
      const elapsed = now.total - earlier.total
      const share = (ms: number) => `${((100 * ms) / elapsed).toFixed(0)} %`
      const serversMs = now.servers.reduce((sum, ms, i) => sum + ms - earlier.servers[i], 0)
      let postgresMs = 0
      for (const [pid, ms] of now.postgres) postgresMs += ms - (earlier.postgres.get(pid) ?? 0)
      const idleMs = now.idle - earlier.idle
      const wrkMs = now.wrk - earlier.wrk
      return {
        servers: share(serversMs),
        postgres: share(postgresMs),
        wrk: share(wrkMs),
        rest: share(elapsed - idleMs - serversMs - postgresMs - wrkMs),
        idle: share(idleMs),
      }
    },
    ...now,
  }
}

/** CPU time of this process's children that ended (the wrk runs), in ms (/proc/self/stat). */
function childrenMillis() {
  const stat = readFileSync('/proc/self/stat', 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  // cutime and cstime, the 16th and 17th fields, in clock ticks of 10 ms.
  return (Number(fields[13]) + Number(fields[14])) * 10
}

/** All CPUs' time so far and the idle part of it, in ms (the `cpu` line of /proc/stat). */
function machineMillis() {
  const ticks = readFileSync('/proc/stat', 'utf8').split('\n')[0].split(/\s+/).slice(1).map(Number)
  const total = ticks.slice(0, 8).reduce((sum, n) => sum + n, 0)
  // idle + iowait
  return [total * 10, (ticks[3] + ticks[4]) * 10]
}
