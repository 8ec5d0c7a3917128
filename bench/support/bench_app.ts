/**
 * Starts the app for an HTTP benchmark: the embedded PostgreSQL (database app_bench,
 * migrated from scratch), the production build's server on a free loopback port, an admin with
 * an API token. Everything stops with `stop()`.
 */
import pg from 'pg'
import { readFileSync } from 'node:fs'
import { setPriority } from 'node:os'
import { ensureEmbeddedPostgres } from '../../database/embedded_postgres.js'
import {
  aceWith,
  benchServerEnv,
  buildForBenchmark,
  freePort,
  startBuiltServer,
} from './production_server.js'

const ROOT = new URL('../../', import.meta.url).pathname

export interface BenchApp {
  url: string
  databaseUrl: string
  token: string
  /** The server's process id. */
  pid: number
  /** The database's postmaster process id (its children are the cluster's processes). */
  databasePid: number
  /** The server's environment (its APP_KEY too), for `node ace` next to it. */
  env: NodeJS.ProcessEnv
  stop(): Promise<void>
}

export interface BenchAppOptions {
  /** The server's port (default: a free one). */
  port?: number
  /** Extra `node` flags for the server, e.g. `--cpu-prof`. */
  nodeFlags?: string[]
  /**
   * A scheduling priority (nice value, below 0 needs root) for this process, the servers
   * it starts and the database's new connections, set after the build: on a machine
   * shared with other work, the measured processes then get the CPU they ask for.
   */
  priority?: number
  /** Extra environment of the server (e.g. a benchmark's rates and secrets). */
  env?: Record<string, string>
}

export async function startBenchApp(options: BenchAppOptions = {}): Promise<BenchApp> {
  const cluster = await ensureEmbeddedPostgres({
    dataDir: `${ROOT}tmp/pg`,
    port: Number(process.env.EMBEDDED_PG_PORT ?? 54329),
    databases: ['postgres'],
  })
  const client = new pg.Client({ connectionString: cluster.urlFor('postgres') })
  await client.connect()
  await client.query('DROP DATABASE IF EXISTS app_bench WITH (FORCE)')
  await client.query('CREATE DATABASE app_bench')
  await client.end()

  const build = buildForBenchmark(ROOT)
  const postmaster = Number(readFileSync(`${ROOT}tmp/pg/postmaster.pid`, 'utf8').split('\n')[0])
  if (options.priority !== undefined) {
    for (const pid of [process.pid, postmaster]) setPriority(pid, options.priority)
  }

  const port = options.port ?? (await freePort())
  const env = { ...benchServerEnv(cluster.urlFor('app_bench'), port), ...options.env }
  const ace = aceWith(ROOT, env)
  console.log('  migrating app_bench…')
  await ace(['migration:run', '--force'])
  await ace(
    [
      'users:create',
      '--email=bench@example.com',
      '--name=Bench',
      '--role=admin',
      '--password-stdin',
    ],
    'bench-password-1\n'
  )
  const minted = await ace([
    'tokens:create',
    '--email=bench@example.com',
    '--abilities=manage,evaluate,track,support',
    '--name=bench',
  ])
  const token = minted.trim().split('\n').at(-1)!

  console.log(`  starting the server on 127.0.0.1:${port} (NODE_ENV=production)…`)
  const server = startBuiltServer(build, env, options.nodeFlags)
  const url = `http://127.0.0.1:${port}`
  for (let attempt = 0; attempt < 150; attempt++) {
    const ok = await fetch(`${url}/health/live`).then(
      (response) => response.ok,
      () => false
    )
    if (ok) break
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  return {
    url,
    pid: server.pid!,
    databasePid: postmaster,
    databaseUrl: env.DATABASE_URL,
    token,
    env,
    async stop() {
      server.kill('SIGTERM')
      await new Promise((resolve) => server.once('exit', resolve))
      await cluster.stop()
    },
  }
}

/** POST JSON with the bench token. */
export async function api(app: BenchApp, path: string, body: unknown, method = 'POST') {
  const response = await fetch(`${app.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', 'authorization': `Bearer ${app.token}` },
    body: JSON.stringify(body),
  })
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`)
  return response.json()
}

/**
 * A started 50/50 experiment (primary metric `signup`) whose subjects `<prefix><i>` (each
 * prefix, i = 1…n) are already assigned alternately, so that tracked events of them count.
 */
export async function runningExperimentWithSubjects(
  app: BenchApp,
  client: { query: (sql: string, values: unknown[]) => Promise<unknown> },
  options: { key: string; name: string; subjectPrefixes: string[]; subjects: number }
) {
  const created = (await api(app, '/api/experiments', {
    key: options.key,
    name: options.name,
    variants: [
      { id: 'control', name: 'Control', trafficAllocation: 0.5 },
      { id: 'treatment', name: 'Treatment', trafficAllocation: 0.5 },
    ],
    primaryMetric: 'signup',
  })) as { data: { id: number; variants: { variantId: number }[] } }
  const experimentId = created.data.id
  await api(app, `/api/experiments/${experimentId}/start`, {})
  const [variantA, variantB] = created.data.variants.map((v) => v.variantId)
  await client.query(
    `INSERT INTO experiment_assignments (experiment_id, variant_id, subject_id, how)
     SELECT $1, CASE WHEN i % 2 = 0 THEN $2::int ELSE $3::int END, p || i, 'deterministic'
       FROM unnest($5::text[]) AS p, generate_series(1, $4) AS i`,
    [experimentId, variantA, variantB, options.subjects, options.subjectPrefixes]
  )
  return experimentId
}
