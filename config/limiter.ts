import env from '#start/env'
import { defineConfig, stores } from '@adonisjs/limiter'

/**
 * Rate-limit counters are shared by every web instance: in PostgreSQL by default, in Redis
 * with REDIS_URL (LIMITER_STORE chooses otherwise), or in memory for tests.
 */
const limiterConfig = defineConfig({
  default: env.get('LIMITER_STORE', env.get('REDIS_URL') ? 'redis' : 'database'),
  stores: {
    database: stores.database({ tableName: 'rate_limits' }),
    redis: stores.redis({ connectionName: 'main' }),
    memory: stores.memory({}),
  },
})

export default limiterConfig

declare module '@adonisjs/limiter/types' {
  export interface LimitersList extends InferLimiters<typeof limiterConfig> {}
}
