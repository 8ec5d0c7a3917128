import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { UserFactory } from '#database/factories/user_factory'
import { resetDatabase } from '#tests/helpers/database'
import { runningExperiment } from '#tests/helpers/experiments'
import { forgetDefinitions, definitions } from '#services/experiments/definitions'
import { assign } from '#services/experiments/assignment_service'
import { createToken } from '#services/accounts/token_service'

test.group('Browser / the event tracker for host pages', (group) => {
  group.each.setup(async () => {
    await resetDatabase()
    forgetDefinitions()
  })

  test('batches events with a client key and flushes the rest with sendBeacon on page hide', async ({
    visit,
    assert,
  }) => {
    const owner = await UserFactory.apply('admin').create()
    const { secret } = await createToken(owner, {
      name: 'Site',
      kind: 'client',
      abilities: ['evaluate', 'track'],
      expiresInDays: null,
    })
    const experiment = await runningExperiment()
    const all = await definitions()
    await assign({ userId: '7', attributes: {} }, [all.experimentsById.get(experiment.id)!])

    const page = await visit('/login')
    await page.addScriptTag({ url: '/beacon-tracker.js' })
    await page.evaluate(
      ({ key, id }) => {
        const g = globalThis as any
        g.tracker = g.BeaconTracker.init({
          clientKey: key,
          userContext: { userId: 7 },
          flushInterval: 60_000,
        })
        g.tracker.track({ experimentId: id, eventType: 'page_view' })
        g.tracker.track({ experimentId: id, eventType: 'signup', eventData: { eventValue: 1 } })
        return g.tracker.flush()
      },
      { key: secret, id: experiment.id }
    )
    const batched = await db.from('experiment_events').count('* as n').first()
    assert.equal(Number(batched.n), 2)

    // Left in the queue when the page goes away: sent by sendBeacon (key in the URL).
    const beacon = page.waitForRequest((r) => r.url().includes('/track/batch?key='))
    await page.evaluate(
      ({ id }) => {
        const g = globalThis as any
        g.tracker.track({
          experimentId: id,
          eventType: 'purchase',
          eventData: { eventValue: 49.9 },
        })
        g.tracker.flushOnExit()
      },
      { id: experiment.id }
    )
    await beacon
    await page.waitForTimeout(300)
    const purchase = await db.from('experiment_events').where('event_name', 'purchase').first()
    assert.equal(purchase.value, 49.9)
    assert.equal(purchase.subject_id, '7')
  })
})
