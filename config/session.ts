import env from '#start/env'
import { configProvider } from '@adonisjs/core'
import type { ConfigProvider } from '@adonisjs/core/types'
import app from '@adonisjs/core/services/app'
import { defineConfig, stores } from '@adonisjs/session'
import type { SessionStoreFactory } from '@adonisjs/session/types'

/**
 * A page view that changes nothing in its session only extends the session's expiry, and
 * with the database store that is an UPDATE waiting for a disk flush on every view. Each
 * process extends a session at most this often: a session then ends between 11 h 55 min
 * and 12 h after its last request.
 */
const EXTEND_AT_MOST_EVERY_MS = 5 * 60_000
const lastExtended = new Map<string, number>()

function forgetOldExtensions(now: number) {
  if (lastExtended.size < 10_000) return
  for (const [id, at] of lastExtended) {
    if (now - at >= EXTEND_AT_MOST_EVERY_MS) lastExtended.delete(id)
  }
}

function extendAtMostEvery(store: ConfigProvider<SessionStoreFactory>) {
  return configProvider.create<SessionStoreFactory>(async (application) => {
    const factory = await store.resolver(application)
    return (ctx, config) => {
      const instance = factory(ctx, config)
      const touch = instance.touch.bind(instance)
      const write = instance.write.bind(instance)
      instance.touch = async (id) => {
        const now = Date.now()
        if (now - (lastExtended.get(id) ?? 0) < EXTEND_AT_MOST_EVERY_MS) return
        await touch(id)
        forgetOldExtensions(now)
        lastExtended.set(id, now)
      }
      instance.write = async (id, values) => {
        await write(id, values)
        lastExtended.set(id, Date.now())
      }
      return instance
    }
  })
}

/**
 * Sessions live on the server (docs/operations.md, "Sessions"): the cookie carries only
 * the session id, so a failed form's flashed input has no cookie size limit, signing out
 * deletes the session, and a person's sessions can be ended together (they are tagged with
 * the user id at sign-in).
 */
const sessionConfig = defineConfig({
  enabled: true,
  cookieName: 'hx-session',
  clearWithBrowser: false,
  /** An agent's working day, without activity. */
  age: '12h',
  cookie: {
    path: '/',
    httpOnly: true,
    secure: app.inProduction,
    sameSite: 'lax',
  },
  store: env.get('SESSION_DRIVER', env.get('REDIS_URL') ? 'redis' : 'database'),
  stores: {
    // Expired rows are deleted on 2% of session writes (the store's own collection).
    database: extendAtMostEvery(stores.database({ tableName: 'sessions', gcProbability: 2 })),
    // Keys expire by themselves; opens a connection only when this store is used.
    redis: extendAtMostEvery(stores.redis({ connection: 'main' })),
  },
})

export default sessionConfig
