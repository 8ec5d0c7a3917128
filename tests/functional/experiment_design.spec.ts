import { test } from '@japa/runner'
import { execFile } from 'node:child_process'
import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import { resetDatabase } from '#tests/helpers/database'
import { apiToken } from '#tests/helpers/api'
import { runningExperiment } from '#tests/helpers/experiments'
import { seedResults } from '#tests/helpers/results'
import { findExperimentOrFail } from '#services/experiments/experiment_service'
import { recomputeExperiment } from '#services/results/recompute_service'
import { ResultsTimer } from '#services/results/results_timer'
import type { ApiClient } from '@japa/api-client'

const TWO_ARMS = [
  { id: 'control', name: 'Control', trafficAllocation: 0.5 },
  { id: 'treatment', name: 'Treatment', trafficAllocation: 0.5 },
]

/** Creates (and by default starts) an experiment over the API; returns its JSON. */
async function apiExperiment(
  client: ApiClient,
  token: string,
  body: Record<string, unknown>,
  start = true
) {
  const created = await client
    .post('/api/experiments')
    .bearerToken(token)
    .json({ name: `Experiment ${body.key}`, variants: TWO_ARMS, primaryMetric: 'signup', ...body })
  created.assertStatus(201)
  if (!start) return created.body().data
  const started = await client.post(`/api/experiments/${body.key}/start`).bearerToken(token)
  started.assertStatus(200)
  return started.body().data
}

async function assign(client: ApiClient, token: string, userId: string, keys: string[]) {
  const response = await client
    .post('/api/experiments/assignments')
    .bearerToken(token)
    .json({ userContext: { userId }, experimentIds: keys })
  response.assertStatus(200)
  return response.body().data as {
    experimentKey: string
    variantId: string
    isActive: boolean
    reason: string
  }[]
}

const fieldsOf = (response: { body(): any }) =>
  response.body().error.fields.map((f: { field: string }) => f.field)

function ace(args: string[]) {
  return new Promise<string>((resolve) => {
    execFile(
      process.execPath,
      ['ace.js', ...args],
      { cwd: process.cwd(), env: { ...process.env, NODE_ENV: 'test', FORCE_COLOR: '0' } },
      (_error, stdout, stderr) => resolve(stdout + stderr)
    )
  })
}

test.group('Experiment design / namespaces', (group) => {
  group.each.setup(resetDatabase)

  test('an overlapping range of a namespace is refused, naming the range', async ({
    client,
    assert,
  }) => {
    const { token } = await apiToken()
    await apiExperiment(client, token, {
      key: 'checkout-a',
      namespaces: [{ namespace: 'checkout', start: 0, end: 0.3 }],
    })
    const overlapping = await client
      .post('/api/experiments')
      .bearerToken(token)
      .json({
        key: 'checkout-b',
        name: 'Checkout B',
        variants: TWO_ARMS,
        primaryMetric: 'signup',
        namespaces: [
          { namespace: 'pricing', start: 0, end: 1 },
          { namespace: 'checkout', start: 0.2, end: 0.5 },
        ],
      })
    overlapping.assertStatus(422)
    assert.deepEqual(fieldsOf(overlapping), ['namespaces.1'])
    assert.match(overlapping.body().error.fields[0].message, /overlaps 0–0\.3.*checkout-a/)

    const backwards = await client
      .post('/api/experiments')
      .bearerToken(token)
      .json({
        key: 'checkout-c',
        name: 'Checkout C',
        variants: TWO_ARMS,
        primaryMetric: 'signup',
        namespaces: [{ namespace: 'checkout', start: 0.6, end: 0.4 }],
      })
    assert.deepEqual(fieldsOf(backwards), ['namespaces.0.end'])
  })

  test('experiments with disjoint ranges of one namespace never share a subject', async ({
    client,
    assert,
  }) => {
    const { token } = await apiToken()
    const left = await apiExperiment(client, token, {
      key: 'checkout-a',
      namespaces: [{ namespace: 'checkout', start: 0, end: 0.3 }],
    })
    assert.deepEqual(left.namespaces, [{ namespace: 'checkout', start: 0, end: 0.3 }])
    await apiExperiment(client, token, {
      key: 'checkout-b',
      namespaces: [{ namespace: 'checkout', start: 0.3, end: 1 }],
    })
    let inLeft = 0
    for (let i = 0; i < 200; i++) {
      const [a, b] = await assign(client, token, `user-${i}`, ['checkout-a', 'checkout-b'])
      assert.notEqual(a.isActive, b.isActive, `user-${i} is in exactly one of them`)
      const outside = a.isActive ? b : a
      assert.equal(outside.reason, 'not_in_namespace')
      assert.isNull(outside.variantId)
      if (a.isActive) inLeft++
    }
    assert.closeTo(inLeft / 200, 0.3, 0.1)
  })
})

