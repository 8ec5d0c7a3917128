import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { resetDatabase } from '#tests/helpers/database'
import { apiToken } from '#tests/helpers/api'
import { runningExperiment } from '#tests/helpers/experiments'
import { forgetDefinitions } from '#services/experiments/definitions'

/**
 * Concurrent assignment and tracking requests are written together (one statement per
 * batch, app/services/platform/micro_batch.ts). What a client relies on must not change:
 * an answer means the row is stored, each request gets its own answer, and a failed write
 * fails every request that waited for it.
 */
test.group('Batched writes of concurrent API requests', (group) => {
  group.each.setup(async () => {
    await resetDatabase()
    forgetDefinitions()
  })

  test('concurrent new subjects each get the variant stored for them, stored before the answer', async ({
    client,
    assert,
  }) => {
    const { token } = await apiToken(['evaluate'])
    const experiment = await runningExperiment()
    const variantKeys = new Map(experiment.variants.map((v) => [v.id, v.key]))
    // 40 subjects, 10 of them asked for twice at once.
    const subjects = [
      ...Array.from({ length: 40 }, (_, i) => `s${i}`),
      ...['s1', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9', 's10'],
    ]

    const answers = await Promise.all(
      subjects.map(async (userId) => {
        const response = await client
          .post('/api/experiments/assignments')
          .bearerToken(token)
          .json({ userContext: { userId } })
        response.assertStatus(200)
        // Stored before the answer: the row is there as soon as the response is.
        const row = await db
          .from('experiment_assignments')
          .where({ experiment_id: experiment.id, subject_id: userId })
          .first()
        assert.exists(row, `no stored assignment for ${userId} after its answer`)
        return {
          userId,
          answered: response.body().data[0].variantId,
          stored: variantKeys.get(row.variant_id),
        }
      })
    )

    for (const { userId, answered, stored } of answers) {
      assert.equal(answered, stored, `${userId} was answered another variant than the stored one`)
    }
    const [{ count }] = await db
      .from('experiment_assignments')
      .where('experiment_id', experiment.id)
      .count('* as count')
    assert.equal(Number(count), 40)
  })

  test('concurrent single events each get their own status and accepted ones are committed', async ({
    client,
    assert,
  }) => {
    const { token } = await apiToken(['evaluate', 'track'])
    const experiment = await runningExperiment()
    const assigned = Array.from({ length: 15 }, (_, i) => `a${i}`)
    for (const userId of assigned) {
      await client
        .post('/api/experiments/assignments')
        .bearerToken(token)
        .json({ userContext: { userId } })
    }
    const calls: { userId: string; expected: number | 'once'; key?: string }[] = [
      ...assigned.map((userId) => ({ userId, expected: 201 })),
      ...Array.from({ length: 10 }, (_, i) => ({ userId: `stranger${i}`, expected: 409 })),
      // The same idempotency key twice at once: stored once, the other a duplicate.
      { userId: 'a0', expected: 'once', key: 'same-key' },
      { userId: 'a0', expected: 'once', key: 'same-key' },
    ]
    const statuses = await Promise.all(
      calls.map(async ({ userId, key }) => {
        const response = await client
          .post('/api/experiments/track')
          .bearerToken(token)
          .json({
            experimentId: experiment.id,
            eventType: 'signup',
            userContext: { userId },
            ...(key ? { idempotencyKey: key } : {}),
          })
        if (response.status() === 201) {
          const stored = await db
            .from('experiment_events')
            .where({ experiment_id: experiment.id, subject_id: userId })
            .first()
          assert.exists(stored, `event of ${userId} answered 201 but not stored`)
        }
        return response
      })
    )

    calls.forEach((call, i) => {
      if (call.expected === 'once') return
      assert.equal(statuses[i].status(), call.expected, `track for ${call.userId}`)
      if (call.expected === 409) assert.equal(statuses[i].body().error.code, 'not_assigned')
    })
    const keyed = statuses.slice(-2).map((response) => response.body().data.status)
    assert.sameMembers(keyed, ['accepted', 'duplicate'])
    const [{ count }] = await db
      .from('experiment_events')
      .where('experiment_id', experiment.id)
      .count('* as count')
    assert.equal(Number(count), 16)
  })

  test('a failed write fails every request that waited for it, with an error', async ({
    client,
    assert,
  }) => {
    const { token } = await apiToken(['evaluate', 'track'])
    const experiment = await runningExperiment()
    // A write that cannot succeed: the table the batch inserts into is gone for a moment.
    await db.rawQuery('ALTER TABLE experiment_assignments RENAME TO experiment_assignments_away')
    try {
      const responses = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          client
            .post('/api/experiments/assignments')
            .bearerToken(token)
            .json({ userContext: { userId: `f${i}` } })
        )
      )
      for (const response of responses) {
        assert.isAtLeast(response.status(), 500, 'a request answered although its write failed')
        assert.notProperty(response.body(), 'data')
      }
    } finally {
      await db.rawQuery('ALTER TABLE experiment_assignments_away RENAME TO experiment_assignments')
    }
    const [{ count }] = await db
      .from('experiment_assignments')
      .where('experiment_id', experiment.id)
      .count('* as count')
    assert.equal(Number(count), 0)
  })
})
