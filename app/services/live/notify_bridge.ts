import pg from 'pg'
import type { Logger } from '@adonisjs/core/logger'

/** What to do with the payload of a notification on each LISTENed channel. */
export type NotificationHandlers = Record<string, (payload: string | undefined) => void>

/**
 * Holds one dedicated PostgreSQL connection that LISTENs on the given channels (live
 * updates, configuration changes) and hands each notification to its handler.
 * Reconnects forever with capped backoff, so a database restart only delays them (pages
 * also poll every 60 s). On reconnect every handler runs once with no payload, since
 * notifications sent while disconnected are lost.
 */
export class NotifyBridge {
  #client: pg.Client | null = null
  #stopped = false
  #retryTimer: NodeJS.Timeout | null = null
  #attempt = 0

  constructor(
    private connection: pg.ClientConfig,
    private logger: Logger,
    private handlers: NotificationHandlers
  ) {}

  async start() {
    this.#stopped = false
    await this.#connect()
  }

  async #connect() {
    if (this.#stopped) return
    const client = new pg.Client(this.connection)
    client.on('notification', (message) => this.handlers[message.channel]?.(message.payload))
    client.on('error', (error) => {
      this.logger.warn(`notification listener lost its database connection: ${error.message}`)
      this.#scheduleReconnect(client)
    })
    client.on('end', () => this.#scheduleReconnect(client))
    try {
      await client.connect()
      for (const channel of Object.keys(this.handlers)) {
        await client.query(`LISTEN ${client.escapeIdentifier(channel)}`)
      }
      this.#client = client
      if (this.#attempt > 0) {
        this.logger.info('notification listener reconnected')
        for (const handler of Object.values(this.handlers)) handler(undefined)
      }
      this.#attempt = 0
    } catch (error) {
      this.logger.warn(
        `notification listener could not connect (${(error as Error).message}); retrying`
      )
      this.#scheduleReconnect(client)
    }
  }

  #scheduleReconnect(client: pg.Client) {
    if (this.#stopped || this.#retryTimer) return
    if (this.#client && this.#client !== client) return
    this.#client = null
    client.removeAllListeners('end')
    client.end().catch(() => {})
    const delay = Math.min(30_000, 500 * 2 ** this.#attempt++)
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null
      void this.#connect()
    }, delay)
  }

  async stop() {
    this.#stopped = true
    if (this.#retryTimer) clearTimeout(this.#retryTimer)
    this.#retryTimer = null
    const client = this.#client
    this.#client = null
    if (client) {
      client.removeAllListeners('end')
      await client.end().catch(() => {})
    }
  }
}
