/**
 * Help desk at scale: 1,000,000 tickets and 5,000,000 messages, then 20 concurrent agents on
 *  1. the inbox list (`/tickets/list`): all open, my open, and later pages by cursor,
 *  2. inbox search (`/tickets/list?view=all&q=…`), words of very different selectivity,
 *  3. the view counts (`/tickets/counts`),
 *  4. the ticket page (`/tickets/:number`), random tickets.
 * The data is loaded once with set-based SQL into its own database (app_bench_support in the
 * embedded PostgreSQL) and reused by later runs; it is reloaded when the support migration
 * or this loader changes, when the size differs, or with --reload.
 * Ticket and message texts come from the demo help-desk templates (database/demo_tickets.ts)
 * with made-up workspace and reference names added, so a common word ("password") matches
 * a few percent of the tickets and a made-up name a handful.
 * Usage: npm run bench:support -- [seconds per run, default 10] [--tickets=N] [--reload]
 * First run: about ten minutes of loading; later runs about two minutes. Stops by itself.
 */
import type { ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import pg from 'pg'
import { SYLLABLES } from './support/made_up_words.js'
import { ensureEmbeddedPostgres } from '../database/embedded_postgres.js'
import { hasWrk, runLoad } from './support/load.js'
import { signIn } from './support/sign_in.js'
import { BROWSER_ENCODINGS, printPageSizes } from './support/page_sizes.js'
import {
  aceWith,
  benchServerEnv,
  buildForBenchmark,
  freePort,
  startBuiltServer,
} from './support/production_server.js'
import {
  AGENT_NOTES,
  AGENT_PROGRESS,
  AGENT_QUESTIONS,
  AGENT_RECHECKS,
  AGENT_UPDATES,
  CUSTOMER_ANSWERS,
  CUSTOMER_FOLLOW_UPS,
  CUSTOMER_REOPENS,
  DEMO_COMPANIES,
  DEMO_FIRST_NAMES,
  DEMO_GREETINGS,
  DEMO_LAST_NAMES,
  DEMO_SIGN_OFFS,
  DEMO_TICKET_TEMPLATES,
  DEMO_TICKET_VARIABLES,
} from '../database/demo_tickets.js'
import { seededRandom } from '../database/seeded_random.js'

const ROOT = new URL('../', import.meta.url).pathname
const args = process.argv.slice(2)
const option = (name: string) =>
  args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3)
const TICKETS = Number(option('tickets') ?? 1_000_000)
const SECONDS = Number(args.find((arg) => /^\d+$/.test(arg)) ?? 10)
const RELOAD = args.includes('--reload')
const CONNECTIONS = 20
/** Seconds of untimed load on each route before its timed run. */
const WARMUP_SECONDS = 3
const BATCH = 50_000
const DATABASE = 'app_bench_support'
const AGENT_EMAIL = 'bench-agent@example.com'
const AGENT_PASSWORD = 'bench-password-1'
/** Other agents the tickets are spread over (the signed-in one has about an eighth). */
const OTHER_AGENTS = 7
/** Bump when the generated data changes, so existing bench databases are reloaded. */
const LOADER_VERSION = 2
/** Texts per template and kind: enough variety without huge query parameters. */
const VARIANTS = 16

/** Made-up names ("Kalomizor"): 160,000 of them, like knowledge.ts's product terms. */
function term(n: number) {
  const s = (k: number) => SYLLABLES[Math.floor(n / 20 ** k) % 20]
  const word = `${s(0)}${s(1)}${s(2)}${n >= 8000 ? s(3) : ''}`
  return word[0].toUpperCase() + word.slice(1)
}
/** The same in SQL; workspace names use n < 4,000 (each in ~250 tickets), references any n. */
const TERM_SQL = `
  CREATE FUNCTION pg_temp.term(n int) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT initcap(s[n % 20 + 1] || s[(n / 20) % 20 + 1] || s[(n / 400) % 20 + 1]
                   || CASE WHEN n >= 8000 THEN s[(n / 8000) % 20 + 1] ELSE '' END)
      FROM (SELECT ARRAY[${SYLLABLES.map((syllable) => `'${syllable}'`).join(', ')}] AS s) AS syllables
  $$`

