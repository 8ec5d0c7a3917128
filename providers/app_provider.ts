import type { ApplicationService } from '@adonisjs/core/types'
import { useKeyObjectsForSecrets } from '#patches/crypto_key_objects'
import { makeChildLoggersOnFirstUse } from '#patches/lazy_child_loggers'

/**
 * Process-level wiring of the web process:
 * - every process: secrets as crypto KeyObjects (see crypto_key_objects), child loggers
 *   (one per request) made on first use (see lazy_child_loggers);
 * - web and test: relay PostgreSQL live-update notifications to Transmit, forget cached
 *   experiment configuration when another process changes it, and measure the read
 *   replicas' lag;
 * - web: elect the one instance that runs the timers (results recompute, the queue's
 *   schedules), and deliver notifications (see below);
 * - `node ace queue:work`, and web with QUEUE_WORK_IN_WEB: watch the IMAP mailboxes (the
 *   one process that wins the mailbox election; the worker at a lower CPU priority,
 *   WORKER_NICE).
 */
export default class AppProvider {
  constructor(protected app: ApplicationService) {}

  register() {
    useKeyObjectsForSecrets()
    this.app.container.resolving('logger', (manager) => makeChildLoggersOnFirstUse(manager))
  }

  async ready() {
    if (this.app.getMode() !== 'run') return
    const environment = this.app.getEnvironment()
    // The ace kernel has no hook per command here; the worker is `node ace queue:work`.
    if (environment === 'console' && process.argv.includes('queue:work')) {
      await this.runInBackground()
      return this.watchMailboxes()
    }
    if (environment !== 'web' && environment !== 'test') return

    const { default: env } = await import('#start/env')
    const logger = await this.app.container.make('logger')
    const { quickQueryTimeouts } = await import('#config/database')
    const connection = { connectionString: env.get('DATABASE_URL')!, ...quickQueryTimeouts }
    // Web instances elect the one that runs the timers (docs/scaling.md).
    const { Leadership } = await import('#services/platform')
    const leadership =
      environment === 'web'
        ? new Leadership(connection, logger, { instanceId: env.get('INSTANCE_ID') })
        : null

    const { NotifyBridge, PG_LIVE_CHANNEL, liveRelay, closeLiveStreams } =
      await import('#services/live')
    const { PG_CONFIG_CHANNEL, forgetDefinitions } = await import('#services/experiments')
    const { PG_CREDENTIALS_CHANNEL } = await import('#services/accounts')
    const { forgetCachedCredentials } = await import('#auth/cached_tokens_user_provider')
    const { PG_KNOWLEDGE_CHANNEL, forgetPublicResults } = await import('#services/knowledge')
    const { PG_GROWTH_CHANNEL, growthNotified } = await import('#services/growth')
    const bridge = new NotifyBridge(connection, logger, {
      [PG_LIVE_CHANNEL]: liveRelay({
        sharedTransport: Boolean(env.get('REDIS_URL')),
        isLeader: () => leadership?.isLeader ?? true,
      }),
      [PG_KNOWLEDGE_CHANNEL]: () => forgetPublicResults(),
      [PG_CONFIG_CHANNEL]: () => forgetDefinitions(),
      [PG_CREDENTIALS_CHANNEL]: () => forgetCachedCredentials(),
      [PG_GROWTH_CHANNEL]: () => void growthNotified().catch(() => {}),
    })
    await bridge.start()
    // Terminating hooks (not shutdown) so they run before the database goes away.
    this.app.terminating(() => bridge.stop())
    // Open event streams would keep the HTTP server from closing on SIGTERM; end them so
    // clients reconnect (to another instance, or to this one once restarted).
    this.app.terminating(() => closeLiveStreams())
    // View counts and search logs still in memory.
    const { flushWriteBehind } = await import('#services/platform')
    this.app.terminating(() => flushWriteBehind())
    // Which read replicas are fresh enough to read from (none configured: nothing runs).
    const { ReplicaMonitor } = await import('#services/platform')
    const replicas = new ReplicaMonitor((error) =>
      logger.warn({ err: error }, 'read replicas: the lag check failed')
    )
    await replicas.start()
    this.app.terminating(() => replicas.stop())

    if (leadership) {
      const { ResultsTimer } = await import('#services/results')
      leadership.whileLeading(() => {
        const timer = new ResultsTimer(env.get('RESULTS_RECOMPUTE_INTERVAL') ?? 60, logger)
        timer.start()
        return () => timer.stop()
      })
      leadership.whileLeading(() => this.scheduleSweeps())
      // Stepping down first lets another instance lead while this one drains.
      this.app.terminating(() => leadership.stop())
      await leadership.start()
      await this.startNotificationDelivery(env.get('QUEUE_WORK_IN_WEB', this.app.inDev))
    }
  }

