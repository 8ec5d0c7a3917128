/**
 * The K-factor dashboard at scale: 1,000,000 referral links over 90 days (five loops,
 * 150,000 referrers, realistic funnels and log-normal cycle times) and their growth subjects,
 * then 20 concurrent admins on the dashboard page and on each of its partials.
 *  1. The data is generated set-based in its own database (app_bench, migrated from scratch)
 *     with the rollup triggers off, then the rollups are built once by
 *     growth_rollups_rebuild() (the function the triggers keep in step incrementally).
 *  2. "Cold": each route for a period not cached yet (custom periods of the same length,
 *     shifted back by up to 20 days), so the time includes reading the rollups of 1,000,000
 *     links and rendering the sections.
 *  3. Load: 20 connections for N seconds per route, the paths cycling through the 7, 14,
 *     30 and 90-day periods, all loops and one loop; each run starts right after new data.
 *  4. The same page load while referral links are created through the API in the
 *     background (new data recomputes the sections in use, at most once a second).
 * Usage: npm run bench:growth -- [seconds per run, default 10] [--links=N]
 * About four minutes; stops by itself. Loopback only.
 */
import pg from 'pg'
import { startBenchApp, api } from './support/bench_app.js'
import { hasWrk, runLoad } from './support/load.js'
import { signIn } from './support/sign_in.js'

const args = process.argv.slice(2)
const LINKS = Number(args.find((arg) => arg.startsWith('--links='))?.slice(8) ?? 1_000_000)
const SECONDS = Number(args.find((arg) => /^\d+$/.test(arg)) ?? 10)
const REFERRERS = Math.max(100, Math.round(LINKS * 0.15))
const CONNECTIONS = 20
const TARGET_P95_MS = 100
const CHUNK = 250_000

/** key, share of links, click rate, sign-up rate of clicks, missing clicks, first value, median cycle hours */
const LOOPS: [string, number, number, number, number, number, number][] = [
  ['buddy_challenge', 0.3, 0.62, 0.48, 0.05, 0.72, 20],
  ['results_rally', 0.25, 0.4, 0.42, 0.04, 0.6, 36],
  ['proud_parent', 0.15, 0.66, 0.55, 0.08, 0.78, 70],
  ['study_streak', 0.2, 0.3, 0.3, 0.03, 0.5, 12],
  ['tutor_spotlight', 0.1, 0.5, 0.45, 0.06, 0.66, 48],
]

const count = (n: number) => Math.round(n).toLocaleString('en-US')
const seconds = (ms: number) => (ms / 1000).toFixed(1)

const app = await startBenchApp()
const client = new pg.Client({ connectionString: app.databaseUrl })
await client.connect()
let writer: { stop(): Promise<number> } | null = null