/** Searches agents type, from very common to absent; their match counts are printed. */
const SEARCHES = [
  'password',
  'invoice',
  'webhook',
  'slack channel',
  '"blank page"',
  'refund -vat',
  term(1234),
  term(98_765),
  'zyxwvut',
]

/** Seeded draws, so every load has the same texts (and the same fingerprint). */
function generator(seed: number) {
  const next = seededRandom(seed)
  return { next, pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)] }
}

/**
 * Texts per template (titles, descriptions, and customer / reply / note bodies), each a
 * flat array indexed by template × VARIANTS in SQL.
 */
function corpus() {
  const { next, pick } = generator(7)
  const fill = (text: string) => {
    const vars = new Map<string, string>()
    return text.replace(/\{(\w+)\}/g, (whole, key: string) => {
      if (!vars.has(key)) {
        const value =
          key === 'name'
            ? pick(DEMO_FIRST_NAMES)
            : key === 'fullName'
              ? `${pick(DEMO_FIRST_NAMES)} ${pick(DEMO_LAST_NAMES)}`
              : key === 'company'
                ? pick(DEMO_COMPANIES).name
                : key === 'agent'
                  ? 'Sam'
                  : key === 'ref'
                    ? String(1001 + Math.floor(next() * TICKETS))
                    : DEMO_TICKET_VARIABLES[key]
                      ? pick(DEMO_TICKET_VARIABLES[key])
                      : whole
        vars.set(key, value)
      }
      return vars.get(key)!
    })
  }
  // Without a name: it would rarely be the ticket's contact.
  const signOffs = DEMO_SIGN_OFFS.filter((signOff) => !signOff.includes('{'))
  const titles: string[] = []
  const descriptions: string[] = []
  const bodies: string[] = []
  const tags: string[] = []
  for (const template of DEMO_TICKET_TEMPLATES) {
    tags.push(template.tags.join(','))
    const customerTexts = [
      ...(template.followUps ?? []),
      ...(template.questions ?? []).map((question) => question.answer),
      ...CUSTOMER_FOLLOW_UPS,
      ...CUSTOMER_ANSWERS,
      ...CUSTOMER_REOPENS,
    ]
    const replyTexts = [
      ...template.replies,
      ...template.resolutions,
      ...(template.questions ?? []).map((question) => question.ask),
      ...AGENT_UPDATES,
      ...AGENT_PROGRESS,
      ...AGENT_QUESTIONS,
      ...AGENT_RECHECKS,
    ]
    const noteTexts = [...(template.notes ?? []), ...AGENT_NOTES]
    for (let n = 0; n < VARIANTS; n++) {
      titles.push(fill(pick(template.titles)).slice(0, 200))
      descriptions.push(
        fill(
          [pick(DEMO_GREETINGS), pick(template.descriptions), pick(signOffs)]
            .filter(Boolean)
            .join('\n\n')
        )
      )
    }
    for (const [kind, texts] of [
      ['customer', customerTexts],
      ['reply', replyTexts],
      ['note', noteTexts],
    ] as const) {
      for (let n = 0; n < VARIANTS; n++) {
        const text = n % 3 === 0 ? `${pick(texts)} ${pick(texts)}` : pick(texts)
        bodies.push(
          fill(
            kind === 'reply' ? `Hi {name},\n\n${text}\n\nBest,\n{agent}\nTasklane Support` : text
          )
        )
      }
    }
  }
  return { titles, descriptions, bodies, tags, templates: DEMO_TICKET_TEMPLATES.length }
}

/** What the loaded data depends on: a change reloads it. */
function fingerprint() {
  const hash = createHash('sha256').update(`v${LOADER_VERSION}:${TICKETS}`)
  const dir = `${ROOT}database/migrations/`
  for (const file of readdirSync(dir).sort()) {
    const text = readFileSync(dir + file, 'utf8')
    if (/ticket/i.test(text)) hash.update(file).update(text)
  }
  hash.update(JSON.stringify(corpus()))
  return hash.digest('hex').slice(0, 16)
}

interface Meta {
  fingerprint: string
  loadSeconds: number
  tickets: number
  messages: number
  matches?: Record<string, number>
}

const seconds = (ms: number) => (ms / 1000).toFixed(1)
const count = (n: number) => n.toLocaleString('en-US')

