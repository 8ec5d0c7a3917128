/**
 * The API routes against two yardsticks measured in the same run: a bare Node `http`
 * server and a minimal AdonisJS v7 app (one JSON route). Builds the product, starts the
 * three, loads each with wrk (one thread pinned to CPU 0 when taskset exists; autocannon
 * when wrk is missing) and prints req/s, p50/p95/p99, each product route as a ratio of
 * both yardsticks with its target, the machine and how busy it was.
 * Usage: npm run bench:http -- [seconds per route, default 10] [track/batch batches, default 200]
 * Ports: BENCH_HTTP_PORT (default 3440) and the next two. BENCH_CPU_PROF=<dir> writes the
 * product server's CPU profile there (node --cpu-prof) when it stops.
 */
import pg from 'pg'
import { cpus, availableParallelism, loadavg } from 'node:os'
import { execFileSync } from 'node:child_process'
import { api, startBenchApp } from './support/bench_app.js'
import { hasWrk, runLoad, type LoadResult, type LoadSpec } from './support/load.js'
import { startBareNode, startMinimalAdonis } from './support/yardsticks.js'
import { trackBatchVersusCopy } from './support/track_vs_copy.js'

const SECONDS = Number(process.argv[2] ?? 10)
const BATCHES = Number(process.argv[3] ?? 200)
const CONNECTIONS = 50
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

const profileDir = process.env.BENCH_CPU_PROF
const app = await startBenchApp({
  port: BASE_PORT,
  nodeFlags: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
})
const bare = await startBareNode(BASE_PORT + 1)
const adonis = await startMinimalAdonis(BASE_PORT + 2)
const client = new pg.Client({ connectionString: app.databaseUrl })
await client.connect()

type Spec = Omit<LoadSpec, 'seconds' | 'connections'>
interface Route {
  name: string
  result: LoadResult
  /** The minimal AdonisJS app, measured right before. */
  adonisJs: LoadResult
  target: { ofAdonis: number; perSecond?: number }
}

async function measure(name: string, spec: Spec) {
  const load = { ...spec, connections: CONNECTIONS, pinToCore: 0 }
  await runLoad({ ...load, seconds: 2 })
  console.log(`  ${name}: ${CONNECTIONS} connections, ${SECONDS} s…`)
  return runLoad({ ...load, seconds: SECONDS })
}

try {
  // A flag with a targeted 50 % rollout. Flags have no API: inserted before the experiment,
  // whose creation tells the server that the configuration changed.
  await client.query(
    `INSERT INTO feature_flags (key, name, type, enabled, default_value, rules, unit, created_at, updated_at)
     VALUES ('bench_flag', 'Bench flag', 'boolean', true, 'false',
             '[{"targeting":{"attribute":"plan","op":"eq","value":"pro"},"rollout":50,"value":true}]', 'user', now(), now())`
  )

  const created = (await api(app, '/api/experiments', {
    key: 'bench-http',
    name: 'Bench HTTP',
    variants: [
      { id: 'control', name: 'Control', trafficAllocation: 0.5 },
      { id: 'treatment', name: 'Treatment', trafficAllocation: 0.5 },
    ],
    primaryMetric: 'signup',
  })) as { data: { id: number; variants: { variantId: number }[] } }
  const experimentId = created.data.id
  await api(app, `/api/experiments/${experimentId}/start`, {})
  const [variantA, variantB] = created.data.variants.map((v) => v.variantId)
  // Single track calls need assigned subjects: those the wrk script will name (load.ts).
  await client.query(
    `INSERT INTO experiment_assignments (experiment_id, variant_id, subject_id, how)
     SELECT $1, CASE WHEN i % 2 = 0 THEN $2::int ELSE $3::int END, 'track-' || t || '-' || i, 'deterministic'
       FROM generate_series(1, 2) AS t, generate_series(1, $4) AS i`,
    [experimentId, variantA, variantB, TRACKED_SUBJECTS]
  )
  const json = { 'content-type': 'application/json', 'authorization': `Bearer ${app.token}` }
  const post = (path: string, bodyTemplate: string) => ({
    url: `${app.url}${path}`,
    method: 'POST' as const,
    headers: json,
    bodyTemplate,
  })

  const bareNode = await measure('bare Node http', { url: bare.url })
  // The machine is shared: the AdonisJS yardstick is measured right before each route, and
  // each route's ratio is to that measurement.
  const routes: Route[] = []
  const route = async (name: string, spec: Spec, target: Route['target']) => {
    const adonisJs = await measure('minimal AdonisJS', { url: adonis.url })
    routes.push({ name, adonisJs, result: await measure(name, spec), target })
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
    post('/api/experiments/assignments', '{"userContext":{"userId":"bench-%N%","plan":"pro"}}'),
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
  const row = (result: LoadResult) => ({
    'req/s': result.requestsPerSecond,
    'p50 ms': result.p50Ms,
    'p95 ms': result.p95Ms,
    'p99 ms': result.p99Ms,
    'errors': result.errors,
  })
  const ratio = (result: LoadResult, of: LoadResult) =>
    +(result.requestsPerSecond / of.requestsPerSecond).toFixed(2)
  const table: Record<string, object> = { 'bare Node http (yardstick)': row(bareNode) }
  for (const { name, adonisJs, result, target } of routes) {
    const ofAdonis = ratio(result, adonisJs)
    const met =
      ofAdonis >= target.ofAdonis &&
      (target.perSecond === undefined || result.requestsPerSecond >= target.perSecond) &&
      result.errors === 0
    table[name] = {
      ...row(result),
      'AdonisJS req/s': adonisJs.requestsPerSecond,
      '× bare': ratio(result, bareNode),
      '× AdonisJS': ofAdonis,
      'target': [
        target.ofAdonis ? `≥ ${target.ofAdonis}×` : '',
        target.perSecond ? `≥ ${target.perSecond}/s` : '',
      ]
        .filter(Boolean)
        .join(', '),
      'met': met ? 'yes' : 'NO',
    }
  }
  const adonisRuns = routes.map((r) => r.adonisJs.requestsPerSecond)
  console.log(
    `minimal AdonisJS: ${Math.min(...adonisRuns)}–${Math.max(...adonisRuns)} req/s over the run ` +
      `(${(Math.min(...adonisRuns) / bareNode.requestsPerSecond).toFixed(2)}–` +
      `${(Math.max(...adonisRuns) / bareNode.requestsPerSecond).toFixed(2)}× bare Node)`
  )
  console.table(table)
  const answered = (name: string) => routes.find((r) => r.name.includes(name))!.result.total
  console.log(
    `stored: ${rows[0].assigned} new-subject assignments (${answered('assignments')} answered in ` +
      `the measured run, plus the warm-up), ${rows[0].tracked} tracked events ` +
      `(${answered('track')} answered, plus the warm-up)`
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
