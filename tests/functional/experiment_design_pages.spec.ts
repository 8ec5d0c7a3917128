import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { resetDatabase } from '#tests/helpers/database'
import { runningExperiment } from '#tests/helpers/experiments'
import { findExperiment, findExperimentOrFail } from '#services/experiments/experiment_service'
import { UserFactory } from '#database/factories/user_factory'

/** The experiment form's fields as a browser sends them. */
const FORM = {
  'name': 'Checkout copy',
  'key': 'checkout-copy',
  'unit': 'user',
  'assignmentMode': 'deterministic',
  'trafficPercent': '100',
  'kind': 'experiment',
  'variants[0][key]': 'control',
  'variants[0][name]': 'Control',
  'variants[0][weightPercent]': '50',
  'variants[0][config]': '{}',
  'variants[1][key]': 'treatment',
  'variants[1][name]': 'Treatment',
  'variants[1][weightPercent]': '50',
  'variants[1][config]': '{}',
  'control': '0',
  'primaryMetric[event]': 'signup',
  'primaryMetric[kind]': 'conversion',
  'analysisMethod': 'frequentist',
  'significanceLevel': '0.05',
  'power': '0.8',
  'minimumSampleSize': '1000',
  'correction': 'holm',
  'sequentialTau2': '0.0004',
  'banditBurnInSubjects': '100',
  'banditBurnInHours': '0',
}