test.group('Experiment design / holdouts', (group) => {
  group.each.setup(resetDatabase)

  test('held-out subjects get the control and count for the holdout, not the experiment', async ({
    client,
    assert,
  }) => {
    const { token } = await apiToken()
    const holdout = await apiExperiment(client, token, {
      key: 'q4-holdout',
      kind: 'holdout',
      variants: [
        { id: 'held-out', name: 'Held out', trafficAllocation: 0.2, isControl: true },
        { id: 'exposed', name: 'Exposed', trafficAllocation: 0.8 },
      ],
    })
    await apiExperiment(client, token, {
      key: 'new-checkout',
      holdoutId: holdout.id,
      variants: [
        { id: 'control', name: 'Control', trafficAllocation: 0.5, config: { v: 'old' } },
        { id: 'treatment', name: 'Treatment', trafficAllocation: 0.5, config: { v: 'new' } },
      ],
    })

    const heldOut: string[] = []
    const inside: string[] = []
    for (let i = 0; i < 200; i++) {
      const [experiment] = await assign(client, token, `user-${i}`, ['new-checkout'])
      if (experiment.reason === 'holdout') {
        assert.equal(experiment.variantId, 'control', 'held out: the control experience')
        assert.isFalse(experiment.isActive)
        heldOut.push(`user-${i}`)
      } else {
        assert.isTrue(experiment.isActive)
        inside.push(`user-${i}`)
      }
    }
    assert.closeTo(heldOut.length / 200, 0.2, 0.08)
    const [stillHeld] = await assign(client, token, heldOut[0], ['new-checkout'])
    assert.equal(stillHeld.reason, 'holdout', 'the holdout is sticky')

    const holdoutRows = await db
      .from('experiment_assignments')
      .join('experiment_variants', 'experiment_variants.id', 'experiment_assignments.variant_id')
      .where('experiment_assignments.experiment_id', holdout.id)
      .select('subject_id', 'experiment_variants.key')
    const held = holdoutRows.filter((row) => row.key === 'held-out').map((row) => row.subject_id)
    assert.sameMembers(held, heldOut)
    assert.lengthOf(holdoutRows, 200, 'every subject of the experiment is in the holdout')

    // Exposure and events of a held-out subject land in the holdout only.
    const exposure = await client
      .post('/api/experiments/exposures')
      .bearerToken(token)
      .json({ experimentId: 'new-checkout', userContext: { userId: heldOut[0] } })
    exposure.assertStatus(200)
    const tracked = await client
      .post('/api/experiments/track/batch')
      .bearerToken(token)
      .json({
        events: [
          {
            experimentId: 'new-checkout',
            eventType: 'signup',
            userContext: { userId: heldOut[0] },
          },
          { experimentId: 'new-checkout', eventType: 'signup', userContext: { userId: inside[0] } },
        ],
      })
    tracked.assertStatus(200)
    assert.deepEqual(
      tracked.body().data.results.map((r: { status: string }) => r.status),
      ['accepted', 'accepted']
    )
    const events = await db
      .from('experiment_events')
      .join('experiments', 'experiments.id', 'experiment_events.experiment_id')
      .select('experiments.key', 'subject_id')
      .orderBy(['experiments.key', 'subject_id'])
    assert.sameDeepMembers(
      events.map((e) => [e.key, e.subject_id]),
      [
        ['q4-holdout', heldOut[0]],
        ['q4-holdout', inside[0]],
        ['new-checkout', inside[0]],
      ]
    )
    const exposed = await db
      .from('experiment_assignments')
      .where({ experiment_id: holdout.id, subject_id: heldOut[0] })
      .first()
    assert.isNotNull(exposed.first_exposed_at)
  })

  test('the holdout must be a holdout of the same unit; a holdout has two variants', async ({
    client,
    assert,
  }) => {
    const { token } = await apiToken()
    const plain = await apiExperiment(client, token, { key: 'plain' }, false)
    const refused = await client.post('/api/experiments').bearerToken(token).json({
      key: 'x-1',
      name: 'X one',
      variants: TWO_ARMS,
      primaryMetric: 'signup',
      holdoutId: plain.id,
    })
    refused.assertStatus(422)
    assert.deepEqual(fieldsOf(refused), ['holdoutId'])

    const threeArms = await client
      .post('/api/experiments')
      .bearerToken(token)
      .json({
        key: 'h-3',
        name: 'Three-armed holdout',
        kind: 'holdout',
        primaryMetric: 'signup',
        variants: [
          ...TWO_ARMS.map((v) => ({ ...v, trafficAllocation: 0.25 })),
          { id: 'c', name: 'C', trafficAllocation: 0.5 },
        ],
      })
    assert.deepEqual(fieldsOf(threeArms), ['variants'])
  })

  test('the holdout results page says what it compares', async ({ client, assert }) => {
    const { admin, token } = await apiToken()
    const holdout = await apiExperiment(client, token, {
      key: 'q4-holdout',
      kind: 'holdout',
      variants: [
        { id: 'held-out', name: 'Held out', trafficAllocation: 0.1, isControl: true },
        { id: 'exposed', name: 'Exposed', trafficAllocation: 0.9 },
      ],
    })
    const page = await client.get(`/experiments/results/${holdout.id}`).loginAs(admin)
    page.assertStatus(200)
    assert.include(page.text(), '“Held out” is the share of traffic kept out of every')
  })
})

