import { test } from '@japa/runner'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { UserFactory } from '#database/factories/user_factory'
import { resetDatabase } from '#tests/helpers/database'
import { runningExperiment } from '#tests/helpers/experiments'
import { seedResults } from '#tests/helpers/results'

const run = promisify(execFile)

test.group('Browser / live results', (group) => {
  group.each.setup(resetDatabase)

  test('an open results page updates by itself after a recompute in another process', async ({
    visit,
    browserContext,
    assert,
  }) => {
    await browserContext.loginAs(await UserFactory.apply('admin').create())
    const experiment = await runningExperiment()
    await seedResults(experiment, {
      control: { subjects: 1000, converters: 100 },
      treatment: { subjects: 1000, converters: 150 },
    })
    const page = await visit(`/experiments/results/${experiment.id}`)
    await page.assertTextContains('#results-panel', 'No results computed yet')
    await page.waitForSelector('#results-panel[data-live-subscribed="true"]', { timeout: 15_000 })
    await page.evaluate(() => ((globalThis as any).__sameDocument = true))

    // cron, on the same machine: a separate OS process.
    await run(process.execPath, ['ace.js', 'experiments:recompute'], {
      env: { ...process.env, NODE_ENV: 'test' },
      cwd: process.cwd(),
    })

    await page.waitForSelector('[data-recommendation]', { timeout: 10_000 })
    await page.assertTextContains(
      '[data-recommendation]',
      'Treatment converts 50.0% better than control'
    )
    await page.assertTextContains('#results-panel', 'Computed')
    assert.isTrue(await page.evaluate(() => (globalThis as any).__sameDocument === true))
  })
})
