/**
 * Screenshots of the pages people work in, as a production server shows them with the demo
 * data: the inbox, a ticket, an experiment's results and the K-factor page, each on a
 * desktop (1440 × 900) and on a phone (390 × 844), full length, into tmp/screenshots/.
 *  1. The embedded PostgreSQL gets a fresh database app_screenshots: migrated, seeded with
 *     the development demo data (`db:seed`), results recomputed.
 *  2. The production build (`node ace build`) serves it on a free loopback port.
 *  3. Chromium signs in as the demo admin through the login form and saves the pictures.
 * Usage: npm run screenshots   (about two minutes; stops by itself; CHROMIUM_PATH as in tests)
 */
import { mkdirSync } from 'node:fs'
import pg from 'pg'
import { chromium } from 'playwright'
import { ensureEmbeddedPostgres } from '../database/embedded_postgres.js'
import { DEMO_ACCOUNTS } from '../database/demo_accounts.js'
import {
  aceWith,
  benchServerEnv,
  buildForBenchmark,
  freePort,
  startBuiltServer,
} from '../bench/support/production_server.js'

const ROOT = new URL('../', import.meta.url).pathname
const OUT = `${ROOT}tmp/screenshots`
const VIEWPORTS = { desktop: { width: 1440, height: 900 }, phone: { width: 390, height: 844 } }
const DATABASE = 'app_screenshots'

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

const build = buildForBenchmark(ROOT)
const port = await freePort()
const env = benchServerEnv(cluster.urlFor(DATABASE), port)
console.log('  migrating, seeding the demo data, recomputing results…')
await aceWith(ROOT, env)(['migration:run', '--force'])
// The demo seeders run in development only; the database is the one the server uses.
await aceWith(ROOT, { ...env, NODE_ENV: 'development' })(['db:seed'])
await aceWith(ROOT, env)(['experiments:recompute', '--all'])

const db = new pg.Client({ connectionString: env.DATABASE_URL })
await db.connect()
const ticket = await db.query('SELECT number FROM tickets ORDER BY message_count DESC LIMIT 1')
const experiment = await db.query(
  `SELECT id FROM experiments WHERE status = 'running'
    AND id IN (SELECT experiment_id FROM experiment_results) ORDER BY id LIMIT 1`
)
await db.end()
const pages = {
  'inbox': '/tickets',
  'ticket': `/tickets/${ticket.rows[0].number}`,
  'results': `/experiments/results/${experiment.rows[0].id}`,
  'k-factor': '/dashboard/k-factor',
}

console.log(`  starting the server on 127.0.0.1:${port} (NODE_ENV=production)…`)
const server = startBuiltServer(build, env)
const url = `http://127.0.0.1:${port}`
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
})
try {
  for (let attempt = 0; attempt < 150; attempt++) {
    if (
      await fetch(`${url}/health/live`).then(
        (r) => r.ok,
        () => false
      )
    )
      break
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  mkdirSync(OUT, { recursive: true })
  const { email, password } = DEMO_ACCOUNTS.find((account) => account.role === 'admin')!
  for (const [device, viewport] of Object.entries(VIEWPORTS)) {
    const context = await browser.newContext({ baseURL: url, viewport })
    const page = await context.newPage()
    await page.goto('/login')
    await page.getByLabel('Email').fill(email)
    await page.getByLabel('Password').fill(password)
    await Promise.all([
      page.waitForURL((at) => at.pathname !== '/login'),
      page.keyboard.press('Enter'),
    ])
    for (const [name, path] of Object.entries(pages)) {
      await page.goto(path)
      // Panels that load themselves by htmx belong in the picture.
      await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => {})
      const file = `${OUT}/${name}-${viewport.width}.png`
      await page.screenshot({ path: file, fullPage: true })
      const width = await page.evaluate(
        () => (globalThis as any).document.documentElement.scrollWidth
      )
      console.log(`  ${device} ${path} → ${file.slice(ROOT.length)} (laid out ${width} px wide)`)
    }
    await context.close()
  }
} finally {
  await browser.close()
  server.kill('SIGTERM')
  await new Promise((resolve) => server.once('exit', resolve))
  await cluster.stop()
}