test.group('Experiment design / scheduled start and stop', (group) => {
  group.each.setup(resetDatabase)

  test('the recompute command starts a draft whose time has come, the timer stops it', async ({
    client,
    assert,
  }) => {
    const { token } = await apiToken()
    const minute = 60_000
    const due = await apiExperiment(
      client,
      token,
      {
        key: 'due',
        scheduledStartAt: new Date(Date.now() - minute).toISOString(),
        scheduledStopAt: new Date(Date.now() + 60 * minute).toISOString(),
      },
      false
    )
    assert.isNotNull(due.scheduledStartAt)
    await apiExperiment(
      client,
      token,
      { key: 'later', scheduledStartAt: new Date(Date.now() + 60 * minute).toISOString() },
      false
    )

    const output = await ace(['experiments:recompute'])
    assert.include(output, 'due: started as scheduled')
    const statusOf = async (key: string) => {
      const experiment = await findExperimentOrFail(key)
      return experiment.status
    }
    assert.equal(await statusOf('due'), 'running')
    assert.equal(await statusOf('later'), 'draft')

    const moved = await client
      .patch('/api/experiments/due')
      .bearerToken(token)
      .json({ scheduledStopAt: new Date(Date.now() - 1000).toISOString() })
    moved.assertStatus(200)
    await new ResultsTimer(60, logger).tick()
    assert.equal(await statusOf('due'), 'completed')

    const audit = await db
      .from('experiment_audit_log')
      .where('entity_id', due.id)
      .whereIn('action', ['start', 'complete'])
      .orderBy('id')
    assert.deepEqual(
      audit.map((row) => [row.action, row.actor_label]),
      [
        ['start', 'System'],
        ['complete', 'System'],
      ]
    )
    assert.match(audit[0].reason, /^Scheduled start at /)
  })

  test('a stop before the start is refused', async ({ client, assert }) => {
    const { token } = await apiToken()
    const response = await client.post('/api/experiments').bearerToken(token).json({
      key: 'backwards',
      name: 'Backwards',
      variants: TWO_ARMS,
      primaryMetric: 'signup',
      scheduledStartAt: '2030-01-02T00:00:00Z',
      scheduledStopAt: '2030-01-01T00:00:00Z',
    })
    response.assertStatus(422)
    assert.deepEqual(fieldsOf(response), ['scheduledStopAt'])
  })
})

