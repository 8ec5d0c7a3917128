/**
 * Results at scale: one experiment with 1,000,000 exposed subjects and 10,000,000 events.
 *  1. full recompute (`node ace experiments:recompute KEY --full`, as cron runs it) against
 *     the plain SQL aggregate of the same events, in the same run;
 *  2. the same with CUPED on every metric and a ratio metric added (metric library kinds),
 *     against 1;
 *  3. incremental recompute (with those metrics) after 100,000 new events, in the command
 *     and in the server (whose fold connections stay open between rounds);
 *  4. the results page and its partial at 20 concurrent viewers (they read snapshots).
 * Usage: npm run bench:recompute -- [subjects, default 1000000] [events, default 10000000]
 * Takes a few minutes (most of it generating the data); stops by itself.
 */
import { execFile } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import pg from 'pg'
import { api, startBenchApp } from './support/bench_app.js'
import { runLoad } from './support/load.js'

const SUBJECTS = Number(process.argv[2] ?? 1_000_000)
const EVENTS = Number(process.argv[3] ?? 10_000_000)
const NEW_EVENTS = 100_000
const ROOT = new URL('../', import.meta.url).pathname

// As root, the benchmark, its database and the recompute commands run at nice -10 (as
// bench:http): on a machine shared with other work, the timings then measure the recompute
// more than the scheduler. The load average is printed with the results either way.
const priority = process.getuid?.() === 0 ? -10 : undefined
console.log(`priority of the measured processes: nice ${priority ?? 0}; load ${loadavg()[0]}`)
const app = await startBenchApp({ priority })
const client = new pg.Client({ connectionString: app.databaseUrl })
await client.connect()

function recompute(key: string, full: boolean) {
  return new Promise<{ ms: number; line: string; settleMs: number }>((resolve, reject) => {
    const started = performance.now()
    execFile(
      process.execPath,
      ['ace.js', 'experiments:recompute', key, ...(full ? ['--full'] : [])],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          NODE_ENV: 'production',
          FORCE_COLOR: '0',
          DATABASE_URL: app.databaseUrl,
          APP_KEY: 'bench-key-bench-key-bench-key-32chars',
          HOST: '127.0.0.1',
          PORT: '1',
          APP_URL: 'http://127.0.0.1',
          LOG_LEVEL: 'warn',
          SESSION_DRIVER: 'database',
          LIMITER_STORE: 'memory',
        },
        maxBuffer: 1 << 20,
      },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(stdout + stderr))
        const line = stdout.split('\n').find((l) => l.includes(`${key}:`))
        if (!line) return reject(new Error(`unexpected output: ${stdout}`))
        // A full run ends by vacuuming the rebuilt tables: part of its cost.
        const settled = stdout.match(/rebuilt statistics in (\d+) ms/)
        resolve({
          ms: performance.now() - started,
          line: line.trim(),
          settleMs: settled ? Number(settled[1]) : 0,
        })
      }
    )
  })
}

const seconds = (ms: number) => +(ms / 1000).toFixed(2)

/**
 * CPU time (ms) that the database's ended processes used: PostgreSQL adds a backend's CPU
 * to the postmaster's children's times when the backend exits (a command's connections end
 * with it). Unlike wall time, it hardly depends on how busy the machine is. With `live`,
 * plus what its running processes (the server's open connections among them) used so far.
 */
function databaseCpuMs(live = false) {
  const postmaster = readFileSync(`${ROOT}tmp/pg/postmaster.pid`, 'utf8').split('\n')[0]
  const stat = (pid: string) => readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
  // Counted from the state as field 3: ppid 4, utime 14, stime 15, cutime 16, cstime 17; in ticks of 10 ms.
  const fields = stat(postmaster)
  let ticks = Number(fields[13]) + Number(fields[14])
  if (live) {
    for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
      const child = (() => {
        try {
          return stat(pid)
        } catch {
          return null // ended meanwhile
        }
      })()
      if (child?.[1] === postmaster) ticks += Number(child[11]) + Number(child[12])
    }
  }
  return ticks * 10
}

/** A recompute and the database CPU of its connections (they end with the command). */
async function recomputeWithCpu(key: string, full: boolean) {
  const before = databaseCpuMs()
  const run = await recompute(key, full)
  await new Promise((resolve) => setTimeout(resolve, 500))
  return { ...run, databaseCpuMs: databaseCpuMs() - before }
}

/** The same metrics with a 14-day CUPED covariate each, and revenue per page view. */
const WITH_CUPED_AND_RATIO = {
  primaryMetric: { event: 'purchase', kind: 'conversion', cupedDays: 14 },
  secondaryMetrics: [
    { event: 'purchase', kind: 'sum', name: 'Revenue', cupedDays: 14 },
    { event: 'page_view', kind: 'count', cupedDays: 14 },
    {
      event: 'purchase',
      kind: 'ratio',
      name: 'Revenue per page view',
      denominatorEvent: 'page_view',
    },
  ],
}

