import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig, stores } from '@adonisjs/session'

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
    database: stores.database({ tableName: 'sessions', gcProbability: 2 }),
    // Keys expire by themselves; opens a connection only when this store is used.
    redis: stores.redis({ connection: 'main' }),
  },
})

export default sessionConfig