test.group('Experiment design / archive', (group) => {
  group.each.setup(resetDatabase)

  test('an archived experiment leaves the default list, is read-only and keeps its results', async ({
    client,
    assert,
  }) => {
    const { token } = await apiToken()
    const experiment = await runningExperiment({}, 'completed')
    const draft = await apiExperiment(client, token, { key: 'a-draft' }, false)
    const notDraft = await client.post(`/api/experiments/${draft.id}/archive`).bearerToken(token)
    notDraft.assertStatus(409)

    const archived = await client
      .post(`/api/experiments/${experiment.id}/archive`)
      .bearerToken(token)
    archived.assertStatus(200)
    assert.isNotNull(archived.body().data.archivedAt)

    const list = await client.get('/api/experiments').bearerToken(token)
    assert.deepEqual(
      list.body().data.map((e: { key: string }) => e.key),
      ['a-draft']
    )
    const only = await client.get('/api/experiments').qs({ archived: true }).bearerToken(token)
    assert.deepEqual(
      only.body().data.map((e: { key: string }) => e.key),
      [experiment.key]
    )
    const edit = await client
      .patch(`/api/experiments/${experiment.id}`)
      .bearerToken(token)
      .json({ name: 'Renamed' })
    edit.assertStatus(409)
    edit.assertBodyContains({ error: { code: 'archived' } })
    const results = await client.get(`/api/experiments/${experiment.id}/results`).bearerToken(token)
    results.assertStatus(200)
    const actions = await db
      .from('experiment_audit_log')
      .where('entity_id', experiment.id)
      .orderBy('id', 'desc')
      .first()
    assert.equal(actions.action, 'archived')
  })

  test('unarchiving makes it editable again, audited; a paused one only if its ranges are free', async ({
    client,
    assert,
  }) => {
    const { token } = await apiToken()
    const completed = await runningExperiment({}, 'completed')
    await client.post(`/api/experiments/${completed.id}/archive`).bearerToken(token)
    const back = await client.post(`/api/experiments/${completed.id}/unarchive`).bearerToken(token)
    back.assertStatus(200)
    assert.isNull(back.body().data.archivedAt)
    assert.equal(back.body().data.status, 'completed')
    const listed = await client.get('/api/experiments').bearerToken(token)
    assert.include(
      listed.body().data.map((e: { key: string }) => e.key),
      completed.key
    )
    const renamed = await client
      .patch(`/api/experiments/${completed.id}`)
      .bearerToken(token)
      .json({ name: 'Renamed' })
    renamed.assertStatus(200)
    const again = await client.post(`/api/experiments/${completed.id}/unarchive`).bearerToken(token)
    again.assertStatus(409)
    again.assertBodyContains({ error: { code: 'not_archived' } })
    const audit = await db
      .from('experiment_audit_log')
      .where('entity_id', completed.id)
      .whereIn('action', ['archived', 'unarchived'])
      .orderBy('id')
    assert.deepEqual(
      audit.map((row) => [row.action, row.after]),
      [
        ['archived', { archived: true }],
        ['unarchived', { archived: false }],
      ]
    )

    // A paused experiment comes back into its namespace range: refused while another holds it.
    const range = [{ namespace: 'checkout', start: 0, end: 0.5 }]
    const paused = await runningExperiment({ key: 'paused-one', namespaces: range }, 'paused')
    await client.post(`/api/experiments/${paused.id}/archive`).bearerToken(token)
    await apiExperiment(client, token, { key: 'took-the-range', namespaces: range })
    const taken = await client.post(`/api/experiments/${paused.id}/unarchive`).bearerToken(token)
    taken.assertStatus(409)
    taken.assertBodyContains({ error: { code: 'namespace_taken' } })
    assert.include(taken.body().error.message, 'took-the-range')
  })
})

test.group('Experiment design / bandits', (group) => {
  group.each.setup(resetDatabase)

  test('after the burn-in a recompute moves traffic to the better arm; assignments stay', async ({
    client,
    assert,
  }) => {
    const { token } = await apiToken()
    await apiExperiment(client, token, { key: 'bandit', bandit: true, banditBurnInSubjects: 300 })
    const [early] = await assign(client, token, 'early-bird', ['bandit'])

    const experiment = await findExperimentOrFail('bandit')
    await seedResults(experiment, {
      control: { subjects: 200, converters: 20 },
      treatment: { subjects: 200, converters: 60 },
    })
    await recomputeExperiment(experiment, { computedBy: 'test' })
    const burning = await findExperimentOrFail('bandit')
    assert.deepEqual(
      burning.variants.map((v) => v.weight),
      [0.5, 0.5],
      'still in the burn-in (300 per arm)'
    )

    // 150 more exposed subjects per arm, without conversions: the burn-in is over.
    await db.rawQuery(
      `INSERT INTO experiment_assignments (experiment_id, variant_id, subject_id, how, assigned_at, first_exposed_at)
       SELECT ?, v.id, v.key || '-more-' || g, 'deterministic', now() - interval '3 hours', now() - interval '2 hours'
         FROM experiment_variants v, generate_series(1, 150) g WHERE v.experiment_id = ?`,
      [experiment.id, experiment.id]
    )
    await recomputeExperiment(experiment, { computedBy: 'test', full: true })
    const moved = await findExperimentOrFail('bandit')
    const [control, treatment] = moved.variants.map((v) => v.weight)
    assert.isAbove(treatment, 0.9)
    assert.closeTo(control + treatment, 1, 1e-9)

    const audit = await db
      .from('experiment_audit_log')
      .where({ entity_id: moved.id, action: 'bandit_weights' })
    assert.lengthOf(audit, 1)
    assert.deepEqual(audit[0].before.weights, { control: 0.5, treatment: 0.5 })
    assert.equal(audit[0].after.weights.treatment, treatment)
    assert.isAbove(audit[0].after.chanceBest.treatment, 0.99)

    const [again] = await assign(client, token, 'early-bird', ['bandit'])
    assert.equal(again.variantId, early.variantId, 'assignment is sticky')
    let treated = 0
    for (let i = 0; i < 100; i++) {
      const [fresh] = await assign(client, token, `late-${i}`, ['bandit'])
      if (fresh.variantId === 'treatment') treated++
    }
    assert.isAbove(treated, 80, 'new subjects follow the new weights')
  })

  test('a proportion metric with its own statistics (a conversion window) moves the weights too', async ({
    client,
    assert,
  }) => {
    const { token } = await apiToken()
    await apiExperiment(client, token, {
      key: 'windowed-bandit',
      bandit: true,
      banditBurnInSubjects: 300,
      primaryMetric: { event: 'signup', kind: 'conversion', windowHours: 24 },
    })
    const experiment = await findExperimentOrFail('windowed-bandit')
    await seedResults(experiment, {
      control: { subjects: 300, converters: 30 },
      treatment: { subjects: 300, converters: 90 },
    })
    await recomputeExperiment(experiment, { computedBy: 'test' })
    const moved = await findExperimentOrFail('windowed-bandit')
    const [control, treatment] = moved.variants.map((v) => v.weight)
    assert.isAbove(treatment, 0.9)
    assert.closeTo(control + treatment, 1, 1e-9)
  })

  test('the page states the caveat of a bandit', async ({ client, assert }) => {
    const { admin, token } = await apiToken()
    const bandit = await apiExperiment(client, token, { key: 'bandit', bandit: true })
    const page = await client.get(`/experiments/${bandit.id}`).loginAs(admin)
    assert.include(page.text(), 'not unbiased A/B estimates')
    assert.include(page.text(), 'Assignment is sticky')
    const results = await client.get(`/experiments/results/${bandit.id}`).loginAs(admin)
    assert.include(results.text(), 'not unbiased A/B estimates')
    const plain = await apiExperiment(client, token, { key: 'plain' })
    const plainPage = await client.get(`/experiments/${plain.id}`).loginAs(admin)
    assert.notInclude(plainPage.text(), 'not unbiased A/B estimates')
  })
})

