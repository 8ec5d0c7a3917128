import env from '#start/env'
import { defineConfig, drivers } from '@adonisjs/queue'

/**
 * Notification delivery runs on this queue. The database driver needs nothing but
 * PostgreSQL (tables `queue_jobs` and `queue_schedules`); Redis when QUEUE_DRIVER=redis, or
 * by default with REDIS_URL.
 */
export default defineConfig({
  default: env.get('QUEUE_DRIVER', env.get('REDIS_URL') ? 'redis' : 'database'),

  adapters: {
    database: drivers.database({ connectionName: 'postgres' }),
    redis: drivers.redis({ connectionName: 'main' }),
    sync: drivers.sync(),
  },

  worker: {
    concurrency: 4,
    idleDelay: '1s',
    stalledThreshold: '2m',
    stalledInterval: '30s',
  },

  locations: ['./app/jobs/**/*.{ts,js}'],
})
