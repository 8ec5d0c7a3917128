/**
 * The API routes against two yardsticks measured in the same run: a bare Node `http`
 * server and a minimal AdonisJS v7 app (one JSON route). Builds the product, starts the
 * three, loads each with wrk (one thread pinned to CPU 0 when taskset exists; autocannon
 * when wrk is missing) and prints req/s, p50/p95/p99, each product route as a ratio of
 * both yardsticks with its target, the machine and how busy it was.
 * Each route runs BENCH_HTTP_ROUNDS (default 3) rounds, each right after the AdonisJS
 * yardstick; the round of median ratio is shown. BENCH_REUSE_BUILD=1 skips the build.
 * Usage: npm run bench:http -- [seconds per run, default 10] [track/batch batches, default 200]
 * Ports: BENCH_HTTP_PORT (default 3440) and the next two. BENCH_CPU_PROF=<dir> writes the
 * product server's CPU profile there (node --cpu-prof) when it stops.
 */
import pg from 'pg'
import { cpus, availableParallelism, loadavg } from 'node:os'
import { execFileSync } from 'node:child_process'
import { runningExperimentWithSubjects, startBenchApp } from './support/bench_app.js'
import { cpuMillis, hasWrk, runLoad, type LoadResult, type LoadSpec } from './support/load.js'
import { startBareNode, startMinimalAdonis } from './support/yardsticks.js'
import { trackBatchVersusCopy } from './support/track_vs_copy.js'

const SECONDS = Number(process.argv[2] ?? 10)
const BATCHES = Number(process.argv[3] ?? 200)
const CONNECTIONS = 50
/** Rounds per route (yardstick, route), the median kept. */
const ROUNDS = Number(process.env.BENCH_HTTP_ROUNDS ?? 3)
const BASE_PORT = Number(process.env.BENCH_HTTP_PORT ?? 3440)
/** Subjects assigned beforehand for single track calls, per wrk thread (see load.ts). */
const TRACKED_SUBJECTS = 100_000

/** Processes using ≥ 10 % of a CPU right now (top's one-shot sample), busiest first. */
const busyProcesses = () =>
  execFileSync('top', ['-b', '-n', '1', '-o', '%CPU', '-w', '200'], { encoding: 'utf8' })
    .split('\n')
    .slice(7)
    .map((line) => line.trim().split(/\s+/))
    .filter((columns) => Number(columns[8]) >= 10)
    .map((columns) => `${columns[11]} ${columns[8]} %`)
    .join(', ') || 'none'

const machine = () => ({
  nproc: availableParallelism(),
  cpu: cpus()[0]?.model ?? 'unknown',
  loadAverage: loadavg()
    .map((n) => n.toFixed(2))
    .join(' '),
})

console.log(`machine: ${JSON.stringify(machine())}`)
console.log(`busy processes before the run: ${busyProcesses()}`)
console.log(`load generator: ${hasWrk() ? 'wrk, one thread pinned to CPU 0' : 'autocannon'}`)
console.log(`priority of the measured processes: nice ${process.getuid?.() === 0 ? -10 : 0}`)

const profileDir = process.env.BENCH_CPU_PROF
// As root, the benchmark's processes run at nice -10 (bench_app.ts); the table still
// shows how busy the machine was.
const priority = process.getuid?.() === 0 ? -10 : undefined
const app = await startBenchApp({
  port: BASE_PORT,
  priority,
  nodeFlags: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
})
const bare = await startBareNode(BASE_PORT + 1)
const adonis = await startMinimalAdonis(BASE_PORT + 2)
const client = new pg.Client({ connectionString: app.databaseUrl })
await client.connect()

type Spec = Omit<LoadSpec, 'seconds' | 'connections'>
/**
 * A load run, the CPU time its server spent per answered request, and the requests per
 * write transaction (the database's transaction ids handed out during the run): how many
 * requests each commit carried, so whether micro-batches coalesce.
 */
type Measured = LoadResult & { cpuMicros: number; requestsPerWrite: number | null }
interface Route {
  name: string
  result: Measured
  /** The minimal AdonisJS app, measured right before. */
  adonisJs: Measured
  target: { ofAdonis: number; perSecond?: number }
  /** The ratio to AdonisJS of every round. */
  rounds: number[]
  /** Requests answered in the measured runs of every round. */
  answered: number
}

