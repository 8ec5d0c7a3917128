import { configProvider } from '@adonisjs/core'
import { SessionClient } from '@adonisjs/session/client'
import { ApiClient, ApiRequest } from '@japa/api-client'
import { decoratorsCollection } from '@japa/browser-client'
import type { ApplicationService } from '@adonisjs/core/types'
import type { PluginFn } from '@japa/runner/types'
import type {
  ResolvedSessionConfig,
  SessionData,
  SessionStoreContract,
} from '@adonisjs/session/types'

/**
 * The app's session store, with a way to wait for the writes the test session client
 * starts and never awaits (its commit and destroy are fire-and-forget). A seeded session
 * that could not be written fails the next request; a failed clean-up after a response
 * (a test of a database outage) is ignored.
 */
class SettledStore implements SessionStoreContract {
  #pending = new Set<Promise<void>>()
  #failure: unknown

  constructor(private store: SessionStoreContract) {}

  read(sessionId: string) {
    return this.store.read(sessionId)
  }
  write(sessionId: string, data: SessionData) {
    this.track(this.store.write(sessionId, data))
  }
  destroy(sessionId: string) {
    this.track(this.store.destroy(sessionId), false)
  }
  touch(sessionId: string) {
    this.track(this.store.touch(sessionId), false)
  }

  track(work: unknown, mustSucceed = true) {
    const done = Promise.resolve(work).then(
      () => {},
      (error) => void (mustSucceed && (this.#failure ??= error))
    )
    this.#pending.add(done)
    void done.then(() => this.#pending.delete(done))
  }

  /** Waits for every write started so far; throws (once) the first that failed. */
  async settled() {
    while (this.#pending.size > 0) await Promise.all(this.#pending)
    const failure = this.#failure
    this.#failure = undefined
    if (failure) throw failure
  }
}

/**
 * `loginAs` and `withSession` of the session and auth plugins seed @adonisjs/session's
 * memory store; the app keeps its sessions in the configured store (database in tests,
 * as in production). Registered after those plugins, this points their session client at
 * the app's store and lets a request or page wait until the seeded session is written.
 */
export function sessionStoreClient(app: ApplicationService): PluginFn {
  return async () => {
    const config = await configProvider.resolve<ResolvedSessionConfig>(
      app,
      app.config.get('session')
    )
    if (!config) throw new Error('config/session.ts does not use defineConfig')
    // Store factories take the request for the cookie store only.
    const store = new SettledStore(config.stores[config.store](null as never, config))

    ApiRequest.getter('sessionClient', () => new SessionClient(store), true)
    ApiClient.onRequest((request) => request.setup(() => store.settled()))

    decoratorsCollection.register({
      context(context) {
        context.sessionClient = new SessionClient(store)
        const { setSession, loginAs } = context
        // loginAs does not await setSession, and setSession does not await the write.
        context.setSession = async (values) => store.track(setSession.call(context, values))
        context.loginAs = async (...args) => {
          await loginAs.apply(context, args)
          await store.settled()
        }
      },
    })
  }
}
