import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { resetDatabase } from '#tests/helpers/database'
import { apiToken, SAMPLE_EXPERIMENT } from '#tests/helpers/api'
import { runningExperiment } from '#tests/helpers/experiments'
import { seedResults } from '#tests/helpers/results'
import { forgetDefinitions } from '#services/experiments/definitions'
import { createFlag } from '#services/experiments/flag_service'
import { SYSTEM_ACTOR } from '#services/accounts'

test.group('Experiments API / the seed documents’ contract', (group) => {
  group.each.setup(async () => {
    await resetDatabase()
    forgetDefinitions()
  })

  test('POST /{id}/recompute folds, analyses and names the winner; results carry z-score and power', async ({
    client,
    assert,
  }) => {
    const { token } = await apiToken(['manage'])
    const experiment = await runningExperiment({ minimumSampleSize: 1000 })
    await seedResults(experiment, {
      control: { subjects: 2000, converters: 200 },
      treatment: { subjects: 2000, converters: 300 },
    })
    const response = await client
      .post(`/api/experiments/${experiment.key}/recompute`)
      .bearerToken(token)
    response.assertStatus(200)
    const { recompute, results } = response.body().data
    assert.equal(recompute.status, 'ok')
    assert.equal(recompute.eventsFolded, 500)
    assert.equal(results.winningVariant, 'treatment')
    assert.equal(results.computedBy, 'api')
    // The z of the test that decides: §20's relative-lift z of 10 % vs 15 % on 2000 each
    // is 0.5/√(0.1275/20 + 0.0225·0.09/0.2) = 3.89 (the pooled z would be 4.78).
    assert.closeTo(results.zScore, 3.89, 0.01)
    assert.deepEqual(results.zScores, { treatment: results.zScore })
    assert.equal(results.statisticalPower, 0.8)
    assert.isAbove(results.minimumDetectableEffects.treatment.absolute, 0)

    const fetched = await client.get(`/api/experiments/${experiment.id}/results`).bearerToken(token)
    assert.equal(fetched.body().data.zScore, results.zScore)
    const evaluator = await apiToken(['evaluate'])
    const refused = await client
      .post(`/api/experiments/${experiment.id}/recompute`)
      .bearerToken(evaluator.token)
    refused.assertStatus(403)
  })

  test('power analysis: sample size for an effect, MDE for a sample size, power for both', async ({
    client,
    assert,
  }) => {
    const { token } = await apiToken(['manage'])
    const ask = (qs: Record<string, unknown>) =>
      client.get('/api/experiments/sample-size').qs(qs).bearerToken(token)

    const size = await ask({ baseline: 0.15, mde: 0.2, dailyTraffic: 1000 })
    size.assertStatus(200)
    assert.containsSubset(size.body().data, {
      metric: 'proportion',
      sampleSizePerVariant: 2402,
      totalSampleSize: 4804,
      expectedDays: 5,
      statisticalPower: 0.8,
    })
    assert.closeTo(size.body().data.minimumDetectableEffect.absolute, 0.03, 1e-9)

    const means = await ask({ metric: 'mean', baseline: 50, sd: 20, mde: 0.1 })
    assert.equal(means.body().data.sampleSizePerVariant, 252)

    const mde = await ask({ baseline: 0.1, sampleSize: 2000 })
    const detectable = mde.body().data.minimumDetectableEffect.absolute
    assert.isAbove(detectable, 0.02)
    // Asking the sample size for that effect gives the sample size back.
    const back = await ask({ baseline: 0.1, mde: detectable, mdeType: 'absolute' })
    assert.closeTo(back.body().data.sampleSizePerVariant, 2000, 3)

    const power = await ask({ baseline: 0.15, mde: 0.03, mdeType: 'absolute', sampleSize: 1000 })
    assert.closeTo(power.body().data.statisticalPower, 0.44, 0.01)
    assert.isFalse(power.body().data.isAdequatelyPowered)

    const missing = await ask({ baseline: 0.1 })
    missing.assertStatus(422)
    const noSd = await ask({ metric: 'mean', baseline: 10, mde: 0.1 })
    noSd.assertStatus(422)
    const bad = await ask({ baseline: 'x', mde: 0.1 })
    bad.assertStatus(422)
    bad.assertBodyContains({ error: { fields: [{ field: 'baseline' }] } })
  })

  test('variant descriptions and planned start and end dates round-trip through the API', async ({
    client,
    assert,
  }) => {
    const { token } = await apiToken(['manage'])
    const created = await client
      .post('/api/experiments')
      .bearerToken(token)
      .json({
        ...SAMPLE_EXPERIMENT,
        key: undefined,
        variants: SAMPLE_EXPERIMENT.variants.map((v, i) => ({
          ...v,
          description: i === 0 ? 'Today’s blue button' : 'Red, as in the mock-ups',
        })),
        startDate: '2027-01-04T09:00:00Z',
        endDate: '2027-01-18T09:00:00Z',
      })
    created.assertStatus(201)
    const data = created.body().data
    assert.equal(data.variants[1].description, 'Red, as in the mock-ups')
    assert.equal(Date.parse(data.startDate), Date.parse('2027-01-04T09:00:00Z'))
    assert.equal(Date.parse(data.endDate), Date.parse('2027-01-18T09:00:00Z'))
    assert.isNull(data.startedAt)

    const backwards = await client
      .patch(`/api/experiments/${data.id}`)
      .bearerToken(token)
      .json({ startDate: '2027-02-01T00:00:00Z', endDate: '2027-01-01T00:00:00Z' })
    backwards.assertStatus(422)
    backwards.assertBodyContains({ error: { fields: [{ field: 'endDate' }] } })
    const cleared = await client
      .patch(`/api/experiments/${data.id}`)
      .bearerToken(token)
      .json({ endDate: null })
    assert.isNull(cleared.body().data.endDate)
  })

  test('DELETE removes a draft; a started experiment is refused', async ({ client, assert }) => {
    const { token } = await apiToken(['manage'])
    const draft = await runningExperiment({ key: 'draft-one' }, 'draft')
    const deleted = await client.delete(`/api/experiments/${draft.key}`).bearerToken(token)
    deleted.assertStatus(200)
    assert.isTrue(deleted.body().data.deleted)
    const gone = await client.get(`/api/experiments/${draft.id}`).bearerToken(token)
    gone.assertStatus(404)
    assert.lengthOf(await db.from('experiment_variants').where('experiment_id', draft.id), 0)

    const running = await runningExperiment()
    const refused = await client.delete(`/api/experiments/${running.id}`).bearerToken(token)
    refused.assertStatus(409)
    refused.assertBodyContains({ error: { code: 'not_deletable' } })
  })

  test('GET /active lists running experiments for an evaluate token, without secrets', async ({
    client,
    assert,
  }) => {
    await runningExperiment({ targeting: { attribute: 'plan', op: 'eq', value: 'internal-beta' } })
    await runningExperiment({ key: 'still-a-draft' }, 'draft')
    const { token } = await apiToken(['evaluate'])
    const response = await client.get('/api/experiments/active').bearerToken(token)
    response.assertStatus(200)
    const data = response.body().data
    assert.lengthOf(data, 1)
    assert.containsSubset(data[0], {
      experimentKey: 'homepage-cta',
      status: 'running',
      assignmentMode: 'deterministic',
      trafficAllocation: 1,
      variants: [
        { id: 'control', trafficAllocation: 0.5, isControl: true, config: { color: 'blue' } },
        { id: 'treatment', trafficAllocation: 0.5, isControl: false },
      ],
    })
    const text = JSON.stringify(data)
    assert.notInclude(text, 'internal-beta')
    assert.notInclude(text, 'hashSeed')
    const trackOnly = await apiToken(['track'])
    const refused = await client.get('/api/experiments/active').bearerToken(trackOnly.token)
    refused.assertStatus(403)
  })

  test('a feature flag becomes a draft experiment with its variations as variants', async ({
    client,
    assert,
  }) => {
    const flag = await createFlag(
      {
        key: 'new_checkout',
        name: 'New checkout',
        type: 'string',
        enabled: true,
        defaultValue: 'classic',
        rules: [
          { rollout: 10, value: 'one-page' },
          { rollout: 50, value: 'two-step' },
          { rollout: 50, value: 'one-page' },
        ],
      },
      SYSTEM_ACTOR
    )
    const { token } = await apiToken(['manage'])
    const response = await client
      .post('/api/experiments/from-flag/new_checkout')
      .bearerToken(token)
      .json({ primaryMetric: 'purchase' })
    response.assertStatus(201)
    const data = response.body().data
    assert.equal(data.key, 'new_checkout')
    assert.equal(data.status, 'draft')
    assert.deepEqual(data.primaryMetric, { event: 'purchase', kind: 'conversion' })
    assert.deepEqual(
      data.variants.map((v: any) => [v.id, v.isControl, v.config]),
      [
        ['control', true, { new_checkout: 'classic' }],
        ['variation-1', false, { new_checkout: 'one-page' }],
        ['variation-2', false, { new_checkout: 'two-step' }],
      ]
    )
    const linked = await db.from('feature_flags').where('id', flag.id).first()
    assert.equal(linked.experiment_id, data.id)

    const again = await client.post('/api/experiments/from-flag/new_checkout').bearerToken(token)
    again.assertStatus(409)
    again.assertBodyContains({ error: { code: 'flag_already_linked' } })
    const unknown = await client.post('/api/experiments/from-flag/nope').bearerToken(token)
    unknown.assertStatus(404)
  })
})