const cluster = await ensureEmbeddedPostgres({
  dataDir: `${ROOT}tmp/pg`,
  port: Number(process.env.EMBEDDED_PG_PORT ?? 54329),
  databases: ['postgres'],
})
const databaseUrl = cluster.urlFor(DATABASE)
const wanted = fingerprint()

/** The bench database's metadata (schema `bench`, outside the app's `public`), if any. */
async function readMeta(): Promise<Meta | null> {
  const client = new pg.Client({ connectionString: databaseUrl })
  try {
    await client.connect()
  } catch {
    return null
  }
  try {
    const { rows } = await client.query("SELECT value FROM bench.meta WHERE key = 'load'")
    return (rows[0]?.value as Meta) ?? null
  } catch {
    return null
  } finally {
    await client.end()
  }
}

let meta = RELOAD ? null : await readMeta()
const reuse = meta?.fingerprint === wanted
if (!reuse) {
  const admin = new pg.Client({ connectionString: cluster.urlFor('postgres') })
  await admin.connect()
  await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`)
  await admin.query(`CREATE DATABASE ${DATABASE}`)
  await admin.end()
}

const build = buildForBenchmark(ROOT)

const port = await freePort()
const env = benchServerEnv(databaseUrl, port)
const ace = aceWith(ROOT, env)

console.log(`  migrating ${DATABASE}…`)
await ace(['migration:run', '--force'])

const client = new pg.Client({ connectionString: databaseUrl })
await client.connect()
let server: ChildProcess | null = null
try {
  const { rowCount } = await client.query('SELECT 1 FROM users WHERE email = $1', [AGENT_EMAIL])
  if (!rowCount) {
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
    // More agents with the same password hash: tickets are spread over all of them.
    await client.query(
      `INSERT INTO users (full_name, email, password, role, created_at, updated_at)
       SELECT 'Agent ' || i, 'bench-agent-' || i || '@example.com', u.password, 'agent', now(), now()
         FROM generate_series(1, $1::int) AS i, users u
        WHERE u.email = $2
       ON CONFLICT (email) DO NOTHING`,
      [OTHER_AGENTS, AGENT_EMAIL]
    )
  }

  if (reuse && meta) {
    console.log(
      `  reusing ${count(meta.tickets)} tickets and ${count(meta.messages)} messages ` +
        `(loaded in ${seconds(meta.loadSeconds * 1000)} s; --reload to load again)`
    )
  } else {
    meta = await load(client)
  }
  if (!meta.matches || SEARCHES.some((q) => meta!.matches![q] === undefined)) {
    console.log('  counting the matches of each search…')
    meta.matches = {}
    for (const q of SEARCHES) {
      const { rows } = await client.query(
        `SELECT count(*)::int AS n FROM tickets WHERE search_vector @@ websearch_to_tsquery('english', $1)`,
        [q]
      )
      meta.matches[q] = rows[0].n
    }
    await client.query(`UPDATE bench.meta SET value = $1 WHERE key = 'load'`, [meta])
  }

  console.log(`  starting the server on 127.0.0.1:${port} (NODE_ENV=production)…`)
  server = startBuiltServer(build, env)
  const url = `http://127.0.0.1:${port}`
  let up = false
  for (let attempt = 0; attempt < 150 && !up; attempt++) {
    up = await fetch(`${url}/health/live`).then(
      (response) => response.ok,
      () => false
    )
    if (!up) await new Promise((resolve) => setTimeout(resolve, 200))
  }
  if (!up) throw new Error('the server did not start (BENCH_SERVER_LOG=1 shows its output)')

  const cookie = await signIn(url, AGENT_EMAIL, AGENT_PASSWORD, '/tickets/counts')
  const get = async (path: string) => {
    const response = await fetch(url + path, { headers: { cookie }, redirect: 'manual' })
    const text = await response.text()
    if (response.status !== 200) throw new Error(`GET ${path}: ${response.status}`)
    return text
  }

  // Later pages: follow the "Next" cursor of the open view ten pages down.
  const cursors: string[] = []
  let html = await get('/tickets/list?view=open')
  for (let page = 0; page < 10; page++) {
    const next = html.match(/data-next-cursor="([^"]+)"/)?.[1]
    if (!next) break
    cursors.push(next)
    html = await get(`/tickets/list?view=open&cursor=${encodeURIComponent(next)}`)
  }
  if (!cursors.length) throw new Error('no data-next-cursor in /tickets/list?view=open')

  const { rows: sample } = await client.query(
    `SELECT number FROM tickets
      WHERE id IN (SELECT 1 + floor(random() * $1)::int FROM generate_series(1, 600))
      LIMIT 300`,
    [meta.tickets]
  )
  const runs = [
    {
      name: '`GET /tickets/list?view=open` (first page)',
      target: 35,
      paths: ['/tickets/list?view=open'],
    },
    {
      name: '`GET /tickets/list?view=mine` (first page)',
      target: 35,
      paths: ['/tickets/list?view=mine'],
    },
    {
      name: `\`GET /tickets/list?view=open&cursor=…\` (pages 2–${cursors.length + 1})`,
      target: 35,
      paths: cursors.map((next) => `/tickets/list?view=open&cursor=${encodeURIComponent(next)}`),
    },
    {
      name: '`GET /tickets/list?view=all&q=…` (search)',
      target: 50,
      paths: SEARCHES.map((q) => `/tickets/list?view=all&q=${encodeURIComponent(q)}`),
    },
    { name: '`GET /tickets/counts` (view counts)', target: 20, paths: ['/tickets/counts'] },
    {
      name: '`GET /tickets/:number` (ticket page)',
      target: 35,
      paths: sample.map((row) => `/tickets/${row.number}`),
    },
  ]

  console.log('\n| Search | matching tickets |')
  console.log('| --- | --- |')
  for (const q of SEARCHES) {
    console.log(
      `| \`${q}\` | ${count(meta.matches[q])} (${((100 * meta.matches[q]) / meta.tickets).toFixed(3)} %) |`
    )
  }

  await printPageSizes(url, cookie, [
    ['inbox, first page (`/tickets`)', '/tickets'],
    ['inbox list, first page (`/tickets/list?view=open`)', '/tickets/list?view=open'],
    ['ticket page', `/tickets/${sample[0].number}`],
  ])

  console.log('\n| Route, one request at a time | requests | median | max |')
  console.log('| --- | --- | --- | --- |')
  for (const run of runs) {
    const times: number[] = []
    for (let n = 0; n < 20; n++) {
      const started = performance.now()
      await get(run.paths[n % run.paths.length])
      times.push(performance.now() - started)
    }
    times.sort((a, b) => a - b)
    console.log(
      `| ${run.name} | 20 | ${times[10].toFixed(1)} ms | ${times.at(-1)!.toFixed(1)} ms |`
    )
  }

  // CPU per request of the app process and of PostgreSQL (all its processes), from /proc:
  // where the time goes when the two cores are saturated.
  console.log(
    `\n| Run (${CONNECTIONS} connections, ${SECONDS} s) | req/s | p50 | p95 | p99 | errors | target p95 | CPU per request: Node / PostgreSQL | machine busy |`
  )
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |')
  for (const run of runs) {
    // Untimed: the same load for WARMUP_SECONDS first, so the JIT has compiled this
    // route's code before it is measured (the first timed run otherwise paid for it).
    await runLoad({
      url,
      paths: run.paths,
      seconds: WARMUP_SECONDS,
      connections: CONNECTIONS,
      headers: { cookie, 'accept-encoding': BROWSER_ENCODINGS },
    })
    const before = cpuSample(server.pid!)
    const result = await runLoad({
      url,
      paths: run.paths,
      seconds: SECONDS,
      connections: CONNECTIONS,
      headers: { cookie, 'accept-encoding': BROWSER_ENCODINGS },
    })
    const after = cpuSample(server.pid!)
    const met = result.p95Ms <= run.target ? '✓' : '✗'
    const perRequest = (ms: number) => `${(ms / Math.max(1, result.total)).toFixed(2)} ms`
    const cpu = after
      ? `${perRequest(after.node - before!.node)} / ${perRequest(after.postgres - before!.postgres)}`
      : 'n/a'
    const busy = after
      ? `${Math.round((100 * (after.busy - before!.busy)) / Math.max(1, after.all - before!.all))} %`
      : 'n/a'
    console.log(
      `| ${run.name} | ${count(result.requestsPerSecond)} | ${result.p50Ms.toFixed(1)} ms | **${result.p95Ms.toFixed(1)} ms** | ${result.p99Ms.toFixed(1)} ms | ${result.errors} | ≤ ${run.target} ms ${met} | ${cpu} | ${busy} |`
    )
  }
  console.log(`(load generator: ${hasWrk() ? 'wrk' : 'autocannon'})`)
} finally {
  await client.end()
  if (server) {
    server.kill('SIGTERM')
    await new Promise((resolve) => server!.once('exit', resolve))
  }
  await cluster.stop()
}

