import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { resetDatabase } from '#tests/helpers/database'
import { apiToken, SAMPLE_EXPERIMENT } from '#tests/helpers/api'
import { forgetDefinitions } from '#services/experiments/definitions'

test.group('Experiments API / manage', (group) => {
  group.each.setup(async () => {
    await resetDatabase()
    forgetDefinitions()
  })

  test('create (Pitchey shape), show, list with search, update', async ({ client, assert }) => {
    const { token } = await apiToken()
    const created = await client.post('/api/experiments').bearerToken(token).json(SAMPLE_EXPERIMENT)
    created.assertStatus(201)
    const body = created.body().data
    assert.equal(body.key, 'cta-color')
    assert.equal(body.status, 'draft')
    assert.deepEqual(
      body.variants.map((v: any) => [v.id, v.trafficAllocation, v.isControl]),
      [
        ['control', 0.5, true],
        ['variant_a', 0.5, false],
      ]
    )
    assert.deepEqual(body.primaryMetric, { event: 'click_through_rate', kind: 'conversion' })

    const shown = await client.get(`/api/experiments/${body.id}`).bearerToken(token)
    shown.assertStatus(200)
    const byKey = await client.get('/api/experiments/cta-color').bearerToken(token)
    assert.equal(byKey.body().data.id, body.id)

    const list = await client.get('/api/experiments').qs({ search: 'homepage' }).bearerToken(token)
    assert.lengthOf(list.body().data, 1)
    const none = await client
      .get('/api/experiments')
      .qs({ search: 'nothing-like-it' })
      .bearerToken(token)
    assert.lengthOf(none.body().data, 0)

    const updated = await client
      .patch(`/api/experiments/${body.id}`)
      .bearerToken(token)
      .json({ name: 'CTA colour', trafficAllocation: 0.5 })
    updated.assertStatus(200)
    assert.equal(updated.body().data.name, 'CTA colour')
    assert.equal(updated.body().data.trafficAllocation, 0.5)
    const audit = await db.from('experiment_audit_log').where('entity_id', body.id).orderBy('id')
    assert.deepEqual(
      audit.map((row) => row.action),
      ['created', 'updated']
    )
  })

  test('invalid experiments get 422 with the failing fields', async ({ client, assert }) => {
    const { token } = await apiToken()
    const response = await client
      .post('/api/experiments')
      .bearerToken(token)
      .json({
        ...SAMPLE_EXPERIMENT,
        variants: [
          { id: 'control', name: 'A', trafficAllocation: 0.7 },
          { id: 'control', name: 'B', trafficAllocation: 0.7 },
        ],
        targetingRules: { attribute: 'country', op: 'between', value: 1 },
      })
    response.assertStatus(422)
    const fields = response.body().error.fields.map((f: any) => f.field)
    assert.includeMembers(fields, ['variants', 'variants.1.key', 'targeting'])
    assert.match(
      response.body().error.fields.find((f: any) => f.field === 'variants').message,
      /100 %/
    )

    const missing = await client.post('/api/experiments').bearerToken(token).json({ name: 'x' })
    missing.assertStatus(422)
    assert.includeMembers(
      missing.body().error.fields.map((f: any) => f.field),
      ['name', 'variants', 'primaryMetric']
    )
  })

  test('lifecycle: start, pause needs a reason, resume, complete with a winner; wrong moves are refused', async ({
    client,
    assert,
  }) => {
    const { token } = await apiToken()
    const createdResponse = await client
      .post('/api/experiments')
      .bearerToken(token)
      .json(SAMPLE_EXPERIMENT)
    const { id } = createdResponse.body().data

    const start = await client.post(`/api/experiments/${id}/start`).bearerToken(token)
    start.assertStatus(200)
    assert.equal(start.body().data.status, 'running')

    const noReason = await client.post(`/api/experiments/${id}/pause`).bearerToken(token).json({})
    noReason.assertStatus(422)
    const paused = await client
      .post(`/api/experiments/${id}/pause`)
      .bearerToken(token)
      .json({ reason: 'Bug in the red button' })
    assert.equal(paused.body().data.status, 'paused')
    const resumed = await client.post(`/api/experiments/${id}/resume`).bearerToken(token)
    resumed.assertStatus(200)

    const again = await client.post(`/api/experiments/${id}/start`).bearerToken(token)
    again.assertStatus(409)
    assert.match(again.body().error.message, /Allowed: pause, complete/)

    const done = await client
      .post(`/api/experiments/${id}/complete`)
      .bearerToken(token)
      .json({ winner: 'variant_a', reason: 'Clear lift after two weeks' })
    done.assertStatus(200)
    assert.deepEqual(done.body().data.winner, {
      variantId: 'variant_a',
      decision: 'manual',
      reason: 'Clear lift after two weeks',
    })
    const actions = await db
      .from('experiment_audit_log')
      .where('entity_id', id)
      .orderBy('id')
      .select('action', 'reason')
    assert.deepEqual(
      actions.map((a) => a.action),
      ['created', 'start', 'pause', 'resume', 'complete']
    )
    assert.equal(actions[2].reason, 'Bug in the red button')
  })

  test('variants of a running experiment cannot change; safe fields can', async ({
    client,
    assert,
  }) => {
    const { token } = await apiToken()
    const createdResponse = await client
      .post('/api/experiments')
      .bearerToken(token)
      .json(SAMPLE_EXPERIMENT)
    const { id } = createdResponse.body().data
    await client.post(`/api/experiments/${id}/start`).bearerToken(token)
    const refused = await client
      .put(`/api/experiments/${id}`)
      .bearerToken(token)
      .json({
        variants: [
          { id: 'control', name: 'Blue', trafficAllocation: 0.2 },
          { id: 'variant_a', name: 'Red', trafficAllocation: 0.8 },
        ],
      })
    refused.assertStatus(422)
    assert.match(refused.body().error.fields[0].message, /would move people between variants/)
    const safe = await client
      .put(`/api/experiments/${id}`)
      .bearerToken(token)
      .json({ description: 'Now with notes' })
    safe.assertStatus(200)
  })

  test('abilities: a track-only token cannot manage; no token is 401', async ({ client }) => {
    const { token } = await apiToken(['track'])
    const response = await client
      .post('/api/experiments')
      .bearerToken(token)
      .json(SAMPLE_EXPERIMENT)
    response.assertStatus(403)
    response.assertBodyContains({ error: { code: 'missing_ability' } })
    const anonymous = await client.get('/api/experiments')
    anonymous.assertStatus(401)
  })
})
