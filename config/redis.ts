import env from '#start/env'
import { defineConfig } from '@adonisjs/redis'
import type { InferConnections } from '@adonisjs/redis/types'

/**
 * REDIS_URL (several instances, docs/scaling.md) or REDIS_HOST/REDIS_PORT/REDIS_PASSWORD:
 * the Redis of the rate limiter, sessions and the queue when they use it. Connections open
 * on first use, so nothing connects while every store is on PostgreSQL.
 */
function server() {
  const url = env.get('REDIS_URL')
  if (!url) {
    return {
      host: env.get('REDIS_HOST', '127.0.0.1'),
      port: env.get('REDIS_PORT', 6379),
      password: env.get('REDIS_PASSWORD')?.release() ?? '',
      db: 0,
    }
  }
  const parsed = new URL(url)
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 6379),
    username: decodeURIComponent(parsed.username) || undefined,
    password: decodeURIComponent(parsed.password),
    db: Number(parsed.pathname.slice(1) || 0),
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
  }
}

/** Where Transmit's Redis transport connects (its own publisher and subscriber). */
export const redisServer = server()

const redisConfig = defineConfig({
  connection: 'main',
  connections: {
    main: {
      ...redisServer,
      keyPrefix: '',
      retryStrategy(times) {
        return times > 10 ? null : times * 50
      },
    },
  },
})

export default redisConfig

declare module '@adonisjs/redis/types' {
  export interface RedisConnections extends InferConnections<typeof redisConfig> {}
}