/**
 * CPU time used so far, in ms: by the app process, by all PostgreSQL processes, and by the
 * whole machine (busy and all, from /proc/stat). Null where /proc is not available.
 */
function cpuSample(serverPid: number) {
  if (!existsSync('/proc/stat')) return null
  const TICK_MS = 10 // USER_HZ is 100 on Linux
  const ticks = (pid: string) => {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return Number(fields[11]) + Number(fields[12])
  }
  let postgres = 0
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres') postgres += ticks(pid)
    } catch {
      // The process ended meanwhile.
    }
  }
  const [, ...jiffies] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/)
  const values = jiffies.map(Number)
  const all = values.slice(0, 8).reduce((sum, value) => sum + value, 0)
  const idle = values[3] + values[4]
  return {
    node: ticks(String(serverPid)) * TICK_MS,
    postgres: postgres * TICK_MS,
    busy: (all - idle) * TICK_MS,
    all: all * TICK_MS,
  }
}

/**
 * Loads the tickets in batches, each in one transaction: a plan per ticket, its messages,
 * then the ticket with its derived columns (message count, times, messages_vector appended
 * message by message as the service does), its status history, assignment and rating.
 * Secondary indexes are dropped first and built at the end; triggers and foreign keys are
 * off (session_replication_role = replica), so ticket_counts and ticket_terms are filled
 * afterwards.
 */
