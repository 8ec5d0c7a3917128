import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { resetDatabase } from '#tests/helpers/database'
import { apiToken } from '#tests/helpers/api'
import { runningExperiment } from '#tests/helpers/experiments'
import { forgetDefinitions } from '#services/experiments/definitions'

async function assigned(client: any, token: string, userId: number) {
  const response = await client
    .post('/api/experiments/assignments')
    .bearerToken(token)
    .json({ userContext: { userId } })
  return response.body().data[0].variantId as string
}

test.group('Experiments API / event tracking', (group) => {
  group.each.setup(async () => {
    await resetDatabase()
    forgetDefinitions()
  })

  test('a tracked event is committed with its value and properties; a retry is stored once', async ({
    client,
    assert,
  }) => {
    const { token } = await apiToken(['evaluate', 'track'])
    const experiment = await runningExperiment()
    const variant = await assigned(client, token, 123)
    const event = {
      experimentId: experiment.id,
      variantId: variant,
      eventType: 'button_click',
      userContext: { userId: 123, sessionId: 'session_abc123' },
      eventData: {
        eventName: 'CTA Button Click',
        eventValue: 1,
        properties: { page: 'homepage' },
        url: '/homepage',
      },
      idempotencyKey: 'evt-1',
    }
    const first = await client.post('/api/experiments/track').bearerToken(token).json(event)
    first.assertStatus(201)
    first.assertBody({ success: true, data: { status: 'accepted' } })
    const retry = await client.post('/api/experiments/track').bearerToken(token).json(event)
    retry.assertStatus(200)
    retry.assertBody({ success: true, data: { status: 'duplicate' } })

    const rows = await db.from('experiment_events')
    assert.lengthOf(rows, 1)
    assert.equal(rows[0].event_name, 'button_click')
    assert.equal(rows[0].value, 1)
    assert.deepEqual(rows[0].properties, {
      page: 'homepage',
      eventName: 'CTA Button Click',
      url: '/homepage',
    })
    assert.equal(rows[0].subject_id, '123')
  })

  test('rejections name their reason', async ({ client, assert }) => {
    const { token } = await apiToken(['evaluate', 'track'])
    const experiment = await runningExperiment()
    const variant = await assigned(client, token, 1)
    const other = variant === 'control' ? 'treatment' : 'control'
    const base = { experimentId: experiment.id, eventType: 'signup', userContext: { userId: 1 } }
    const cases: [object, number, string][] = [
      [{ ...base, experimentId: 999 }, 404, 'unknown_experiment'],
      [{ ...base, variantId: 'nope' }, 409, 'unknown_variant'],
      [{ ...base, variantId: other }, 409, 'variant_mismatch'],
      [{ ...base, userContext: { userId: 2 } }, 409, 'not_assigned'],
      [{ ...base, userContext: { teamId: 'x' } }, 409, 'no_subject'],
      [{ ...base, userContext: { sessionId: 'x' } }, 409, 'not_assigned'],
      [{ ...base, eventType: 'bad name!' }, 422, 'invalid'],
      [{ ...base, occurredAt: '2999-01-01T00:00:00Z' }, 409, 'occurred_in_future'],
    ]
    for (const [body, status, code] of cases) {
      const response = await client.post('/api/experiments/track').bearerToken(token).json(body)
      assert.equal(response.status(), status, code)
      assert.equal(response.body().error.code, code)
    }
    assert.lengthOf(await db.from('experiment_events'), 0)
  })

  test('events for an experiment that is not running are rejected', async ({ client, assert }) => {
    const { token } = await apiToken(['evaluate', 'track'])
    const experiment = await runningExperiment({}, 'paused')
    const response = await client
      .post('/api/experiments/track')
      .bearerToken(token)
      .json({ experimentId: experiment.key, eventType: 'signup', userContext: { userId: 1 } })
    response.assertStatus(409)
    assert.equal(response.body().error.code, 'experiment_not_running')
  })

  test('a batch answers per event: accepted, duplicate, rejected — one bad event sinks nothing', async ({
    client,
    assert,
  }) => {
    const { token } = await apiToken(['evaluate', 'track'])
    const experiment = await runningExperiment()
    await assigned(client, token, 1)
    await assigned(client, token, 2)
    const event = (userId: unknown, key?: string) => ({
      experimentId: experiment.id,
      eventType: 'page_view',
      userContext: { userId },
      ...(key ? { idempotencyKey: key } : {}),
    })
    const response = await client
      .post('/api/experiments/track/batch')
      .bearerToken(token)
      .json({
        events: [event(1, 'a'), event(2, 'b'), event(1, 'a'), 'not an object', event(3), event(2)],
      })
    response.assertStatus(200)
    const { accepted, duplicates, rejected, results } = response.body().data
    assert.deepEqual([accepted, duplicates, rejected], [3, 1, 2])
    assert.deepEqual(
      results.map((r: any) => r.status),
      ['accepted', 'accepted', 'duplicate', 'rejected', 'rejected', 'accepted']
    )
    assert.equal(results[3].reason, 'invalid')
    assert.equal(results[4].reason, 'not_assigned')
    assert.lengthOf(await db.from('experiment_events'), 3)

    const retried = await client
      .post('/api/experiments/track/batch')
      .bearerToken(token)
      .json({ events: [event(1, 'a')] })
    assert.equal(retried.body().data.results[0].status, 'duplicate')
  })

  test('batch envelope validation and the body size limit', async ({ client, assert }) => {
    const { token } = await apiToken(['track'])
    const empty = await client
      .post('/api/experiments/track/batch')
      .bearerToken(token)
      .json({ events: [] })
    empty.assertStatus(422)
    const huge = await client
      .post('/api/experiments/track/batch')
      .bearerToken(token)
      .json({ events: [{ eventType: 'x', padding: 'y'.repeat(1_200_000) }] })
    huge.assertStatus(413)
    assert.equal(huge.body().error.code, 'payload_too_large')
  })

  test('tracking needs the track ability', async ({ client }) => {
    const { token } = await apiToken(['evaluate'])
    const response = await client.post('/api/experiments/track').bearerToken(token).json({})
    response.assertStatus(403)
  })

  test('keys in the URL: browser client keys only; client keys cannot manage', async ({
    client,
    assert,
  }) => {
    const { admin, token } = await apiToken(['evaluate', 'track'])
    const { createToken } = await import('#services/accounts/token_service')
    const { secret } = await createToken(admin, {
      name: 'Site',
      kind: 'client',
      abilities: ['evaluate', 'track'],
      expiresInDays: null,
    })
    const experiment = await runningExperiment()
    await assigned(client, token, 1)
    const body = {
      events: [{ experimentId: experiment.id, eventType: 'page_view', userContext: { userId: 1 } }],
    }

    const viaQuery = await client.post(`/api/experiments/track/batch?key=${secret}`).json(body)
    viaQuery.assertStatus(200)
    assert.equal(viaQuery.body().data.accepted, 1)
    const serverSecret = await client.post(`/api/experiments/track/batch?key=${token}`).json(body)
    serverSecret.assertStatus(401)
    assert.equal(serverSecret.body().error.code, 'secret_in_url')

    const manage = await client.get('/api/experiments').bearerToken(secret)
    manage.assertStatus(403)
    try {
      await createToken(admin, {
        name: 'Bad',
        kind: 'client',
        abilities: ['manage'],
        expiresInDays: null,
      })
      assert.fail('a client key with manage was created')
    } catch (error: any) {
      assert.match(error.messages[0].message, /may only evaluate and track/)
    }
  })
})
