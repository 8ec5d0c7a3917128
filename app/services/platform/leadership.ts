import { hostname } from 'node:os'
import pg from 'pg'
import type { Logger } from '@adonisjs/core/logger'

/** The session advisory lock whose holder leads (one key per database). */
export const LEADER_LOCK = 7_240_313
/** Held by the one process (web leader or queue worker) that watches the IMAP mailboxes. */
export const MAILBOX_WATCH_LOCK = 7_240_314

/** Work that only the leader does: started when this instance is elected, stopped when it is not. */
export type LeaderTask = () => Promise<() => Promise<void> | void> | (() => Promise<void> | void)

export interface LeadershipOptions {
  /** How often a follower tries to take the lock, and the leader checks it still holds it (ms). */
  checkEveryMs?: number
  instanceId?: string
  /** Another election than the leader's (MAILBOX_WATCH_LOCK). */
  lock?: number
}

/**
 * Exactly one instance (web process) on a database leads: it runs the timers (results
 * recompute, mailbox watching, the queue's schedules). It is elected by holding a PostgreSQL
 * session advisory lock on a connection of its own (never a pool connection: the pool hands
 * connections around, and a lock must live exactly as long as its session).
 *
 * PostgreSQL releases the lock when that session ends: the leader exits or is killed (the
 * kernel closes its socket at once), or it vanishes from the network (the server's TCP
 * keepalives, set short on this session, end it within about 6 s). Followers try every
 * `checkEveryMs` (3 s), so another instance leads within 10 s. The leader checks its
 * connection as often and steps down (stops its tasks) when it cannot; old and new leader
 * may overlap by a second or two, which the tasks' own locks make harmless.
 */
export class Leadership {
  readonly instanceId: string
  #client: pg.Client | null = null
  #leading = false
  #stopped = true
  #timer: NodeJS.Timeout | null = null
  #checking = false
  #tasks: LeaderTask[] = []
  #stops: (() => Promise<void> | void)[] = []
  #checkEveryMs: number
  #lock: number

  constructor(
    private connection: pg.ClientConfig,
    private logger: Logger,
    options: LeadershipOptions = {}
  ) {
    this.#checkEveryMs = options.checkEveryMs ?? 3000
    this.#lock = options.lock ?? LEADER_LOCK
    this.instanceId = options.instanceId || `${hostname()}:${process.pid}`
  }

  get isLeader() {
    return this.#leading
  }

  /** Runs `task` whenever this instance leads (register before `start`). */
  whileLeading(task: LeaderTask) {
    this.#tasks.push(task)
  }

  async start() {
    if (this.#lock === LEADER_LOCK) started = this
    this.#stopped = false
    await this.#check()
    this.#timer = setInterval(() => void this.#check(), this.#checkEveryMs)
    this.#timer.unref()
  }

  async #check() {
    if (this.#checking || this.#stopped) return
    this.#checking = true
    try {
      const client = this.#client ?? (await this.#connect())
      if (this.#leading) {
        await client.query('SELECT 1')
      } else {
        const { rows } = await client.query('SELECT pg_try_advisory_lock($1) AS won', [this.#lock])
        if (rows[0].won && !this.#stopped) await this.#lead()
      }
    } catch (error) {
      if (this.#leading) {
        this.logger.warn(
          `lost the leader's connection (${(error as Error).message}); stepping down`
        )
      }
      await this.#dropConnection()
    } finally {
      this.#checking = false
    }
  }

  async #connect() {
    const client = new pg.Client({
      ...this.connection,
      keepAlive: true,
      keepAliveInitialDelayMillis: 1000,
      application_name: `beacon election ${this.#lock} ${this.instanceId}`.slice(0, 63),
    })
    // A dropped connection is noticed by the next check; without a listener it would throw.
    client.on('error', () => {})
    await client.connect()
    this.#client = client
    // The server notices a leader that vanished from the network after 3 + 3 × 1 s.
    await client.query(
      'SET tcp_keepalives_idle = 3; SET tcp_keepalives_interval = 1; SET tcp_keepalives_count = 3'
    )
    return client
  }

  async #lead() {
    this.#leading = true
    this.logger.info(`instance ${this.instanceId} won election ${this.#lock}`)
    for (const task of this.#tasks) {
      try {
        this.#stops.push(await task())
      } catch (error) {
        this.logger.error({ err: error }, 'a leader task failed to start')
      }
    }
  }

  async #stepDown() {
    if (!this.#leading) return
    this.#leading = false
    const stops = this.#stops.splice(0)
    for (const stop of stops.reverse()) {
      try {
        await stop()
      } catch (error) {
        this.logger.warn(`a leader task failed to stop: ${(error as Error).message}`)
      }
    }
  }

  async #dropConnection() {
    await this.#stepDown()
    const client = this.#client
    this.#client = null
    await client?.end().catch(() => {})
  }

  /** Stops leading (the tasks first) and lets another instance take over at its next try. */
  async stop() {
    if (started === this) started = null
    this.#stopped = true
    if (this.#timer) clearInterval(this.#timer)
    this.#timer = null
    await this.#dropConnection()
  }
}

/** The election this process started (web processes only). */
let started: Leadership | null = null

/** What `/health/ready` says: this instance's id and whether it leads. */
export function leadershipReport() {
  return {
    instanceId: started?.instanceId ?? `${hostname()}:${process.pid}`,
    leader: started?.isLeader ?? false,
  }
}