async function load(db: pg.Client): Promise<Meta> {
  const started = performance.now()
  const texts = corpus()
  const { rows: agents } = await db.query(
    `SELECT id, full_name FROM users WHERE email = $1 OR email LIKE 'bench-agent-%' ORDER BY id`,
    [AGENT_EMAIL]
  )
  console.log(
    `  loading ${count(TICKETS)} tickets (about ${count(TICKETS * 5)} messages) in batches of ${count(BATCH)}…`
  )
  await db.query(`SET session_replication_role = replica`)
  await db.query(`SET synchronous_commit = off`)
  await db.query(`SET maintenance_work_mem = '1GB'`)
  await db.query(`SET work_mem = '256MB'`)
  await db.query(
    `CREATE AGGREGATE pg_temp.tsvector_agg(tsvector)
       (SFUNC = tsvector_concat, STYPE = tsvector, INITCOND = '')`
  )
  await db.query(TERM_SQL)

  const tables = [
    'tickets',
    'ticket_messages',
    'ticket_status_history',
    'ticket_changes',
    'csat_responses',
  ]
  const { rows: indexes } = await db.query(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
       FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
      WHERE c.relname = ANY($1) AND c.relnamespace = 'public'::regnamespace
        AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)`,
    [tables]
  )
  for (const index of indexes) await db.query(`DROP INDEX ${index.name}`)

  const people = [
    agents.map((agent) => agent.id),
    agents.map((agent) => agent.full_name),
    DEMO_FIRST_NAMES,
    DEMO_LAST_NAMES,
    DEMO_FIRST_NAMES.map(ascii),
    DEMO_LAST_NAMES.map(ascii),
    DEMO_COMPANIES.map((company) => company.domain),
  ]
  for (let from = 1; from <= TICKETS; from += BATCH) {
    const to = Math.min(TICKETS, from + BATCH - 1)
    const batchStarted = performance.now()
    await db.query('BEGIN')
    // $1 agent ids, $2 agent names, $3/$4 first/last names, $5/$6 the same in ASCII,
    // $7 mail domains, $8 templates, $9 all tickets, $10/$11 this batch's ids.
    await db.query(
      `CREATE TEMP TABLE plan ON COMMIT DROP AS
       SELECT *,
              CASE WHEN status IN ('new', 'in_progress') THEN created_at + w * (n::float8 / (n + 1))
                   ELSE created_at + w END AS updated_at,
              CASE WHEN status = 'resolved' THEN created_at + w
                   WHEN status = 'closed' THEN created_at + w * ((n + 0.5) / (n + 1)) END AS resolved_at,
              CASE WHEN status = 'closed' THEN created_at + w END AS closed_at
         FROM (
           SELECT *,
                  CASE WHEN n = 0 THEN interval '0'
                       ELSE least(n * (interval '10 minutes' + r_gap * interval '30 hours'),
                                  now() - created_at - interval '1 minute') END AS w
             FROM (
               SELECT id, tpl, status, priority, worker, contact, source, r_tag, r_gap, r_csat,
                      first_ix, last_ix,
                      CASE WHEN status = 'new' THEN (r_n < 0.3)::int
                           ELSE 1 + floor(r_n * 9.6)::int END AS n,
                      CASE WHEN (status = 'new' AND r_assign < 0.6) OR r_assign < 0.05 THEN NULL
                           ELSE ($1::int[])[worker] END AS assignee_id,
                      ($1::int[])[worker] AS worker_id, ($2::text[])[worker] AS worker_name,
                      ($3::text[])[first_ix] || ' ' || ($4::text[])[last_ix] AS contact_name,
                      lower(($5::text[])[first_ix]) || '.' || lower(($6::text[])[last_ix])
                        || (contact / 1000) || '@' || ($7::text[])[1 + contact % cardinality($7::text[])]
                        AS contact_email,
                      now() - interval '2 hours' - (1 - x) * interval '730 days' - r_gap * interval '1 hour'
                        AS created_at
                 FROM (
                   SELECT id, x, tpl, worker, contact, r_n, r_assign, r_tag, r_gap, r_csat,
                          1 + contact % cardinality($3::text[]) AS first_ix,
                          1 + (contact / cardinality($3::text[])) % cardinality($4::text[]) AS last_ix,
                          -- Open: 10 % of the oldest tickets, 70 % of the newest, 25 % overall.
                          CASE WHEN r_open < 0.1 + 0.6 * x * x * x THEN
                                 CASE WHEN r_status < 0.25 THEN 'new'
                                      WHEN r_status < 0.7 THEN 'in_progress' ELSE 'pending' END
                               WHEN r_status < 0.45 THEN 'resolved' ELSE 'closed' END AS status,
                          CASE WHEN r_priority < 0.25 THEN 'low' WHEN r_priority < 0.7 THEN 'medium'
                               WHEN r_priority < 0.92 THEN 'high' ELSE 'urgent' END AS priority,
                          CASE WHEN r_source < 0.8 THEN 'help_center'
                               WHEN r_source < 0.92 THEN 'api' ELSE 'agent' END AS source
                     FROM (
                       SELECT g AS id, g::float8 / $9::int AS x, floor(random() * $8::int)::int AS tpl,
                              1 + floor(random() * cardinality($1::int[]))::int AS worker,
                              floor(random() * 300000)::int AS contact,
                              random() AS r_open, random() AS r_status, random() AS r_priority,
                              random() AS r_source, random() AS r_n, random() AS r_assign,
                              random() AS r_tag, random() AS r_gap, random() AS r_csat
                         FROM generate_series($10::int, $11::int) AS g
                     ) AS draws
                 ) AS kinds
             ) AS people
         ) AS timed`,
      [...people, texts.templates, TICKETS, from, to]
    )
    // Messages: the agent answers first (never on a new ticket), then customer and agent
    // take turns; some agent turns are internal notes. 40 % name a made-up reference.
    await db.query(
      `CREATE TEMP TABLE msgs ON COMMIT DROP AS
       SELECT ticket_id, seq, kind, created_at,
              CASE WHEN kind = 'customer' THEN NULL ELSE worker_id END AS author_id,
              CASE WHEN kind = 'customer' THEN contact_name ELSE worker_name END AS author_name,
              ($1::text[])[1 + (tpl * 3 + CASE kind WHEN 'customer' THEN 0 WHEN 'reply' THEN 1 ELSE 2 END) * $2::int
                          + floor(random() * $2::int)::int]
                || CASE WHEN random() < 0.4
                        THEN E'\\n\\nReference: ' || pg_temp.term(floor(random() * 160000)::int)
                        ELSE '' END AS body
         FROM (
           SELECT p.id AS ticket_id, s AS seq, p.tpl, p.worker_id, p.worker_name, p.contact_name,
                  p.created_at + p.w * (s::float8 / (p.n + 1)) AS created_at,
                  CASE WHEN p.status = 'new' THEN CASE WHEN random() < 0.8 THEN 'customer' ELSE 'note' END
                       WHEN s = 1 THEN 'reply'
                       WHEN s % 2 = 0 THEN 'customer'
                       WHEN random() < 0.2 THEN 'note' ELSE 'reply' END AS kind
             FROM plan p, generate_series(1, p.n) AS s
         ) AS turns`,
      [texts.bodies, VARIANTS]
    )
    await db.query(
      `INSERT INTO ticket_messages (ticket_id, kind, author_id, author_name, body, created_at)
       SELECT ticket_id, kind, author_id, author_name, body, created_at FROM msgs
        ORDER BY ticket_id, seq`
    )
    await db.query(
      `CREATE TEMP TABLE conversation ON COMMIT DROP AS
       SELECT ticket_id, max(created_at) AS last_message_at,
              min(created_at) FILTER (WHERE kind = 'reply') AS first_response_at,
              pg_temp.tsvector_agg(
                setweight(to_tsvector('english', body), CASE WHEN kind = 'note' THEN 'D' ELSE 'C' END::"char")
                ORDER BY seq) AS messages_vector
         FROM msgs GROUP BY ticket_id`
    )
    await db.query(
      `INSERT INTO tickets (id, number, title, description, priority, status, contact_email,
         contact_name, assignee_id, tags, source, message_count, last_message_at, first_response_at,
         resolved_at, closed_at, created_at, updated_at, messages_vector)
       SELECT p.id, p.id + 1000,
              ($2::text[])[1 + p.tpl * $1::int + floor(random() * $1::int)::int],
              ($3::text[])[1 + p.tpl * $1::int + floor(random() * $1::int)::int]
                || E'\\n\\nWorkspace: ' || pg_temp.term(floor(random() * 4000)::int),
              p.priority, p.status, p.contact_email, p.contact_name, p.assignee_id,
              string_to_array(($4::text[])[1 + p.tpl], ',')
                || CASE WHEN p.r_tag < 0.04 THEN ARRAY['escalated']
                        WHEN p.r_tag < 0.06 THEN ARRAY['vip'] ELSE '{}'::text[] END,
              p.source, p.n, c.last_message_at, c.first_response_at, p.resolved_at, p.closed_at,
              p.created_at, p.updated_at, c.messages_vector
         FROM plan p LEFT JOIN conversation c ON c.ticket_id = p.id
        ORDER BY p.id`,
      [VARIANTS, texts.titles, texts.descriptions, texts.tags]
    )
    await db.query(
      `INSERT INTO ticket_status_history (ticket_id, old_status, new_status, actor_type, actor_id,
         actor_name, note_public, created_at)
       SELECT ticket_id, old_status, new_status, actor_type, actor_id, actor_name, false, at
         FROM (
           SELECT p.id AS ticket_id, 1 AS step, NULL AS old_status, 'new' AS new_status,
                  'customer' AS actor_type, NULL::int AS actor_id, p.contact_name AS actor_name,
                  p.created_at AS at
             FROM plan p
           UNION ALL
           SELECT p.id, 2, 'new', 'in_progress', 'system', NULL, NULL, c.first_response_at
             FROM plan p JOIN conversation c ON c.ticket_id = p.id WHERE p.status <> 'new'
           UNION ALL
           SELECT p.id, 3, 'in_progress', CASE WHEN p.status = 'closed' THEN 'resolved' ELSE p.status END,
                  'agent', p.worker_id, p.worker_name, coalesce(p.resolved_at, p.updated_at)
             FROM plan p WHERE p.status IN ('pending', 'resolved', 'closed')
           UNION ALL
           SELECT p.id, 4, 'resolved', 'closed', 'system', NULL, NULL, p.closed_at
             FROM plan p WHERE p.status = 'closed'
         ) AS steps
        ORDER BY ticket_id, step`
    )
    await db.query(
      `INSERT INTO ticket_changes (ticket_id, field, old_value, new_value, actor_type, actor_id,
         actor_name, created_at)
       SELECT id, 'assignee', NULL, worker_name, 'agent', worker_id, worker_name,
              created_at + w * (0.5 / (n + 1))
         FROM plan WHERE assignee_id IS NOT NULL ORDER BY id`
    )
    await db.query(
      `INSERT INTO csat_responses (ticket_id, rating, comment, created_at)
       SELECT id, CASE WHEN r_csat < 0.24 THEN 5 WHEN r_csat < 0.33 THEN 4 WHEN r_csat < 0.36 THEN 3
                       WHEN r_csat < 0.38 THEN 2 ELSE 1 END,
              CASE WHEN r_csat < 0.05 THEN 'Fast and friendly, thank you!'
                   WHEN r_csat >= 0.36 THEN 'Took far too long for a simple problem.' END,
              least(resolved_at + r_gap * interval '2 days', now())
         FROM plan WHERE resolved_at IS NOT NULL AND r_csat < 0.4`
    )
    await db.query('COMMIT')
    console.log(
      `    ${count(to)} / ${count(TICKETS)} tickets (${seconds(performance.now() - batchStarted)} s for this batch, ${seconds(performance.now() - started)} s in all)`
    )
  }

  // The word index of search, set-based (its trigger is off during the load), and its
  // primary key built once afterwards instead of row by row.
  let termsStarted = performance.now()
  await db.query(`ALTER TABLE ticket_terms DROP CONSTRAINT ticket_terms_pkey`)
  await db.query(
    `INSERT INTO ticket_terms (lexeme, ticket_id)
     SELECT lexeme, id FROM tickets, unnest(tsvector_to_array(search_vector)) AS lexeme`
  )
  console.log(`  ticket_terms filled (${seconds(performance.now() - termsStarted)} s)`)
  termsStarted = performance.now()
  await db.query(`ALTER TABLE ticket_terms ADD PRIMARY KEY (lexeme, ticket_id)`)
  console.log(`  ticket_terms primary key (${seconds(performance.now() - termsStarted)} s)`)

  console.log('  building the indexes…')
  for (const index of indexes) {
    const indexStarted = performance.now()
    await db.query(index.definition)
    console.log(`    ${index.name} (${seconds(performance.now() - indexStarted)} s)`)
  }
  await db.query(
    `SELECT setval(pg_get_serial_sequence('tickets', 'id'), (SELECT max(id) FROM tickets));
     SELECT setval('ticket_number_seq', (SELECT max(number) FROM tickets));
     TRUNCATE ticket_counts;
     INSERT INTO ticket_counts (status, assignee_key, tickets)
       SELECT status, coalesce(assignee_id, 0), count(*) FROM tickets GROUP BY 1, 2;
     SET session_replication_role = origin`
  )
  console.log('  vacuum analyze…')
  for (const table of [...tables, 'ticket_counts', 'ticket_terms']) {
    await db.query(`VACUUM ANALYZE ${table}`)
  }
  await db.query('CHECKPOINT')
  const { rows } = await db.query(
    `SELECT (SELECT count(*) FROM tickets)::int AS tickets,
            (SELECT count(*) FROM ticket_messages)::int AS messages,
            (SELECT count(*) FILTER (WHERE is_open) FROM tickets)::int AS open`
  )
  const loadSeconds = (performance.now() - started) / 1000
  console.log(
    `  loaded ${count(rows[0].tickets)} tickets (${count(rows[0].open)} open) and ${count(rows[0].messages)} messages in ${loadSeconds.toFixed(1)} s`
  )
  const loaded: Meta = {
    fingerprint: wanted,
    loadSeconds,
    tickets: rows[0].tickets,
    messages: rows[0].messages,
  }
  await db.query(
    `CREATE SCHEMA IF NOT EXISTS bench;
     CREATE TABLE IF NOT EXISTS bench.meta (key text PRIMARY KEY, value jsonb NOT NULL)`
  )
  await db.query(
    `INSERT INTO bench.meta (key, value) VALUES ('load', $1)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    [loaded]
  )
  return loaded
}

/** "Zoë" → "Zoe", "O'Brien" → "OBrien" (mail addresses). */
function ascii(name: string) {
  return name.normalize('NFD').replace(/[^A-Za-z]/g, '')
}
