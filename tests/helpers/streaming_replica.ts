import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { appendFile, chown, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'
import { freePort } from '#tests/helpers/app_process'

const run = promisify(execFile)

/** Debian's PostgreSQL binaries (`.ci/run` installs them); PG_BIN points elsewhere. */
export const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin'

/** Why a primary and its streaming replica cannot be made here, or null when they can. */
export function streamingReplicaUnavailable(): string | null {
  const missing = ['initdb', 'pg_ctl', 'pg_basebackup'].filter((b) => !existsSync(join(PG_BIN, b)))
  return missing.length
    ? `PostgreSQL server binaries missing in ${PG_BIN} (${missing.join(', ')}): apt-get install postgresql`
    : null
}

/**
 * A PostgreSQL primary and a streaming replica of it (pg_basebackup -R) on loopback ports,
 * in a temporary directory, each a cluster of its own. PostgreSQL refuses to run as root,
 * so under root the clusters belong to the `postgres` user.
 */
export class StreamingPair {
  private constructor(
    private dir: string,
    private ids: { uid?: number; gid?: number },
    readonly primaryPort: number,
    readonly replicaPort: number
  ) {}

  static async start(database: string) {
    const dir = await mkdtemp(join(tmpdir(), 'beacon-replica-'))
    const ids: { uid?: number; gid?: number } = process.getuid?.() === 0 ? await postgresUser() : {}
    if (ids.uid !== undefined) await chown(dir, ids.uid, ids.gid!)
    const pair = new StreamingPair(dir, ids, await freePort(), await freePort())
    await pair.bin('initdb', [
      '-D',
      pair.path('primary'),
      '-U',
      'postgres',
      '--auth=trust',
      '-E',
      'UTF8',
    ])
    await appendFile(
      pair.path('primary/postgresql.conf'),
      // fsync off: a test cluster, thrown away after the run.
      `\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '${dir}'\nwal_level = replica\nmax_wal_senders = 4\nfsync = off\n`
    )
    await pair.ctl('primary', pair.primaryPort)
    const admin = pair.client(pair.primaryPort, 'postgres')
    await admin.connect()
    await admin.query(`CREATE DATABASE ${database}`)
    await admin.end()
    await pair.bin('pg_basebackup', [
      ...['-h', '127.0.0.1', '-p', String(pair.primaryPort), '-U', 'postgres'],
      ...['-D', pair.path('replica'), '-R', '-X', 'stream'],
    ])
    await pair.ctl('replica', pair.replicaPort)
    return pair
  }

  url(port: number, database: string) {
    return `postgres://postgres@127.0.0.1:${port}/${database}`
  }

  client(port: number, database: string) {
    return new pg.Client({ connectionString: this.url(port, database) })
  }

  async stop() {
    for (const name of ['replica', 'primary']) {
      await this.bin('pg_ctl', ['-D', this.path(name), '-m', 'immediate', 'stop']).catch(() => {})
    }
    await rm(this.dir, { recursive: true, force: true })
  }

  private path(name: string) {
    return join(this.dir, name)
  }

  private ctl(name: string, port: number) {
    return this.bin('pg_ctl', [
      ...['-D', this.path(name), '-l', this.path(`${name}.log`), '-w'],
      ...['-o', `-p ${port} -k ${this.dir}`, 'start'],
    ])
  }

  private bin(name: string, args: string[]) {
    return run(join(PG_BIN, name), args, { ...this.ids, cwd: this.dir, timeout: 120_000 })
  }
}

async function postgresUser() {
  const { stdout: uid } = await run('id', ['-u', 'postgres'])
  const { stdout: gid } = await run('id', ['-g', 'postgres'])
  return { uid: Number(uid), gid: Number(gid) }
}
