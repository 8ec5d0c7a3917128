import pg from 'pg'
import type { Logger } from '@adonisjs/core/logger'
import { PG_LIVE_CHANNEL, relay } from '#services/live/live_updates'

/**
 * Holds one dedicated PostgreSQL connection that LISTENs for live-update notifications
 * and relays them to Transmit. Reconnects forever with capped backoff, so a database
 * restart only delays live updates (pages also poll every 60 s).
 */
export class NotifyBridge {
  #client: pg.Client | null = null
  #stopped = false
  #retryTimer: NodeJS.Timeout | null = null
  #attempt = 0

  constructor(
    private connectionString: string,
    private logger: Logger
  ) {}

  async start() {
    this.#stopped = false
    await this.#connect()
  }

  async #connect() {
    if (this.#stopped) return
    const client = new pg.Client({ connectionString: this.connectionString })
    client.on('notification', (message) => {
      if (message.channel === PG_LIVE_CHANNEL) relay(message.payload)
    })
    client.on('error', (error) => {
      this.logger.warn(`live-update listener lost its database connection: ${error.message}`)
      this.#scheduleReconnect(client)
    })
    client.on('end', () => this.#scheduleReconnect(client))
    try {
      await client.connect()
      await client.query(`LISTEN ${PG_LIVE_CHANNEL}`)
      this.#client = client
      if (this.#attempt > 0) this.logger.info('live-update listener reconnected')
      this.#attempt = 0
    } catch (error) {
      this.logger.warn(
        `live-update listener could not connect (${(error as Error).message}); retrying`
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