test.group('Experiment design / templates', (group) => {
  group.each.setup(resetDatabase)

  test('a new experiment from a template takes its metrics and analysis', async ({
    client,
    assert,
  }) => {
    const { token } = await apiToken()
    const created = await client
      .post('/api/experiment-templates')
      .bearerToken(token)
      .json({
        name: 'Checkout standard',
        primaryMetric: { event: 'checkout_completed', kind: 'conversion' },
        guardrailMetrics: [
          { event: 'refund_requested', kind: 'conversion', higherIsBetter: false },
        ],
        analysisMethod: 'bayesian',
        correction: 'bh',
        correctionScope: 'experiment',
        minimumDays: 7,
        significanceLevel: 0.1,
      })
    created.assertStatus(201)
    const template = created.body().data

    const experiment = await client.post('/api/experiments').bearerToken(token).json({
      key: 'from-template',
      name: 'From template',
      variants: TWO_ARMS,
      templateId: template.id,
    })
    experiment.assertStatus(201)
    const data = experiment.body().data
    assert.deepEqual(data.primaryMetric, { event: 'checkout_completed', kind: 'conversion' })
    assert.deepEqual(data.guardrailMetrics, [
      { event: 'refund_requested', kind: 'conversion', higherIsBetter: false },
    ])
    assert.equal(data.analysisMethod, 'bayesian')
    assert.equal(data.correction, 'bh')
    assert.equal(data.correctionScope, 'experiment')
    assert.equal(data.minimumDays, 7)
    assert.equal(data.significanceLevel, 0.1)

    const overridden = await client.post('/api/experiments').bearerToken(token).json({
      key: 'own-method',
      name: 'Own method',
      variants: TWO_ARMS,
      templateId: template.id,
      analysisMethod: 'sequential',
    })
    assert.equal(overridden.body().data.analysisMethod, 'sequential')

    const unknown = await client
      .post('/api/experiments')
      .bearerToken(token)
      .json({ key: 'nope', name: 'Nope', variants: TWO_ARMS, templateId: 999 })
    unknown.assertStatus(422)
    assert.deepEqual(fieldsOf(unknown), ['templateId'])

    const listed = await client.get('/api/experiment-templates').bearerToken(token)
    assert.deepEqual(
      listed.body().data.map((t: { name: string }) => t.name),
      ['Checkout standard']
    )
    const audit = await db.from('experiment_audit_log').where('entity_type', 'template')
    assert.deepEqual(
      audit.map((row) => row.action),
      ['created']
    )
  })
})
