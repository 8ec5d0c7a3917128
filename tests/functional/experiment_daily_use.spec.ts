import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { UserFactory } from '#database/factories/user_factory'
import { resetDatabase } from '#tests/helpers/database'
import { runningExperiment } from '#tests/helpers/experiments'
import { seedResults } from '#tests/helpers/results'
import { findExperimentOrFail } from '#services/experiments/experiment_service'
import { recomputeExperiment } from '#services/results/recompute_service'

test.group('Experiment pages / daily use', (group) => {
  group.each.setup(resetDatabase)

  test('the Complete dialog quotes the recommendation and preselects its winner', async ({
    client,
    assert,
  }) => {
    const experiment = await runningExperiment({ minimumSampleSize: 1000 })
    await seedResults(experiment, {
      control: { subjects: 2000, converters: 200 },
      treatment: { subjects: 2000, converters: 300 },
    })
    await recomputeExperiment(await findExperimentOrFail(experiment.id), { computedBy: 'test' })
    const admin = await UserFactory.apply('admin').create()
    const page = await client.get(`/experiments/${experiment.id}`).loginAs(admin)
    const html = page.text()
    assert.match(
      html,
      /data-complete-recommendation[\s\S]*?Treatment converts 50\.0% better than control/
    )
    assert.match(html, /<option value="treatment" selected>Treatment \(treatment\) — recommended/)
    assert.match(html, /id="reason-complete"[^>]*>As the results recommend: Treatment converts/)
  })

  test('targeting is shown as readable rules, not JSON', async ({ client, assert }) => {
    const experiment = await runningExperiment({
      targeting: {
        all: [
          { attribute: 'country', op: 'in', value: ['DE', 'FR'] },
          {
            any: [
              { attribute: 'plan.tier', op: 'eq', value: 'pro' },
              { not: { attribute: 'email', op: 'contains', value: '@test' } },
            ],
          },
          { attribute: 'age', op: 'gte', value: 18 },
        ],
      },
    })
    const admin = await UserFactory.apply('admin').create()
    const page = await client.get(`/experiments/${experiment.id}`).loginAs(admin)
    const html = page.text()
    assert.notInclude(html, '&quot;attribute&quot;')
    const rules = html.slice(html.indexOf('data-targeting-rules'))
    for (const line of [
      'All of:',
      'country is one of “DE”, “FR”',
      'Any of:',
      'plan.tier is “pro”',
      'Not:',
      'email contains “@test”',
      'age is at least 18',
    ])
      assert.include(rules, line)
  })

  test('"Recompute now" right after a burst says events settle for 10 s', async ({
    client,
    assert,
  }) => {
    const experiment = await runningExperiment()
    await seedResults(experiment, { control: { subjects: 10, converters: 1 } })
    const control = experiment.variants.find((v) => v.isControl)!
    await db.table('experiment_events').multiInsert(
      Array.from({ length: 3 }, (_, i) => ({
        experiment_id: experiment.id,
        variant_id: control.id,
        subject_id: `control-${i}`,
        event_name: 'signup',
        occurred_at: new Date(),
        received_at: new Date(),
      }))
    )
    const admin = await UserFactory.apply('admin').create()
    const response = await client
      .post(`/experiments/results/${experiment.id}/recompute`)
      .loginAs(admin)
      .withCsrfToken()
    assert.match(
      response.text(),
      /data-settling-notice[\s\S]*?3 events arrived in the last 10 s and are not counted yet: events settle for 10 s/
    )
  })
})