let runs = 0
/** `%RUN%` in a body template: a number of its own for every load run (new subjects). */
const load = (spec: Spec, seconds: number) =>
  runLoad({
    ...spec,
    bodyTemplate: spec.bodyTemplate?.replaceAll('%RUN%', String(++runs)),
    connections: CONNECTIONS,
    pinToCore: 0,
    seconds,
  })

async function measure(name: string, spec: Spec, serverPid: number): Promise<Measured> {
  await load(spec, 1)
  console.log(`  ${name}: ${CONNECTIONS} connections, ${SECONDS} s…`)
  const cpuBefore = cpuMillis(serverPid)
  const xidBefore = await nextTransactionId()
  const result = await load(spec, SECONDS)
  const writes = (await nextTransactionId()) - xidBefore
  return {
    ...result,
    cpuMicros: ((cpuMillis(serverPid) - cpuBefore) * 1000) / result.total,
    requestsPerWrite: writes > 0 ? result.total / writes : null,
  }
}

/** The next transaction id of the cluster (read without taking one). */
async function nextTransactionId() {
  const { rows } = await client.query(
    'SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint AS xid'
  )
  return Number(rows[0].xid)
}

const median = <T>(values: T[], by: (value: T) => number) =>
  [...values].sort((a, b) => by(a) - by(b))[Math.floor(values.length / 2)]

