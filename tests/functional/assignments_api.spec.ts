import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { resetDatabase } from '#tests/helpers/database'
import { apiToken } from '#tests/helpers/api'
import { runningExperiment } from '#tests/helpers/experiments'
import { forgetDefinitions } from '#services/experiments/definitions'
import { changeStatus } from '#services/experiments/experiment_service'
import { SYSTEM_ACTOR } from '#services/accounts'
import { hash } from '#evaluation/bucketing'

test.group('Experiments API / assignments and exposures', (group) => {
  group.each.setup(async () => {
    await resetDatabase()
    forgetDefinitions()
  })

  test('assigns a user deterministically (GrowthBook hashing), stores it once, answers the same', async ({
    client,
    assert,
  }) => {
    const { token } = await apiToken(['evaluate'])
    const experiment = await runningExperiment()
    const ask = () =>
      client
        .post('/api/experiments/assignments')
        .bearerToken(token)
        .json({ userContext: { userId: 123, userType: 'creator' } })
    const first = await ask()
    first.assertStatus(200)
    const [entry] = first.body().data
    const bucket = hash('homepage-cta', '123', 2)!
    assert.equal(entry.variantId, bucket < 0.5 ? 'control' : 'treatment')
    assert.deepEqual(entry.variantConfig, { color: bucket < 0.5 ? 'blue' : 'red' })
    assert.isTrue(entry.isActive)
    assert.equal(entry.experimentId, experiment.id)
    const second = await ask()
    assert.deepEqual(second.body().data, first.body().data)
    const rows = await db.from('experiment_assignments').where('experiment_id', experiment.id)
    assert.lengthOf(rows, 1)
    assert.equal(rows[0].subject_id, '123')
    assert.closeTo(rows[0].bucket, bucket, 1e-12)
  })

  test('targeting first: a subject outside the rule is not assigned and nothing is stored', async ({
    client,
    assert,
  }) => {
    const { token } = await apiToken(['evaluate'])
    const experiment = await runningExperiment({
      targeting: { attribute: 'country', op: 'in', value: ['DE', 'FR'] },
    })
    const outside = await client
      .post('/api/experiments/assignments')
      .bearerToken(token)
      .json({
        userContext: { userId: 1, customProperties: { country: 'US' } },
        experimentIds: [experiment.id],
      })
    assert.equal(outside.body().data[0].reason, 'not_targeted')
    assert.isNull(outside.body().data[0].variantId)
    const inside = await client
      .post('/api/experiments/assignments')
      .bearerToken(token)
      .json({
        userContext: { userId: 2, customProperties: { country: 'DE' } },
        experimentIds: ['homepage-cta'],
      })
    assert.isTrue(inside.body().data[0].isActive)
    assert.equal(
      await db
        .from('experiment_assignments')
        .count('* as n')
        .first()
        .then((r) => Number(r.n)),
      1
    )
  })

  test('a stored assignment wins over a later change of weights', async ({ client, assert }) => {
    const { token } = await apiToken(['evaluate'])
    const experiment = await runningExperiment()
    const before = await client
      .post('/api/experiments/assignments')
      .bearerToken(token)
      .json({ userContext: { userId: 77 } })
    const variant = before.body().data[0].variantId
    // Move every weight to the other variant behind the service's back (it refuses to).
    await db.from('experiment_variants').where('experiment_id', experiment.id).update({ weight: 0 })
    await db
      .from('experiment_variants')
      .where({ experiment_id: experiment.id, key: variant === 'control' ? 'treatment' : 'control' })
      .update({ weight: 1 })
    forgetDefinitions()
    const after = await client
      .post('/api/experiments/assignments')
      .bearerToken(token)
      .json({ userContext: { userId: 77 } })
    assert.equal(after.body().data[0].variantId, variant)
  })

  test('status rules: paused serves control and stores nothing; completed serves the winner', async ({
    client,
    assert,
  }) => {
    const { token } = await apiToken(['evaluate'])
    const experiment = await runningExperiment({}, 'paused')
    const paused = await client
      .post('/api/experiments/assignments')
      .bearerToken(token)
      .json({ userContext: { userId: 5 }, experimentIds: [experiment.id] })
    assert.deepInclude(paused.body().data[0], {
      variantId: 'control',
      isActive: false,
      reason: 'paused',
    })
    assert.lengthOf(await db.from('experiment_assignments'), 0)
    // Not listed among running experiments when no ids are given.
    const all = await client
      .post('/api/experiments/assignments')
      .bearerToken(token)
      .json({ userContext: { userId: 5 } })
    assert.lengthOf(all.body().data, 0)

    await changeStatus(experiment, 'complete', SYSTEM_ACTOR, {
      winner: 'treatment',
      reason: 'It won',
    })
    forgetDefinitions()
    const done = await client
      .post('/api/experiments/assignments')
      .bearerToken(token)
      .json({ userContext: { userId: 5 }, experimentIds: ['homepage-cta'] })
    assert.deepInclude(done.body().data[0], {
      variantId: 'treatment',
      isActive: false,
      reason: 'completed',
    })
  })

  test('50 concurrent first requests for one subject store exactly one assignment and agree', async ({
    client,
    assert,
  }) => {
    const { token } = await apiToken(['evaluate'])
    const experiment = await runningExperiment({ assignmentMode: 'random' })
    const answers = await Promise.all(
      Array.from({ length: 50 }, () =>
        client
          .post('/api/experiments/assignments')
          .bearerToken(token)
          .json({ userContext: { userId: 'same-user' } })
      )
    )
    const variants = new Set(answers.map((a) => a.body().data[0]?.variantId))
    assert.equal(variants.size, 1)
    assert.isString([...variants][0])
    const rows = await db.from('experiment_assignments').where('experiment_id', experiment.id)
    assert.lengthOf(rows, 1)
    assert.equal(rows[0].how, 'random')
  })

  test('team unit: everyone in a team shares the variant', async ({ client, assert }) => {
    const { token } = await apiToken(['evaluate'])
    await runningExperiment({ unit: 'team' })
    const variants = new Set<string>()
    for (const userId of [1, 2, 3, 4, 5]) {
      const response = await client
        .post('/api/experiments/assignments')
        .bearerToken(token)
        .json({ userContext: { userId, teamId: 'acme' } })
      variants.add(response.body().data[0].variantId)
    }
    assert.equal(variants.size, 1)
    const noTeam = await client
      .post('/api/experiments/assignments')
      .bearerToken(token)
      .json({ userContext: { userId: 9 }, experimentIds: ['homepage-cta'] })
    assert.equal(noTeam.body().data[0].reason, 'no_unit')
  })

  test('exposure: first time kept, repeated calls harmless, unassigned refused', async ({
    client,
    assert,
  }) => {
    const { token } = await apiToken(['evaluate', 'track'])
    const experiment = await runningExperiment({
      targeting: { attribute: 'plan', op: 'eq', value: 'pro' },
    })
    const first = await client
      .post('/api/experiments/exposures')
      .bearerToken(token)
      .json({ experimentId: experiment.id, userContext: { userId: 8, plan: 'pro' } })
    first.assertStatus(200)
    assert.isTrue(first.body().data.firstExposure)
    const stored = await db.from('experiment_assignments').first()
    const exposedAt = stored.first_exposed_at
    assert.isNotNull(exposedAt)
    const again = await client
      .post('/api/experiments/exposures')
      .bearerToken(token)
      .json({ experimentId: 'homepage-cta', userContext: { userId: 8, plan: 'pro' } })
    assert.isFalse(again.body().data.firstExposure)
    const storedAgain = await db.from('experiment_assignments').first()
    assert.equal(storedAgain.first_exposed_at.getTime(), exposedAt.getTime())

    const refused = await client
      .post('/api/experiments/exposures')
      .bearerToken(token)
      .json({ experimentId: experiment.id, userContext: { userId: 9, plan: 'free' } })
    refused.assertStatus(422)
    refused.assertBodyContains({ error: { code: 'not_assigned' } })
  })

  test('validation and unknown experiments', async ({ client }) => {
    const { token } = await apiToken(['evaluate'])
    const bad = await client
      .post('/api/experiments/assignments')
      .bearerToken(token)
      .json({ userContext: 'nope' })
    bad.assertStatus(422)
    bad.assertBodyContains({ error: { code: 'validation_failed' } })
    bad.assertBodyContains({ error: { code: 'validation_failed' } })
  })

  test('an unknown id gets its own error entry; the other listed experiments are answered', async ({
    client,
    assert,
  }) => {
    const { token } = await apiToken(['evaluate'])
    const experiment = await runningExperiment()
    const response = await client
      .post('/api/experiments/assignments')
      .bearerToken(token)
      .json({ userContext: { userId: 1 }, experimentIds: ['no-such-thing', experiment.id, 999] })
    response.assertStatus(200)
    const [unknown, known, missing] = response.body().data
    assert.deepInclude(unknown, {
      experimentId: 'no-such-thing',
      variantId: null,
      isActive: false,
      reason: 'not_found',
    })
    assert.equal(unknown.error.code, 'experiment_not_found')
    assert.equal(known.reason, 'assigned')
    assert.equal(missing.experimentId, 999)
    assert.equal(missing.error.code, 'experiment_not_found')
  })

  test('a user-unit experiment falls back to the sessionId when there is no userId', async ({
    client,
    assert,
  }) => {
    const { token } = await apiToken(['evaluate'])
    const experiment = await runningExperiment()
    const ask = () =>
      client
        .post('/api/experiments/assignments')
        .bearerToken(token)
        .json({ userContext: { sessionId: 'session_abc123' }, experimentIds: [experiment.id] })
    const first = await ask()
    const [entry] = first.body().data
    assert.equal(entry.reason, 'assigned')
    const bucket = hash('homepage-cta', 'session_abc123', 2)!
    assert.equal(entry.variantId, bucket < 0.5 ? 'control' : 'treatment')
    const again = await ask()
    assert.deepEqual(again.body().data, [entry])
    const rows = await db.from('experiment_assignments').where('experiment_id', experiment.id)
    assert.deepEqual(
      rows.map((r) => r.subject_id),
      ['session_abc123']
    )
  })

  test('bulk: many subjects in one call, each answered in order and stored once', async ({
    client,
    assert,
  }) => {
    const { token } = await apiToken(['evaluate'])
    const experiment = await runningExperiment()
    const subjects = Array.from({ length: 200 }, (_, i) => ({ userId: i + 1 }))
    const response = await client
      .post('/api/experiments/assignments/bulk')
      .bearerToken(token)
      .json({ subjects: [...subjects, { userId: 1 }], experimentIds: [experiment.id, 'gone'] })
    response.assertStatus(200)
    const data = response.body().data
    assert.lengthOf(data, 201)
    for (const [index, subject] of subjects.entries()) {
      const bucket = hash('homepage-cta', String(subject.userId), 2)!
      assert.equal(data[index].index, index)
      assert.equal(data[index].assignments[0].variantId, bucket < 0.5 ? 'control' : 'treatment')
      assert.equal(data[index].assignments[1].reason, 'not_found')
    }
    // The same subject twice in one call gets one stored row and one answer.
    assert.deepEqual(data[200].assignments, data[0].assignments)
    const rows = await db.from('experiment_assignments').where('experiment_id', experiment.id)
    assert.lengthOf(rows, 200)
    // The single-subject endpoint answers the same afterwards.
    const single = await client
      .post('/api/experiments/assignments')
      .bearerToken(token)
      .json({ userContext: { userId: 7 } })
    assert.equal(single.body().data[0].variantId, data[6].assignments[0].variantId)

    const tooMany = await client
      .post('/api/experiments/assignments/bulk')
      .bearerToken(token)
      .json({ subjects: [] })
    tooMany.assertStatus(422)
    tooMany.assertBodyContains({ error: { fields: [{ field: 'subjects' }] } })
  })

  test('lookup: answers the stored variant and never creates an assignment', async ({
    client,
    assert,
  }) => {
    const { token } = await apiToken(['evaluate'])
    const experiment = await runningExperiment()
    const lookUp = (userId: number) =>
      client
        .post('/api/experiments/assignments/lookup')
        .bearerToken(token)
        .json({ userContext: { userId }, experimentIds: [experiment.id, 'gone'] })
    const before = await lookUp(5)
    before.assertStatus(200)
    assert.deepInclude(before.body().data[0], {
      variantId: null,
      isActive: false,
      reason: 'not_assigned',
    })
    assert.equal(before.body().data[1].reason, 'not_found')
    assert.lengthOf(await db.from('experiment_assignments'), 0)

    const assigned = await client
      .post('/api/experiments/assignments')
      .bearerToken(token)
      .json({ userContext: { userId: 5 } })
    const after = await lookUp(5)
    assert.deepEqual(after.body().data[0], assigned.body().data[0])
    assert.lengthOf(await db.from('experiment_assignments'), 1)
  })
})