try {
  const created = (await api(app, '/api/experiments', {
    key: 'bench-results',
    name: 'Bench results',
    variants: [
      { id: 'control', name: 'Control', trafficAllocation: 0.5 },
      { id: 'treatment', name: 'Treatment', trafficAllocation: 0.5 },
    ],
    primaryMetric: 'purchase',
    secondaryMetrics: [
      { event: 'purchase', kind: 'sum', name: 'Revenue' },
      { event: 'page_view', kind: 'count' },
    ],
    minimumSampleSize: 100_000,
  })) as { data: { id: number; variants: { variantId: number }[] } }
  const id = created.data.id
  await api(app, `/api/experiments/${id}/start`, {})
  const [a, b] = created.data.variants.map((v) => v.variantId)

  console.log(`  generating ${SUBJECTS.toLocaleString()} exposed subjects…`)
  let t = performance.now()
  await client.query(
    `INSERT INTO experiment_assignments (experiment_id, variant_id, subject_id, bucket, how, assigned_at, first_exposed_at)
     SELECT $1, CASE WHEN i % 2 = 0 THEN $2::int ELSE $3::int END, 'u' || i, (i % 1000) / 1000.0, 'deterministic',
            now() - interval '30 days' + (i % 28) * interval '1 day',
            now() - interval '30 days' + (i % 28) * interval '1 day' + interval '1 minute'
       FROM generate_series(1, $4) AS i`,
    [id, a, b, SUBJECTS]
  )
  console.log(`    ${seconds(performance.now() - t)} s`)

  console.log(`  generating ${EVENTS.toLocaleString()} events…`)
  t = performance.now()
  const CHUNK = 2_000_000
  // Purchases are every 11th event: an odd modulus, so that they fall on subjects
  // (1 + i·7919 mod SUBJECTS) of both parities, i.e. in both arms (every 10th event only
  // ever fell on odd subjects, so the control arm never converted). Treatment converts
  // twice as often (s % 7 < 1 + s % 2).
  for (let from = 1; from <= EVENTS; from += CHUNK) {
    await client.query(
      `INSERT INTO experiment_events (experiment_id, variant_id, subject_id, event_name, value, occurred_at, received_at)
       SELECT $1, CASE WHEN s % 2 = 0 THEN $2::int ELSE $3::int END, 'u' || s,
              CASE WHEN i % 11 = 0 AND (s % 7 < 1 + (s % 2)) THEN 'purchase' ELSE 'page_view' END,
              CASE WHEN i % 11 = 0 THEN 10 + (i % 90) ELSE NULL END,
              now() - interval '30 days' + (s % 28) * interval '1 day' + (i % 2880) * interval '1 minute',
              now() - interval '1 hour'
         FROM (SELECT i, 1 + (i * 7919) % $4 AS s FROM generate_series($5::bigint, $6::bigint) AS i) AS g`,
      [id, a, b, SUBJECTS, from, Math.min(EVENTS, from + CHUNK - 1)]
    )
  }
  console.log(`    ${seconds(performance.now() - t)} s; analyzing…`)
  await client.query('ANALYZE experiment_events; ANALYZE experiment_assignments')

  console.log('  plain SQL aggregate over the same events…')
  t = performance.now()
  await client.query(
    `SELECT a.variant_id, e.event_name, count(DISTINCT e.subject_id), count(*), sum(e.value)
       FROM experiment_events e
       JOIN experiment_assignments a ON a.experiment_id = e.experiment_id AND a.subject_id = e.subject_id
      WHERE e.experiment_id = $1 AND a.first_exposed_at IS NOT NULL AND e.occurred_at >= a.first_exposed_at
      GROUP BY 1, 2`,
    [id]
  )
  const plainMs = performance.now() - t

  console.log('  full recompute (node ace experiments:recompute --full)…')
  const full = await recompute('bench-results', true)
  console.log(`    ${full.line}`)
  console.log(`    then VACUUM (ANALYZE) of the rebuilt tables: ${full.settleMs} ms`)

  console.log('  CUPED on every metric and a ratio metric, full recompute again…')
  await api(app, `/api/experiments/${id}`, WITH_CUPED_AND_RATIO, 'PATCH')
  const cuped = await recompute('bench-results', true)
  console.log(`    ${cuped.line}`)

  /**
   * NEW_EVENTS new events (batch k: of other subjects than the batches before), received
   * after the last run and just settled (10 s): an incremental fold reads only the
   * partitions received since the previous run, as real arrivals are.
   */
  const addNewEvents = (batch: number) =>
    client.query(
      `INSERT INTO experiment_events (experiment_id, variant_id, subject_id, event_name, value, occurred_at, received_at)
       SELECT $1, CASE WHEN s % 2 = 0 THEN $2::int ELSE $3::int END, 'u' || s,
              CASE WHEN i % 11 = 0 THEN 'purchase' ELSE 'page_view' END, CASE WHEN i % 11 = 0 THEN 25 ELSE NULL END,
              now() - interval '2 hours', now() - interval '11 seconds'
         FROM (SELECT i, 1 + (i * 104729) % $4 AS s FROM generate_series($5::bigint, $6::bigint) AS i) AS g`,
      [id, a, b, SUBJECTS, batch * NEW_EVENTS + 1, (batch + 1) * NEW_EVENTS]
    )
  const assertFolded = (folded: number) => {
    if (folded < NEW_EVENTS)
      throw new Error(`the incremental run folded ${folded} of ${NEW_EVENTS} new events`)
  }

  console.log(`  ${NEW_EVENTS.toLocaleString()} new events, then an incremental recompute…`)
  await addNewEvents(0)
  const incremental = await recomputeWithCpu('bench-results', false)
  console.log(`    ${incremental.line}`)
  assertFolded(Number(incremental.line.match(/(\d+) events folded/)?.[1] ?? 0))
  console.log(`    database CPU of the command's connections: ${incremental.databaseCpuMs} ms`)

  // The web process's path (results timer, POST …/recompute): its batch pool keeps the
  // fold's connections from one round to the next (config/database.ts), so they have the
  // statistics' pages mapped already. The first call opens them; the second, a timer
  // interval (60 s) later, is measured.
  console.log('  the same twice in the server (POST /api/experiments/:id/recompute), 60 s apart…')
  let server = { ms: 0, cpuMs: 0 }
  let opened = 0
  for (const batch of [1, 2]) {
    await addNewEvents(batch)
    if (opened) await new Promise((resolve) => setTimeout(resolve, opened + 60_000 - Date.now()))
    const cpuBefore = databaseCpuMs(true)
    const { data } = (await api(app, `/api/experiments/${id}/recompute`, {})) as {
      data: { recompute: { durationMs: number; eventsFolded: number } }
    }
    assertFolded(data.recompute.eventsFolded)
    server = { ms: data.recompute.durationMs, cpuMs: databaseCpuMs(true) - cpuBefore }
    opened = Date.now()
    console.log(
      `    ${batch === 1 ? 'opening' : 'measured'}: ${data.recompute.eventsFolded} events folded in ${server.ms} ms, database CPU ${server.cpuMs} ms`
    )
  }

  // Pages: sign in, then 20 concurrent viewers on the page and on its partial.
  const loginPage = await fetch(`${app.url}/login`)
  const cookies = loginPage.headers.getSetCookie().map((c) => c.split(';')[0])
  const loginHtml = await loginPage.text()
  const csrf = loginHtml.match(/name='_csrf' value='([^']+)'/)![1]
  const signedIn = await fetch(`${app.url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'cookie': cookies.join('; ') },
    body: new URLSearchParams({
      _csrf: csrf,
      email: 'bench@example.com',
      password: 'bench-password-1',
    }),
  })
  const session = signedIn.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
  const viewers = { connections: 20, seconds: 10, headers: { cookie: session } }
  // Untimed first (3 s each), so the JIT has compiled the pages' code before they are measured.
  for (const path of ['', '/panel']) {
    await runLoad({ url: `${app.url}/experiments/results/${id}${path}`, ...viewers, seconds: 3 })
  }
  const page = await runLoad({ url: `${app.url}/experiments/results/${id}`, ...viewers })
  const panel = await runLoad({ url: `${app.url}/experiments/results/${id}/panel`, ...viewers })

  const parse = (line: string) => Number(line.match(/in (\d+) ms/)?.[1] ?? Number.NaN)
  const fullMs = parse(full.line) + full.settleMs
  const cupedMs = parse(cuped.line) + cuped.settleMs
  console.table({
    'plain SQL aggregate': { seconds: seconds(plainMs) },
    'full recompute (in the command, with its VACUUM)': {
      seconds: seconds(fullMs),
      ratioToPlainSql: +(fullMs / plainMs).toFixed(2),
    },
    'full recompute, CUPED and ratio metrics': {
      seconds: seconds(cupedMs),
      ratioToPlainSql: +(cupedMs / plainMs).toFixed(2),
      ratioToFull: +(cupedMs / fullMs).toFixed(2),
    },
    'full recompute (whole command, incl. boot)': { seconds: seconds(full.ms) },
    'incremental after 100k events, CUPED and ratio (in the command)': {
      seconds: seconds(parse(incremental.line)),
    },
    'the same: database CPU (both parts)': { seconds: seconds(incremental.databaseCpuMs) },
    'the same in the server, its fold connections open (in the recompute)': {
      seconds: seconds(server.ms),
    },
    'the same in the server: database CPU': { seconds: seconds(server.cpuMs) },
  })
  console.table({ 'results page': page, 'results partial': panel })
  console.log(
    `load average at the end: ${loadavg()
      .map((n) => n.toFixed(1))
      .join(', ')}`
  )
} finally {
  await client.end()
  await app.stop()
}