try {
  const started = performance.now()
  console.log(`  generating ${count(LINKS)} referral links from ${count(REFERRERS)} referrers…`)
  await client.query('SET session_replication_role = replica')
  await client.query('SET synchronous_commit = off')
  const loops = `(VALUES ${LOOPS.map(
    ([key, share, click, signup, missing, value, hours], i) =>
      `(${i}, '${key}', ${LOOPS.slice(0, i).reduce((sum, loop) => sum + loop[1], 0)}, ${share}, ${click}, ${signup}, ${missing}, ${value}, ${hours})`
  ).join(', ')})`
  for (let from = 1; from <= LINKS; from += CHUNK) {
    const to = Math.min(LINKS, from + CHUNK - 1)
    // Per link: a skewed referrer (a few very active ones), a loop by share, a sent time
    // that grows denser towards today, then the funnel with log-normal delays; nothing
    // after now(), so recent invites are still converting.
    await client.query(
      `INSERT INTO referral_links (token, referrer_id, source_loop, sent_at, clicked_at,
                                   signed_up_at, invitee_id, first_value_at)
       SELECT 'b' || i, 'u' || referrer, key, sent,
              CASE WHEN clicked AND (NOT converted OR NOT missing_click)
                   THEN least(sent + (signup_at - sent) * 0.3, now() - interval '1 second') END,
              CASE WHEN converted THEN signup_at END,
              CASE WHEN converted THEN 'i' || i END,
              CASE WHEN converted AND reached_value AND signup_at + interval '6 hours' < now()
                   THEN signup_at + interval '6 hours' END
         FROM (SELECT i, referrer, key, sent, missing_click, reached_value,
                      clicked AND signs_up AND signup_at < now() AS converted, clicked, signup_at
                 FROM (SELECT i, floor(${REFERRERS} * random() ^ 2.5)::int AS referrer, l.key, sent,
                              random() < l.click AS clicked, random() < l.signup AS signs_up,
                              random() < l.missing AS missing_click, random() < l.value AS reached_value,
                              sent + make_interval(secs => 3600 * l.hours
                                * exp(0.9 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()))) AS signup_at
                         FROM (SELECT i, random() AS pick,
                                      now() - interval '90 days' * (1 - sqrt(random())) AS sent
                                 FROM generate_series($1::int, $2::int) AS i) AS g
                         JOIN ${loops} AS l(n, key, from_share, share, click, signup, missing, value, hours)
                           ON g.pick >= l.from_share AND g.pick < l.from_share + l.share) AS d) AS f`,
      [from, to]
    )
    process.stdout.write(`    ${count(to)} links\r`)
  }
  console.log(`\n  growth subjects (referrers and converted invitees)…`)
  await client.query(
    `INSERT INTO growth_subjects (subject_id, signed_up_at)
     SELECT 'u' || n, now() - interval '90 days' - random() * interval '120 days'
       FROM generate_series(0, ${REFERRERS}) AS n`
  )
  await client.query(
    `INSERT INTO growth_subjects (subject_id, signed_up_at, referred_by, referral_link_id)
     SELECT invitee_id, signed_up_at, referrer_id, id FROM referral_links WHERE invitee_id IS NOT NULL`
  )
  console.log('  building the rollups (growth_rollups_rebuild)…')
  let t = performance.now()
  await client.query('SELECT growth_rollups_rebuild()')
  const rebuildMs = performance.now() - t
  await client.query('SET session_replication_role = origin')
  await client.query('ANALYZE')
  const { rows: sizes } = await client.query(
    `SELECT (SELECT count(*) FROM referral_links)::int AS links,
            (SELECT count(signed_up_at) FROM referral_links)::int AS conversions,
            (SELECT count(*) FROM growth_subjects)::int AS subjects,
            (SELECT count(*) FROM referral_daily)::int AS daily,
            (SELECT count(*) FROM referral_cycle_hours)::int AS cycle_hours,
            (SELECT count(*) FROM referral_referrer_days)::int AS referrer_days,
            (SELECT count(*) FROM referral_active_spans)::int AS spans,
            (SELECT count(*) FROM growth_cohort_days)::int AS cohort_days`
  )
  const size = sizes[0]
  console.log(
    `    ${count(size.links)} links (${count(size.conversions)} converted), ${count(size.subjects)} growth subjects; ` +
      `rollup rows: daily ${count(size.daily)}, cycle hours ${count(size.cycle_hours)}, ` +
      `referrer days ${count(size.referrer_days)}, active spans ${count(size.spans)}, cohort days ${count(size.cohort_days)}; ` +
      `rebuild ${seconds(rebuildMs)} s; data ready after ${seconds(performance.now() - started)} s`
  )

  const cookie = await signIn(
    app.url,
    'bench@example.com',
    'bench-password-1',
    '/dashboard/k-factor'
  )
  const get = async (path: string) => {
    const response = await fetch(app.url + path, { headers: { cookie }, redirect: 'manual' })
    const text = await response.text()
    if (response.status !== 200) throw new Error(`GET ${path}: ${response.status}`)
    if (text.includes('NaN')) throw new Error(`GET ${path}: NaN in the page`)
    return text
  }
  let linkNumber = 0
  const track = () =>
    api(app, '/api/growth/links', {
      referrerId: `u${linkNumber % REFERRERS}`,
      loop: LOOPS[linkNumber++ % LOOPS.length][0],
    })

  const filters = ['7', '14', '30', '90'].flatMap((period) => [
    `period=${period}`,
    `period=${period}&loop=buddy_challenge`,
  ])
  const routes = [
    { name: 'page `/dashboard/k-factor`', path: '/dashboard/k-factor' },
    ...['summary', 'timeline', 'loops', 'funnel', 'referrers', 'cohorts'].map((section) => ({
      name: `partial \`${section}\``,
      path: `/dashboard/k-factor/sections/${section}`,
    })),
  ]

  // Tracking writes keep the rollups in the same transaction: their cost at this size.
  const timed = async (call: () => Promise<unknown>) => {
    const samples: number[] = []
    for (let n = 0; n < 100; n++) {
      const begin = performance.now()
      await call()
      samples.push(performance.now() - begin)
    }
    samples.sort((a, b) => a - b)
    return `median ${samples[50].toFixed(1)} ms, p95 ${samples[95].toFixed(1)} ms`
  }
  const tokens: string[] = []
  const created = await timed(async () => {
    const { data } = (await track()) as { data: { token: string } }
    tokens.push(data.token)
  })
  const signedUp = await timed(() =>
    api(app, `/api/growth/links/${tokens.pop()}/signup`, {
      inviteeId: `bench-invitee-${tokens.length}`,
    })
  )
  console.log(`\n| Tracking call, one at a time (100 each) | latency |`)
  console.log('| --- | --- |')
  console.log(`| \`POST /api/growth/links\` | ${created} |`)
  console.log(`| \`POST /api/growth/links/:token/signup\` | ${signedUp} |`)

  // Cold: a period nobody asked for yet, so the sections are computed for this request:
  // custom periods of the same length, shifted back by one more day for each route and
  // sample (at most 20 days).
  const day = (offset: number) =>
    new Date(Date.now() - offset * 86_400_000).toISOString().slice(0, 10)
  const uncached = (days: number, loop: string, shift: number) =>
    `period=custom&from=${day(days - 1 + shift)}&to=${day(shift)}${loop ? `&loop=${loop}` : ''}`
  const combos = [
    [90, ''],
    [7, ''],
    [90, 'buddy_challenge'],
  ] as const
  console.log(
    `\n| Route, cold (period not cached), one at a time | 90 days, all loops | 7 days, all loops | 90 days, one loop |`
  )
  console.log('| --- | --- | --- | --- |')
  for (const [r, route] of routes.entries()) {
    const times: string[] = []
    for (const [days, loop] of combos) {
      const samples: number[] = []
      for (let n = 0; n < 3; n++) {
        const begin = performance.now()
        await get(`${route.path}?${uncached(days, loop, r * 3 + n)}`)
        samples.push(performance.now() - begin)
      }
      times.push(`${samples.sort((a, b) => a - b)[1].toFixed(1)} ms`)
    }
    console.log(`| ${route.name} | ${times.join(' | ')} |`)
  }
  console.log(
    '(median of 3 requests; custom periods shifted back by up to 20 days so nothing is cached)'
  )

  // New data: the sections in use are recomputed in the background (within a second).
  const invalidate = async () => {
    await track()
    await new Promise((resolve) => setTimeout(resolve, 1300))
  }
  // Each run starts right after new data (its sections are being recomputed).
  const load = async (name: string, path: string) => {
    await invalidate()
    const result = await runLoad({
      url: app.url,
      paths: filters.map((query) => `${path}?${query}`),
      seconds: SECONDS,
      connections: CONNECTIONS,
      headers: { cookie },
    })
    const met = result.p95Ms <= TARGET_P95_MS ? '✓' : '✗'
    console.log(
      `| ${name} | ${count(result.requestsPerSecond)} | ${result.p50Ms.toFixed(1)} ms | **${result.p95Ms.toFixed(1)} ms** | ${result.p99Ms.toFixed(1)} ms | ${result.errors} | ${met} |`
    )
  }
  console.log(
    `\n| Run (${CONNECTIONS} connections, ${SECONDS} s, 8 period/loop combinations) | req/s | p50 | p95 | p99 | errors | p95 ≤ ${TARGET_P95_MS} ms |`
  )
  console.log('| --- | --- | --- | --- | --- | --- | --- |')
  for (const route of routes) await load(route.name, route.path)

  writer = background(track, 20)
  await load('page, while 20 links/s are tracked', '/dashboard/k-factor')
  const written = await writer.stop()
  writer = null
  console.log(
    `(load generator: ${hasWrk() ? 'wrk, p95' : 'autocannon, p97.5 in the p95 column'}; ${count(written)} links tracked during the last run)`
  )
} finally {
  await writer?.stop()
  await client.end()
  await app.stop()
}

/** Calls `write` about `perSecond` times a second until stopped; resolves the number done. */
function background(write: () => Promise<unknown>, perSecond: number) {
  let running = true
  let done = 0
  const loop = (async () => {
    while (running) {
      const begin = performance.now()
      await write()
      done++
      await new Promise((resolve) =>
        setTimeout(resolve, Math.max(0, 1000 / perSecond - (performance.now() - begin)))
      )
    }
  })()
  return {
    async stop() {
      running = false
      await loop
      return done
    },
  }
}
