import type { Logger } from '@adonisjs/core/logger'
import type { ImapFlow } from 'imapflow'
import env from '#start/env'
import { describeImapError, imapClient, takeNewMessages } from '#services/support/imap_fetch'
import { listMailboxes, mailboxLogin, recordFetch, type Mailbox } from '#services/support/mailboxes'

/** How soon a watcher's connection enters IDLE once a pass is done (imapflow's default: 15 s). */
const IDLE_AFTER_PASS_MS = 100

/**
 * Keeps every enabled mailbox fetched, inside the queue worker (and the web process in
 * development): one connection per mailbox, fetching on connect and whenever IDLE reports
 * new mail; a server without IDLE is polled every MAIL_FETCH_INTERVAL seconds. A mailbox
 * that is down or refuses the login gets its error recorded and is tried again after the
 * interval: nothing stops the loop. The list is re-read every interval, so mailboxes added
 * or edited on the settings page are picked up without a restart.
 */
export class MailboxWatchers {
  #watches = new Map<number, MailboxWatch>()
  #timer?: NodeJS.Timeout
  #intervalMs: number

  constructor(
    private logger: Logger,
    intervalSeconds = env.get('MAIL_FETCH_INTERVAL', 60)
  ) {
    this.#intervalMs = intervalSeconds * 1000
  }

  async start() {
    await this.refresh()
    this.#timer = setInterval(() => void this.refresh(), this.#intervalMs)
  }

  async stop() {
    clearInterval(this.#timer)
    await Promise.all([...this.#watches.values()].map((watch) => watch.stop()))
    this.#watches.clear()
  }

  /** Starts new mailboxes, restarts edited ones, stops removed or disabled ones. */
  async refresh() {
    let boxes: Mailbox[]
    try {
      const all = await listMailboxes()
      boxes = all.filter((box) => box.enabled)
    } catch (error) {
      this.logger.warn({ err: error }, 'could not read the IMAP mailboxes; trying again later')
      return
    }
    const wanted = new Map(boxes.map((box) => [box.id, box]))
    for (const [id, watch] of this.#watches) {
      const box = wanted.get(id)
      if (!box || box.updatedAt.getTime() !== watch.version) {
        this.#watches.delete(id)
        await watch.stop()
      }
    }
    for (const box of boxes) {
      if (this.#watches.has(box.id)) continue
      const watch = new MailboxWatch(box, this.#intervalMs, this.logger)
      this.#watches.set(box.id, watch)
      watch.start()
    }
  }
}

class MailboxWatch {
  version: number
  #client?: ImapFlow
  #stopped = false
  #retry?: NodeJS.Timeout
  #poll?: NodeJS.Timeout
  #running?: Promise<void>
  #again = false

  constructor(
    private box: Mailbox,
    private intervalMs: number,
    private logger: Logger
  ) {
    this.version = box.updatedAt.getTime()
  }

  start() {
    void this.#connect()
  }

  async stop() {
    this.#stopped = true
    clearTimeout(this.#retry)
    clearInterval(this.#poll)
    await this.#running?.catch(() => {})
    await this.#client?.logout().catch(() => this.#client?.close())
  }

  async #connect() {
    if (this.#stopped) return
    try {
      const login = await mailboxLogin(this.box.id)
      // IDLE again right after each pass (its mailbox lock keeps IDLE out during one).
      const client = imapClient(login, { idleAfterMs: IDLE_AFTER_PASS_MS })
      this.#client = client
      client.on('error', (error) => this.logger.warn({ err: error }, `mailbox ${this.box.name}`))
      client.on('close', () => {
        clearInterval(this.#poll)
        if (this.#client === client) this.#scheduleReconnect()
      })
      await client.connect()
      // New mail while idling: `exists` grows.
      client.on('exists', (info) => {
        this.logger.debug({ mailbox: this.box.id, count: info.count }, 'imap exists')
        this.#fetch()
      })
      if (!client.capabilities.has('IDLE')) {
        this.#poll = setInterval(() => this.#fetch(), this.intervalMs)
      }
      this.#fetch()
    } catch (error) {
      await this.#fail(error)
    }
  }

  /** One pass at a time; a trigger during a pass runs one more after it. */
  #fetch() {
    if (this.#running) {
      this.#again = true
      return
    }
    this.#running = (async () => {
      try {
        do {
          this.#again = false
          const login = await mailboxLogin(this.box.id)
          await takeNewMessages(this.#client!, login)
        } while (this.#again && !this.#stopped)
      } catch (error) {
        await this.#fail(error)
      } finally {
        this.#running = undefined
      }
    })()
  }

  async #fail(error: unknown) {
    if (this.#stopped) return
    const message = describeImapError(error)
    this.logger.warn(`mailbox ${this.box.name}: ${message}`)
    await recordFetch(this.box.id, { error: message }).catch(() => {})
    const client = this.#client
    this.#client = undefined
    client?.close()
    this.#scheduleReconnect()
  }

  #scheduleReconnect() {
    clearTimeout(this.#retry)
    if (this.#stopped) return
    this.#retry = setTimeout(() => void this.#connect(), this.intervalMs)
  }
}