test.group('Experiment design / admin pages', (group) => {
  group.each.setup(resetDatabase)

  test('the form sets namespaces, schedule and bandit, and refuses an overlap', async ({
    client,
    assert,
  }) => {
    const admin = await UserFactory.apply('admin').create()
    const form = await client.get('/experiments/new').loginAs(admin)
    for (const name of [
      'namespaces',
      'scheduledStartAt',
      'scheduledStopAt',
      'bandit',
      'holdoutId',
      'kind',
    ])
      assert.include(form.text(), `name="${name}"`)

    await client
      .post('/experiments')
      .form({
        ...FORM,
        namespaces: 'checkout 0 0.3\npricing 50% 100%',
        scheduledStartAt: '2030-01-01T09:30',
        scheduledStopAt: '2030-01-15T18:00',
        bandit: 'on',
        banditBurnInSubjects: '250',
      })
      .loginAs(admin)
      .withCsrfToken()
    const created = await findExperimentOrFail('checkout-copy')
    assert.deepEqual(created.namespaces, [
      { namespace: 'checkout', start: 0, end: 0.3 },
      { namespace: 'pricing', start: 0.5, end: 1 },
    ])
    assert.equal(created.scheduledStartAt!.toUTC().toISO(), '2030-01-01T09:30:00.000Z')
    assert.isTrue(created.bandit)
    assert.equal(created.banditBurnInSubjects, 250)

    const page = await client.get(`/experiments/${created.id}`).loginAs(admin)
    assert.include(page.text(), '(scheduled)')
    assert.match(page.text(), /<code>checkout<\/code> 0–0\.3/)

    const overlap = await client
      .post('/experiments')
      .form({ ...FORM, key: 'other', name: 'Other', namespaces: 'checkout 0.25 0.5' })
      .loginAs(admin)
      .withCsrfToken()
      .header('referer', '/experiments/new')
      .redirects(0)
    overlap.assertFlashMessage('inputErrorsBag', {
      'namespaces.0': [
        '0.25–0.5 of "checkout" overlaps 0–0.3, taken by “Checkout copy” (checkout-copy)',
      ],
    })
    const unreadable = await client
      .post('/experiments')
      .form({ ...FORM, key: 'other', name: 'Other', namespaces: 'checkout from 0' })
      .loginAs(admin)
      .withCsrfToken()
      .header('referer', '/experiments/new')
      .redirects(0)
    unreadable.assertFlashMessage('inputErrorsBag', {
      'namespaces.0': ['Line 1: write a namespace, a start and an end ("checkout 0 0.3")'],
    })
  })

  test('a draft is deleted for good; a started experiment cannot be, it is archived', async ({
    client,
    assert,
  }) => {
    const admin = await UserFactory.apply('admin').create()
    const draft = await runningExperiment({ key: 'draft-one' }, 'draft')
    const draftPage = await client.get(`/experiments/${draft.id}`).loginAs(admin)
    assert.include(draftPage.text(), 'Delete draft')
    await client.delete(`/experiments/${draft.id}`).loginAs(admin).withCsrfToken()
    assert.isNull(await findExperiment(draft.id))
    const trail = await db.from('experiment_audit_log').where('entity_id', draft.id).orderBy('id')
    assert.equal(trail.at(-1).action, 'deleted')

    const running = await runningExperiment({ key: 'running-one' })
    const refused = await client
      .delete(`/experiments/${running.id}`)
      .loginAs(admin)
      .withCsrfToken()
      .header('referer', `/experiments/${running.id}`)
      .redirects(0)
    refused.assertFlashMessage(
      'error',
      'Only drafts can be deleted; this experiment is running. Archive it instead.'
    )
    assert.isNotNull(await findExperiment(running.id))

    const completed = await runningExperiment({ key: 'done-one' }, 'completed')
    await client.post(`/experiments/${completed.id}/archive`).loginAs(admin).withCsrfToken()
    const archivedPage = await client.get(`/experiments/${completed.id}`).loginAs(admin)
    assert.include(archivedPage.text(), 'read-only, hidden from the default lists')
    assert.notInclude(archivedPage.text(), `/experiments/${completed.id}/edit`)
    const list = await client.get('/experiments').loginAs(admin)
    assert.notInclude(list.text(), 'data-experiment-row="done-one"')
    const archivedList = await client
      .get('/experiments/table')
      .qs({ archived: 'true' })
      .loginAs(admin)
    assert.include(archivedList.text(), 'data-experiment-row="done-one"')

    assert.include(archivedPage.text(), 'data-unarchive')
    await client.post(`/experiments/${completed.id}/unarchive`).loginAs(admin).withCsrfToken()
    const backPage = await client.get(`/experiments/${completed.id}`).loginAs(admin)
    assert.notInclude(backPage.text(), 'read-only, hidden from the default lists')
    assert.include(backPage.text(), 'data-remove="archive"')
  })

  test('templates: create one in the form, then start a new experiment from it', async ({
    client,
    assert,
  }) => {
    const admin = await UserFactory.apply('admin').create()
    await client
      .post('/experiments/templates')
      .form({
        name: 'Growth default',
        primaryMetric: 'activated conversion',
        guardrailMetrics: 'unsubscribed conversion down\nerrors count down',
        analysisMethod: 'sequential',
        correction: 'bh',
        correctionScope: 'experiment',
        minimumDays: '14',
        significanceLevel: '0.05',
      })
      .loginAs(admin)
      .withCsrfToken()
    const list = await client.get('/experiments/templates').loginAs(admin)
    assert.include(list.text(), 'data-template-row="Growth default"')
    const [template] = await db.from('experiment_templates').select('id', 'guardrail_metrics')
    assert.deepEqual(template.guardrail_metrics, [
      { event: 'unsubscribed', kind: 'conversion', higherIsBetter: false },
      { event: 'errors', kind: 'count', higherIsBetter: false },
    ])

    const form = await client.get('/experiments/new').qs({ template: template.id }).loginAs(admin)
    const state = JSON.parse(
      form.text().match(/id="experiment-form-state"[^>]*>([^<]*)<\/script>/)![1]
    )
    assert.equal(state.primaryMetric.event, 'activated')
    assert.equal(state.analysisMethod, 'sequential')
    assert.equal(state.correction, 'bh')
    assert.equal(state.correctionScope, 'experiment')
    assert.equal(state.minimumDays, 14)
    assert.deepEqual(
      state.guardrailMetrics.map((m: { event: string; direction: string }) => [
        m.event,
        m.direction,
      ]),
      [
        ['unsubscribed', 'down'],
        ['errors', 'down'],
      ]
    )
  })
})
