import { QueueManager, Worker } from '@adonisjs/queue'
import type { ApplicationService } from '@adonisjs/core/types'
import type { QueueConfig } from '@adonisjs/queue/types'

export const NOTIFICATION_QUEUES = ['notifications']

/**
 * A queue worker inside the current process: what `node ace queue:work` runs, for the
 * web process in development (QUEUE_WORK_IN_WEB) and for tests. Signals are left to the
 * application, which stops the worker in its terminating hooks.
 */
export async function createQueueWorker(app: ApplicationService) {
  const config = app.config.get<QueueConfig>('queue')
  const adapters: Record<string, any> = {}
  for (const [name, adapter] of Object.entries(config.adapters)) {
    adapters[name] = typeof adapter === 'function' ? adapter : await adapter.resolver(app)
  }
  const logger = await app.container.make('logger')
  const worker = new Worker({
    ...config,
    autoLoadJobs: false,
    adapters,
    jobFactory: (JobClass) => app.container.make(JobClass),
    logger,
    worker: { ...config.worker, gracefulShutdown: false },
  })
  // Initialising the worker re-initialises the queue manager: register the jobs again.
  await worker.init()
  await QueueManager.loadJobs()
  return worker
}
