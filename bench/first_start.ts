/**
 * First start: how long `npm run dev` takes on a fresh clone until the app is ready to try
 * (the login page answers, the demo data is seeded and its experiments have results).
 * Clones the project's HEAD (committed work only) into a temporary folder, gives it the
 * project's node_modules as hard links (what `npm install` would have put there; not
 * timed), then times `npm run dev` from its start. The clone's embedded PostgreSQL starts
 * from an empty data folder, as on a new machine. The server's own log lines name the
 * steps (migrations, seed, results) with their durations.
 * Usage: npm run bench:first-start -- [--runs=N] [--port=3450]
 * Takes about a minute per run. Stops by itself and removes the clone.
 */
import { execFileSync, spawn } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { stripVTControlCharacters } from 'node:util'
import pg from 'pg'
import { freePort } from './support/production_server.js'

const ROOT = new URL('../', import.meta.url).pathname
const args = process.argv.slice(2)
const option = (name: string, fallback: number) =>
  Number(args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback)
const RUNS = option('runs', 1)
const PORT = option('port', 3450)
const TARGET_SECONDS = 30

console.log(`  machine: ${cpus().length} × ${cpus()[0]?.model}`)
const totals: number[] = []
for (let run = 1; run <= RUNS; run++) {
  totals.push(await firstStart(run))
}
if (RUNS > 1) {
  const sorted = [...totals].sort((a, b) => a - b)
  console.log(`\n  median of ${RUNS} runs: ${sorted[Math.floor(RUNS / 2)].toFixed(1)} s`)
}

async function firstStart(run: number) {
  const folder = mkdtempSync(join(tmpdir(), 'beacon-first-start-'))
  // PostgreSQL runs as its own user when this runs as root: it must reach the clone.
  chmodSync(folder, 0o755)
  const clone = join(folder, 'beacon')
  const pgPort = await freePort()
  const dev = { cwd: clone, env: cloneEnv(pgPort) }
  try {
    execFileSync('git', ['clone', '--quiet', ROOT, clone])
    execFileSync('cp', ['-al', join(ROOT, 'node_modules'), join(clone, 'node_modules')])
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: clone })
    console.log(
      `\n  run ${run}: clone of ${head.toString().trim()} in ${clone}, ` +
        `load average ${loadavg()
          .map((n) => n.toFixed(2))
          .join(' ')}`
    )

    const started = performance.now()
    const since = () => ((performance.now() - started) / 1000).toFixed(1)
    const child = spawn('npm', ['run', 'dev'], { ...dev, detached: true })
    const log = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        const text = stripVTControlCharacters(line).trim()
        if (text) console.log(`    ${since().padStart(5)} s │ ${text.slice(0, 150)}`)
      }
    }
    child.stdout.on('data', log)
    child.stderr.on('data', log)
    let exited = false
    child.once('exit', () => (exited = true))
    try {
      const url = `http://localhost:${PORT}`
      let ready = false
      while (!ready && !exited && performance.now() - started < 300_000) {
        ready = (await answers(`${url}/login`)) && (await hasResults(pgPort))
        if (!ready) await new Promise((resolve) => setTimeout(resolve, 100))
      }
      if (!ready)
        throw new Error(`npm run dev ${exited ? 'stopped' : 'was not ready within 5 minutes'}`)
      const seconds = (performance.now() - started) / 1000
      const verdict = seconds <= TARGET_SECONDS ? 'within' : 'over'
      console.log(
        `  ready (login page served, demo data and results in place) after ${seconds.toFixed(1)} s ` +
          `(${verdict} the ${TARGET_SECONDS} s target)`
      )
      return seconds
    } finally {
      // `node ace serve` stops on SIGINT only. Its server stops the embedded PostgreSQL
      // after closing its connections; whatever is left of the group is stopped after.
      child.stdout.off('data', log)
      child.stderr.off('data', log)
      try {
        process.kill(-child.pid!, 'SIGINT')
      } catch {
        // The group has already gone.
      }
      await new Promise((resolve) => (exited ? resolve(null) : child.once('exit', resolve)))
    }
  } finally {
    await stopPostgres(join(clone, 'tmp/pg'))
    // The dev server's watcher may still write a file or two while it stops.
    rmSync(folder, { recursive: true, force: true, maxRetries: 5, retryDelay: 500 })
  }
}

/** The environment `npm run dev` gets: the clone makes its own .env (bin/ensure_env.js). */
function cloneEnv(pgPort: number) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(PORT),
    EMBEDDED_PG_PORT: String(pgPort),
  }
  for (const key of ['NODE_ENV', 'DATABASE_URL', 'APP_KEY', 'APP_URL', 'HOST']) delete env[key]
  return env
}

async function answers(url: string) {
  return fetch(url, { redirect: 'manual' }).then(
    (response) => response.status === 200,
    () => false
  )
}

/** True once the demo experiments have stored results. */
async function hasResults(pgPort: number) {
  const client = new pg.Client({
    connectionString: `postgres://postgres:postgres@127.0.0.1:${pgPort}/app_dev`,
  })
  try {
    await client.connect()
    const { rows } = await client.query('SELECT count(*)::int AS n FROM experiment_results')
    return rows[0].n > 0
  } catch {
    return false
  } finally {
    await client.end().catch(() => {})
  }
}

/**
 * A cluster left running (an interrupted run) would keep its port and files: its postmaster
 * gets SIGINT (PostgreSQL's fast shutdown), which also works when it runs as another user.
 * Waits (up to 30 s) until it has stopped writing into the clone.
 */
async function stopPostgres(dataDir: string) {
  const pidFile = join(dataDir, 'postmaster.pid')
  try {
    process.kill(Number(readFileSync(pidFile, 'utf8').split('\n')[0]), 'SIGINT')
  } catch {
    // Not running (the usual case: npm run dev stopped it).
  }
  for (let waited = 0; existsSync(pidFile) && waited < 30_000; waited += 200) {
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}
