import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { resetDatabase } from '#tests/helpers/database'
import { runningExperiment } from '#tests/helpers/experiments'
import { forgetDefinitions } from '#services/experiments/definitions'
import { createFlag } from '#services/experiments/flag_service'
import { SYSTEM_ACTOR } from '#services/accounts'
import { UserFactory } from '#database/factories/user_factory'

test.group('Experiments pages / the seed documents’ contract', (group) => {
  group.each.setup(async () => {
    await resetDatabase()
    forgetDefinitions()
  })

  test('the list shows each experiment’s assignment mode and total assignments', async ({
    client,
    assert,
  }) => {
    const experiment = await runningExperiment({ assignmentMode: 'random' })
    await db.table('experiment_assignments').multiInsert(
      [1, 2, 3].map((n) => ({
        experiment_id: experiment.id,
        variant_id: experiment.variants[0].id,
        subject_id: `u-${n}`,
        how: 'random',
      }))
    )
    const admin = await UserFactory.apply('admin').create()
    const page = await client.get('/experiments').loginAs(admin)
    page.assertStatus(200)
    const row = page.text().split('data-experiment-row="homepage-cta"')[1].split('</tr>')[0]
    assert.match(row, /data-assignment-mode>random</)
    assert.match(row, /data-total-assignments>3</)
  })

  test('the form stores planned dates (UTC) and variant descriptions', async ({
    client,
    assert,
  }) => {
    const admin = await UserFactory.apply('admin').create()
    const response = await client
      .post('/experiments')
      .loginAs(admin)
      .withCsrfToken()
      .redirects(0)
      .form({
        'name': 'Pricing copy',
        'unit': 'user',
        'assignmentMode': 'deterministic',
        'trafficPercent': '100',
        'control': '0',
        'variants[0][key]': 'control',
        'variants[0][name]': 'Control',
        'variants[0][description]': 'The page as it is',
        'variants[0][weightPercent]': '50',
        'variants[0][config]': '{}',
        'variants[1][key]': 'short',
        'variants[1][name]': 'Short copy',
        'variants[1][weightPercent]': '50',
        'variants[1][config]': '{}',
        'primaryMetric[event]': 'upgrade',
        'primaryMetric[kind]': 'conversion',
        'startDate': '2027-03-01T09:30',
        'endDate': '2027-03-15T09:30',
      })
    response.assertStatus(302)
    const stored = await db.from('experiments').where('name', 'Pricing copy').first()
    assert.equal(new Date(stored.start_date).toISOString(), '2027-03-01T09:30:00.000Z')
    assert.equal(new Date(stored.end_date).toISOString(), '2027-03-15T09:30:00.000Z')
    const variants = await db
      .from('experiment_variants')
      .where('experiment_id', stored.id)
      .orderBy('position')
    assert.deepEqual(
      variants.map((v) => v.description),
      ['The page as it is', null]
    )
    const edit = await client.get(`/experiments/${stored.id}/edit`).loginAs(admin)
    edit.assertTextIncludes('2027-03-01T09:30')
    edit.assertTextIncludes('The page as it is')
  })

  test('a flag page turns the flag into a draft experiment', async ({ client, assert }) => {
    const flag = await createFlag(
      {
        key: 'dark-mode',
        name: 'Dark mode',
        type: 'boolean',
        enabled: true,
        defaultValue: false,
        rules: [],
      },
      SYSTEM_ACTOR
    )
    const admin = await UserFactory.apply('admin').create()
    const page = await client.get(`/experiments/flags/${flag.id}/edit`).loginAs(admin)
    page.assertTextIncludes('Turn into an experiment')
    const response = await client
      .post(`/experiments/flags/${flag.id}/experiment`)
      .loginAs(admin)
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(302)
    const experiment = await db.from('experiments').where('key', 'dark-mode').first()
    assert.equal(experiment.status, 'draft')
    response.assertHeader('location', `/experiments/${experiment.id}/edit`)
    const variants = await db
      .from('experiment_variants')
      .where('experiment_id', experiment.id)
      .orderBy('position')
    assert.deepEqual(
      variants.map((v) => [v.key, v.config]),
      [
        ['control', { 'dark-mode': false }],
        ['variation-1', { 'dark-mode': true }],
      ]
    )
    const after = await client.get(`/experiments/flags/${flag.id}/edit`).loginAs(admin)
    assert.notInclude(after.text(), 'Turn into an experiment')
  })

  test('the calculator sizes a test of means', async ({ client, assert }) => {
    const admin = await UserFactory.apply('admin').create()
    const page = await client.get('/experiments/calculator').loginAs(admin)
    page.assertTextIncludes('Standard deviation')
    const result = await client
      .get('/experiments/sample-size')
      .qs({ metric: 'mean', baselineMean: 50, sd: 20, mde: 10, mdeType: 'relative' })
      .header('HX-Request', 'true')
      .loginAs(admin)
    result.assertStatus(200)
    assert.include(result.text(), 'data-means-sample-size="252"')
    const bad = await client
      .get('/experiments/sample-size')
      .qs({ metric: 'mean', baselineMean: 50, sd: 0, mde: 10 })
      .header('HX-Request', 'true')
      .loginAs(admin)
    assert.include(bad.text(), 'field-error')
  })
})
