import env from '#start/env'
import { defineConfig } from '@adonisjs/transmit'
// Not `@adonisjs/transmit/transports`: it also loads the MQTT transport, whose package is absent.
import { redis } from '@boringnode/bus/transports/redis'
import { redisServer } from '#config/redis'

export default defineConfig({
  // Proxies close idle streams; a ping every 30 s keeps the SSE connection open.
  pingInterval: '30s',
  // With REDIS_URL, a broadcast on one instance reaches the streams of every instance
  // (docs/scaling.md); without it each instance relays PostgreSQL NOTIFY itself.
  transport: env.get('REDIS_URL') ? { driver: redis(redisServer) } : null,
})
