import { readFileSync } from 'node:fs'
import { setPriority } from 'node:os'
import type { Database } from '@adonisjs/lucid/database'
import type { ConnectionContract } from '@adonisjs/lucid/types/database'
import type { EmitterService } from '@adonisjs/core/types'

/** What node-postgres knows of the server process behind one of its connections. */
interface BackendClient {
  processID?: number | null
  host?: string
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1'])

/** The connection's PostgreSQL backend, when it is a process of this machine. */
function localBackend(client: BackendClient): number | null {
  const pid = client.processID
  if (!pid) return null
  const host = client.host ?? ''
  if (!LOOPBACK_HOSTS.has(host) && !host.startsWith('/')) return null
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres' ? pid : null
  } catch {
    return null
  }
}

/**
 * Background processes (the queue worker, `mail:fetch`) lower their CPU priority (nice) on
 * start: where they share cores with the web server, the kernel then serves web requests
 * first and gives the background work what is left, so a burst of mail slows the fetch
 * instead of the inbox (bench/README.md, IMAP fetch). Raising one's own nice value needs no
 * privilege. Much of their CPU is PostgreSQL executing their statements: when the database
 * runs on this machine (the embedded PostgreSQL, by default), the backend of each
 * connection the process opens is lowered too, where the system allows it (the same user,
 * or root); another user's backends keep the database's priority. `niceness` 0 leaves
 * every priority alone.
 */
export function yieldToWebServers(niceness: number, db: Database, emitter: EmitterService) {
  if (niceness <= 0) return
  setPriority(Math.min(niceness, 19))
  const lower = (_id: number, client: BackendClient) => {
    const pid = localBackend(client)
    if (pid === null) return
    try {
      setPriority(pid, Math.min(niceness, 19))
    } catch {
      // Another user's backend: it keeps the database's priority.
    }
  }
  const watch = (connection: ConnectionContract) => {
    for (const pool of new Set([connection.pool, connection.readPool])) {
      pool?.on('createSuccess', lower)
    }
  }
  for (const { connection } of db.manager.connections.values()) {
    if (connection) watch(connection)
  }
  emitter.on('db:connection:connect', watch)
}
