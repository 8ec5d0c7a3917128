import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/**
 * Fetches new mail from the IMAP mailboxes into tickets once (for cron, or to try a
 * mailbox by hand):
 *   node ace mail:fetch                   every enabled mailbox
 *   node ace mail:fetch --mailbox=Sales   one mailbox, by name or id (even when disabled)
 * The queue worker does the same continuously (IDLE, else polling). A mailbox that is down
 * or refuses the login is reported (and shown on its settings page); the others still run.
 * Like the worker, it runs at a lower CPU priority than the web server (WORKER_NICE).
 */
export default class MailFetch extends BaseCommand {
  static commandName = 'mail:fetch'
  static description = 'Fetch new mail from the IMAP mailboxes into tickets'
  static options: CommandOptions = { startApp: true }

  @flags.string({ description: 'Only this mailbox (name or id)' })
  declare mailbox?: string

  async run() {
    const { listMailboxes, fetchMailbox } = await import('#services/support')
    const { yieldToWebServers } = await import('#services/platform')
    const { default: env } = await import('#start/env')
    yieldToWebServers(
      env.get('WORKER_NICE', 10),
      await this.app.container.make('lucid.db'),
      await this.app.container.make('emitter')
    )
    const all = await listMailboxes()
    const chosen = this.mailbox
      ? all.filter((box) => box.name === this.mailbox || String(box.id) === this.mailbox)
      : all.filter((box) => box.enabled)
    if (this.mailbox && !chosen.length) {
      this.logger.error(`No mailbox is named ${this.mailbox}.`)
      this.exitCode = 1
      return
    }
    if (!chosen.length) this.logger.info('No enabled mailbox: add one under Settings → Mailboxes.')
    for (const box of chosen) {
      const started = Date.now()
      const summary = await fetchMailbox(box.id)
      const counts = Object.entries(summary.outcomes)
        .filter(([, count]) => count > 0)
        .map(([outcome, count]) => `${count} ${outcome}`)
      const line = `${box.name}: ${counts.join(', ') || 'nothing new'} in ${Date.now() - started} ms`
      if (summary.error) {
        this.logger.error(`${box.name}: ${summary.error}`)
        this.exitCode = 1
      } else {
        this.logger.success(line)
      }
    }
  }
}
