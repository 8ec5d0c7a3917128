import { test } from '@japa/runner'
import env from '#start/env'
import { DATABASE_TIMEOUT_DEFAULTS } from '#config/database'
import { resetDatabase } from '#tests/helpers/database'
import { apiToken } from '#tests/helpers/api'
import { startFreezableProxy } from '#tests/helpers/freezable_proxy'
import { AppProcess, freePort } from '#tests/helpers/app_process'

/** A request and how long its answer took. */
async function timed(url: string, headers: Record<string, string> = {}) {
  const started = performance.now()
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(15_000) })
  const body = await response.text()
  const ms = Math.round(performance.now() - started)
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body, ms }
}

test.group('A database that stops answering', (group) => {
  group.each.setup(resetDatabase)

  test('readiness, API and pages answer 503 within 2 s; the app recovers by itself', async ({
    assert,
  }) => {
    const { token } = await apiToken(['track'])
    const bearer = { authorization: `Bearer ${token}` }

    const database = new URL(env.get('DATABASE_URL')!)
    const proxy = await startFreezableProxy({
      host: database.hostname,
      port: Number(database.port),
    })
    // The real server, through the proxy, with the default limits (.env.test raises the
    // statement limit for the rest of the suite on a busy machine).
    const port = await freePort()
    const server = await AppProcess.pagesServer(port, {
      DATABASE_URL: proxy.urlThrough(database.toString()),
      DATABASE_STATEMENT_TIMEOUT: String(DATABASE_TIMEOUT_DEFAULTS.statement),
      DATABASE_CONNECT_TIMEOUT: String(DATABASE_TIMEOUT_DEFAULTS.connect),
      RESULTS_RECOMPUTE_INTERVAL: '0',
      QUEUE_WORK_IN_WEB: 'false',
    })
    const url = `http://127.0.0.1:${port}`
    try {
      const before = await timed(`${url}/health/ready`)
      assert.equal(before.status, 200)

      proxy.freeze()
      const ready = await timed(`${url}/health/ready`)
      const api = await timed(`${url}/api/me`, bearer)
      const page = await timed(`${url}/help`)

      console.log(`  frozen database: ready ${ready.ms} ms, API ${api.ms} ms, page ${page.ms} ms`)
      assert.equal(ready.status, 503, server.output)
      assert.include(ready.body, '"isHealthy":false')
      assert.isBelow(ready.ms, 2000)

      assert.equal(api.status, 503, server.output)
      assert.equal(JSON.parse(api.body).error.code, 'database_unavailable')
      assert.equal(api.retryAfter, '5')
      assert.isBelow(api.ms, 2000)

      assert.equal(page.status, 503, server.output)
      assert.include(page.body, 'Temporarily unavailable')
      assert.equal(page.retryAfter, '5')
      assert.isBelow(page.ms, 2000)

      proxy.thaw()
      const thawed = performance.now()
      let recovered = await timed(`${url}/health/ready`)
      while (recovered.status !== 200 && performance.now() - thawed < 10_000) {
        await new Promise((resolve) => setTimeout(resolve, 100))
        recovered = await timed(`${url}/health/ready`)
      }
      assert.equal(recovered.status, 200, recovered.body)
      // Measured: 30–110 ms. No restart, no wait for a reconnect timer.
      assert.isBelow(performance.now() - thawed, 3000)
      const apiAfter = await timed(`${url}/api/me`, bearer)
      const pageAfter = await timed(`${url}/help`)
      assert.equal(apiAfter.status, 200)
      assert.equal(pageAfter.status, 200)
    } finally {
      proxy.thaw()
      await server.kill()
      await proxy.close()
    }
  }).timeout(120_000)
})