try {
  // A flag with a targeted 50 % rollout. Flags have no API: inserted before the experiment,
  // whose creation tells the server that the configuration changed.
  await client.query(
    `INSERT INTO feature_flags (key, name, type, enabled, default_value, rules, unit, created_at, updated_at)
     VALUES ('bench_flag', 'Bench flag', 'boolean', true, 'false',
             '[{"targeting":{"attribute":"plan","op":"eq","value":"pro"},"rollout":50,"value":true}]', 'user', now(), now())`
  )

  // Single track calls need assigned subjects: those the wrk script will name (load.ts).
  const experimentId = await runningExperimentWithSubjects(app, client, {
    key: 'bench-http',
    name: 'Bench HTTP',
    subjectPrefixes: ['track-1-', 'track-2-'],
    subjects: TRACKED_SUBJECTS,
  })
  const json = { 'content-type': 'application/json', 'authorization': `Bearer ${app.token}` }
  const post = (path: string, bodyTemplate: string) => ({
    url: `${app.url}${path}`,
    method: 'POST' as const,
    headers: json,
    bodyTemplate,
  })

  const bareNode = await measure('bare Node http', { url: bare.url }, bare.pid)
  // The machine is shared (other processes come and go): each route is measured in rounds,
  // each right after the AdonisJS yardstick; the table shows the round of median ratio.
  const routes: Route[] = []
  const route = async (name: string, spec: Spec, target: Route['target']) => {
    const rounds: { adonisJs: Measured; result: Measured }[] = []
    for (let round = 0; round < ROUNDS; round++) {
      const adonisJs = await measure('minimal AdonisJS', { url: adonis.url }, adonis.pid)
      rounds.push({ adonisJs, result: await measure(name, spec, app.pid) })
    }
    const ratioOf = (r: (typeof rounds)[number]) =>
      r.result.requestsPerSecond / r.adonisJs.requestsPerSecond
    routes.push({
      name,
      ...median(rounds, ratioOf),
      target,
      rounds: rounds.map(ratioOf),
      answered: rounds.reduce((sum, r) => sum + r.result.total, 0),
    })
  }
  await route('GET /health/live', { url: `${app.url}/health/live` }, { ofAdonis: 0.8 })
  await route(
    'POST /ofrep/v1/evaluate/flags/:key',
    post(
      '/ofrep/v1/evaluate/flags/bench_flag',
      '{"context":{"targetingKey":"user-%N%","plan":"pro"}}'
    ),
    { ofAdonis: 0.5 }
  )
  await route(
    'POST /api/experiments/feature-flag',
    post(
      '/api/experiments/feature-flag',
      '{"flagKey":"bench_flag","userContext":{"userId":"user-%N%","plan":"pro"}}'
    ),
    { ofAdonis: 0.5 }
  )
  await route(
    'POST /api/experiments/assignments (new subject)',
    post(
      '/api/experiments/assignments',
      '{"userContext":{"userId":"bench-%RUN%-%N%","plan":"pro"}}'
    ),
    { ofAdonis: 0.15, perSecond: 5000 }
  )
  await route(
    'POST /api/experiments/track (one event)',
    post(
      '/api/experiments/track',
      `{"experimentId":${experimentId},"eventType":"signup","userContext":{"userId":"track-%N%"}}`
    ),
    { ofAdonis: 0, perSecond: 5000 }
  )
  const { rows } = await client.query(
    `SELECT (SELECT count(*)::int FROM experiment_assignments WHERE subject_id LIKE 'bench-%') AS assigned,
            (SELECT count(*)::int FROM experiment_events WHERE event_name = 'signup') AS tracked`
  )

  console.log(`\nbench:http, ${new Date().toISOString()}, ${SECONDS} s per route`)
  const row = (result: Measured) => ({
    'req/s': result.requestsPerSecond,
    'p50 ms': result.p50Ms,
    'p95 ms': result.p95Ms,
    'p99 ms': result.p99Ms,
    'errors': result.errors,
    'CPU µs/req': Math.round(result.cpuMicros),
    'req/commit': result.requestsPerWrite === null ? '' : result.requestsPerWrite.toFixed(1),
  })
  const ratio = (result: LoadResult, of: LoadResult) =>
    +(result.requestsPerSecond / of.requestsPerSecond).toFixed(2)
  // CPU time per request: what a route costs the server process, whatever else ran.
  const cpuRatio = (result: Measured, of: Measured) => +(of.cpuMicros / result.cpuMicros).toFixed(2)
  const table: Record<string, object> = { 'bare Node http (yardstick)': row(bareNode) }
  for (const { name, adonisJs, result, target, rounds } of routes) {
    const ofAdonis = ratio(result, adonisJs)
    const byCpu = cpuRatio(result, adonisJs)
    const fast = target.perSecond === undefined || result.requestsPerSecond >= target.perSecond
    const verdict = (r: number) =>
      r >= target.ofAdonis && fast && result.errors === 0 ? 'yes' : 'NO'
    table[name] = {
      ...row(result),
      'AdonisJS req/s': adonisJs.requestsPerSecond,
      'AdonisJS CPU µs/req': Math.round(adonisJs.cpuMicros),
      '× bare': ratio(result, bareNode),
      '× AdonisJS': ofAdonis,
      'rounds': rounds.map((r) => r.toFixed(2)).join(' '),
      '× AdonisJS by CPU': byCpu,
      'target': [
        target.ofAdonis ? `≥ ${target.ofAdonis}×` : '',
        target.perSecond ? `≥ ${target.perSecond}/s` : '',
      ]
        .filter(Boolean)
        .join(', '),
      'met (req/s, CPU)': `${verdict(ofAdonis)}, ${verdict(byCpu)}`,
    }
  }
  const adonisRuns = routes.map((r) => r.adonisJs.requestsPerSecond)
  console.log(
    `minimal AdonisJS: ${Math.min(...adonisRuns)}–${Math.max(...adonisRuns)} req/s over the run ` +
      `(${(Math.min(...adonisRuns) / bareNode.requestsPerSecond).toFixed(2)}–` +
      `${(Math.max(...adonisRuns) / bareNode.requestsPerSecond).toFixed(2)}× bare Node)`
  )
  console.table(table)
  const answered = (name: string) => routes.find((r) => r.name.includes(name))!.answered
  console.log(
    `stored: ${rows[0].assigned} new-subject assignments (${answered('assignments')} answered in ` +
      `the measured runs, plus the warm-ups), ${rows[0].tracked} tracked events ` +
      `(${answered('track')} answered, plus the warm-ups)`
  )

  console.log('\ntrack/batch against COPY (target: ≥ 50 %)')
  await trackBatchVersusCopy(app, BATCHES)

  console.log(`\nmachine after the run: ${JSON.stringify(machine())}`)
  console.log(`busy processes after the run (this run's servers included): ${busyProcesses()}`)
} finally {
  await client.end()
  await Promise.all([bare.stop(), adonis.stop()])
  await app.stop()
}
