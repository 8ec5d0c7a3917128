import { existsSync } from 'node:fs'
import { assert } from '@japa/assert'
import { apiClient } from '@japa/api-client'
import app from '@adonisjs/core/services/app'
import type { Config } from '@japa/runner/types'
import { pluginAdonisJS } from '@japa/plugin-adonisjs'
import { browserClient } from '@japa/browser-client'
import testUtils from '@adonisjs/core/services/test_utils'
import { dbAssertions } from '@adonisjs/lucid/plugins/db'
import { shieldApiClient } from '@adonisjs/shield/plugins/api_client'
import { authApiClient } from '@adonisjs/auth/plugins/api_client'
import { authBrowserClient } from '@adonisjs/auth/plugins/browser_client'
import { sessionApiClient } from '@adonisjs/session/plugins/api_client'
import { sessionBrowserClient } from '@adonisjs/session/plugins/browser_client'
import { chromium } from 'playwright'
import { lockTestDatabase } from '#tests/helpers/test_run_lock'
import { sessionStoreClient } from '#tests/helpers/session_store_client'

/**
 * Browser tests drive the system Chromium (Playwright cannot download its own here).
 * Without one, the browser suite is skipped with a loud line, never silently.
 */
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const hasChromium = existsSync(chromiumPath)

export const plugins: Config['plugins'] = [
  assert(),
  apiClient(),
  pluginAdonisJS(app),
  dbAssertions(app),
  sessionApiClient(app),
  shieldApiClient(),
  authApiClient(app),
  ...(hasChromium
    ? [
        browserClient({
          runInSuites: ['browser'],
          launcher: (options) =>
            chromium.launch({
              ...options,
              executablePath: chromiumPath,
              args: [
                '--no-sandbox',
                '--disable-gpu',
                '--disable-quic',
                '--no-first-run',
                '--disable-background-networking',
                '--disable-component-update',
                '--disable-sync',
              ],
            }),
        }),
        sessionBrowserClient(app),
        authBrowserClient(app),
      ]
    : []),
  // After the session and auth plugins: their loginAs writes into the app's session store.
  sessionStoreClient(app),
]

/**
 * Take the test database for this run, migrate it once, and roll everything back after
 * the run (cleanups run in reverse order: roll back, then release).
 */
export const runnerHooks: Required<Pick<Config, 'setup' | 'teardown'>> = {
  setup: [lockTestDatabase, () => testUtils.db().migrate()],
  teardown: [],
}

export const configureSuite: Config['configureSuite'] = (suite) => {
  if (['browser', 'functional'].includes(suite.name)) {
    suite.setup(() => testUtils.httpServer().start())
  }
  // Only on a developer's machine without Chromium, so the other suites still run (loudly).
  // CI installs Chromium (.ci/run); there the browser tests always run, and fail without it.
  if (suite.name === 'browser' && !hasChromium && !process.env.CI) {
    const reason = `Chromium not found at ${chromiumPath} (set CHROMIUM_PATH or apt-get install chromium)`
    console.warn(`\n!!! BROWSER SUITE SKIPPED: ${reason} !!!\n`)
    suite.onGroup((group) => group.tap((t) => t.skip(true, reason)))
    suite.onTest((t) => t.skip(true, reason))
  }
}
