import { connect } from 'node:net'
import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import { configProvider } from '@adonisjs/core'
import db from '@adonisjs/lucid/services/db'
import redis from '@adonisjs/redis/services/main'
import { SessionCollection } from '@adonisjs/session'
import SessionMiddleware from '@adonisjs/session/session_middleware'
import type { ResolvedSessionConfig } from '@adonisjs/session/types'
import env from '#start/env'
import { UserFactory } from '#database/factories/user_factory'
import { resetDatabase } from '#tests/helpers/database'
import { CookieBrowser } from '#tests/helpers/cookie_browser'

const host = env.get('REDIS_HOST', '127.0.0.1')
const port = env.get('REDIS_PORT', 6379)

/** Whether something accepts connections on the Redis port within half a second. */
function redisAnswers() {
  return new Promise<boolean>((resolve) => {
    const socket = connect({ host, port, timeout: 500 })
    const answer = (answers: boolean) => {
      socket.destroy()
      resolve(answers)
    }
    socket.once('connect', () => answer(true))
    socket.once('error', () => answer(false))
    socket.once('timeout', () => answer(false))
  })
}

const reachable = await redisAnswers()
if (!reachable)
  console.warn(`\n!!! REDIS SESSION TEST SKIPPED: nothing answers on ${host}:${port} !!!\n`)

test.group('Sessions / Redis store (SESSION_DRIVER=redis)', (group) => {
  group.each.setup(resetDatabase)

  // The app under test keeps sessions in the database; here the session middleware and
  // the collection the accounts domain ends sessions with use the real Redis instead.
  group.setup(async () => {
    if (!reachable) return
    const config = await configProvider.resolve<ResolvedSessionConfig>(
      app,
      app.config.get('session')
    )
    const onRedis = { ...config!, store: 'redis' }
    const emitter = await app.container.make('emitter')
    app.container.swap(SessionMiddleware, () => new SessionMiddleware(onRedis, emitter))
    app.container.swap(SessionCollection, () => new SessionCollection(onRedis))
  })
  group.teardown(() => {
    app.container.restore(SessionMiddleware)
    app.container.restore(SessionCollection)
  })

  test('sign out everywhere ends the sessions kept in Redis', async ({ assert }) => {
    // Redis is shared: an id no other run uses keeps this person's tag set apart.
    const id = 1_000_000_000 + Math.floor(Math.random() * 1_000_000_000)
    const user = await UserFactory.merge({ id }).create()
    const laptop = new CookieBrowser()
    const phone = new CookieBrowser()
    await laptop.signIn(user.email)
    await phone.signIn(user.email)

    const sessions = await app.container.make(SessionCollection)
    const tagged = await sessions.tagged(String(id))
    const ids = tagged.map((session) => session.id)
    assert.lengthOf(ids, 2)
    assert.lengthOf(await db.from('sessions'), 0)

    await laptop.get('/account/notifications')
    await laptop.submit('/account/sessions?_method=DELETE')
    assert.isFalse(await phone.isSignedIn())
    assert.isFalse(await laptop.isSignedIn())
    // The phone's cookie may start an anonymous session under its old id; none holds the user.
    for (const ended of ids) assert.notProperty((await sessions.get(ended)) ?? {}, 'auth_web')
    await redis.connection('main').del(`session_tag:${id}`, ...ids)
  }).skip(!reachable, `Redis does not answer on ${host}:${port}`)
})