  /**
   * Schedules the sweep that re-queues lost deliveries, the purge of expired ticket
   * idempotency keys, the SLA sweep (breaches, warnings), the campaign sweep and the event
   * partitions' upkeep: the leader writes the schedules, and whichever queue worker is free
   * fires each one.
   */
  private async scheduleSweeps() {
    const { default: SweepNotifications } = await import('#jobs/sweep_notifications')
    await SweepNotifications.schedule({}).id('notifications-sweep').every('1m').run()
    const { default: PurgeIdempotencyKeys } = await import('#jobs/purge_idempotency_keys')
    await PurgeIdempotencyKeys.schedule({}).id('idempotency-keys-purge').every('1h').run()
    const { default: SweepSlaClocks } = await import('#jobs/sweep_sla_clocks')
    await SweepSlaClocks.schedule({}).id('sla-clocks-sweep').every('1m').run()
    const { default: SweepCampaigns } = await import('#jobs/sweep_campaigns')
    await SweepCampaigns.schedule({}).id('campaigns-sweep').every('1m').run()
    const { default: MaintainEventPartitions } = await import('#jobs/maintain_event_partitions')
    await MaintainEventPartitions.schedule({}).id('event-partitions').every('6h').run()
    return () => {}
  }

  /**
   * In development (QUEUE_WORK_IN_WEB) works the queue here, so nothing else needs
   * starting: every instance works it, and one (elected) watches the mailboxes.
   */
  private async startNotificationDelivery(workInWeb: boolean) {
    if (!workInWeb) return
    const { createQueueWorker, NOTIFICATION_QUEUES } = await import('#services/notifications')
    const logger = await this.app.container.make('logger')
    const worker = await createQueueWorker(this.app)
    worker.start(NOTIFICATION_QUEUES).catch((error) => {
      logger.error({ err: error }, 'the notification queue worker stopped')
    })
    this.app.terminating(() => worker.stop())
    logger.info('working the notification queue in the web process (QUEUE_WORK_IN_WEB)')
    await this.watchMailboxes()
  }

  /**
   * The worker, and the database backends of its connections, yield the CPU to web servers
   * on the same machine (WORKER_NICE).
   */
  private async runInBackground() {
    const { default: env } = await import('#start/env')
    const { yieldToWebServers } = await import('#services/platform')
    yieldToWebServers(
      env.get('WORKER_NICE', 10),
      await this.app.container.make('lucid.db'),
      await this.app.container.make('emitter')
    )
  }

  /**
   * Fetches the IMAP mailboxes into tickets for as long as the process runs, in the one
   * process (of the queue workers and web instances) that wins the mailbox election.
   */
  private async watchMailboxes() {
    const { default: env } = await import('#start/env')
    const { quickQueryTimeouts } = await import('#config/database')
    const { Leadership, MAILBOX_WATCH_LOCK } = await import('#services/platform')
    const { MailboxWatchers } = await import('#services/support')
    const logger = await this.app.container.make('logger')
    const connection = { connectionString: env.get('DATABASE_URL')!, ...quickQueryTimeouts }
    const election = new Leadership(connection, logger, {
      instanceId: env.get('INSTANCE_ID'),
      lock: MAILBOX_WATCH_LOCK,
    })
    election.whileLeading(async () => {
      const watchers = new MailboxWatchers(logger)
      await watchers.start()
      return () => watchers.stop()
    })
    this.app.terminating(() => election.stop())
    await election.start()
  }
}
