import { test } from '@japa/runner'
import { SYSTEM_ACTOR } from '#services/accounts'
import { UserFactory } from '#database/factories/user_factory'
import { resetDatabase } from '#tests/helpers/database'
import { runningExperiment } from '#tests/helpers/experiments'
import { generator } from '#tests/helpers/random'
import { seedSubjectValues } from '#tests/helpers/results'
import { createLibraryMetric, getExperiment } from '#services/experiments'
import { recomputeExperiment } from '#services/results'
import type Experiment from '#models/experiment'

/** Subjects whose purchases after exposure follow their purchases before it, plus `lift`. */
function correlatedSubjects(seed: number, n: number, lift: number) {
  const random = generator(seed)
  return Array.from({ length: n }, () => {
    const pre = Math.round(20 + random() * 80)
    const post = Math.max(1, Math.round(pre + lift + (random() - 0.5) * 16))
    return { pre, post: [post], orders: 1 + Math.floor(random() * 3) }
  })
}

async function seedAndRecompute(experiment: Experiment) {
  await seedSubjectValues(experiment, {
    control: correlatedSubjects(1, 400, 0),
    treatment: correlatedSubjects(2, 400, 3),
  })
  const report = await recomputeExperiment(await getExperiment(experiment.id), {
    computedBy: 'test',
  })
  if (report.status !== 'ok') throw new Error(report.error)
}

test.group('Metric library', (group) => {
  group.each.setup(resetDatabase)

  test('an admin adds a metric on the form, sees it listed, and edits it', async ({
    client,
    assert,
  }) => {
    const admin = await UserFactory.apply('admin').create()
    const created = await client
      .post('/experiments/metrics')
      .form({
        name: 'Revenue per user',
        event: 'purchase',
        kind: 'sum',
        direction: 'up',
        unit: '€',
        windowHours: '72',
        capType: 'percentile',
        capValue: '99',
        cuped: 'on',
        cupedDays: '',
      })
      .loginAs(admin)
      .withCsrfToken()
      .redirects(0)
    created.assertHeader('location', '/experiments/metrics')
    const page = await client.get('/experiments/metrics').loginAs(admin)
    page.assertTextIncludes('Revenue per user')
    page.assertTextIncludes('sum · CUPED')
    page.assertTextIncludes(
      'Total value of “purchase” per exposed subject (€); within 72 h of exposure; capped at the 99 % percentile of subjects with events; CUPED-adjusted by the same metric over the 14 days before exposure.'
    )

    const edit = await client.get('/experiments/metrics').loginAs(admin)
    const id = /\/experiments\/metrics\/(\d+)\/edit/.exec(edit.text())![1]
    const saved = await client
      .put(`/experiments/metrics/${id}`)
      .form({ name: 'Revenue per user', event: 'purchase', kind: 'count', capType: 'none' })
      .loginAs(admin)
      .withCsrfToken()
      .redirects(0)
    saved.assertHeader('location', '/experiments/metrics')
    const after = await client.get('/experiments/metrics').loginAs(admin)
    after.assertTextIncludes('“purchase” events per exposed subject.')
    assert.notInclude(after.text(), 'CUPED')
  })

  test('a retention metric counts day 7 by default and says so', async ({ client }) => {
    const admin = await UserFactory.apply('admin').create()
    const created = await client
      .post('/experiments/metrics')
      .form({ name: 'Week-one return', event: 'visit', kind: 'retention', retentionDay: '7' })
      .loginAs(admin)
      .withCsrfToken()
      .redirects(0)
    created.assertHeader('location', '/experiments/metrics')
    const page = await client.get('/experiments/metrics').loginAs(admin)
    page.assertTextIncludes('retention (day 7)')
    page.assertTextIncludes(
      'Share of exposed subjects with at least one “visit” on day 7 after exposure (168 h to 192 h after it).'
    )
    const windowed = await client
      .post('/experiments/metrics')
      .form({ name: 'Bad return', event: 'visit', kind: 'retention', windowHours: '24' })
      .loginAs(admin)
      .withCsrfToken()
      .redirects(0)
    windowed.assertFlashMessage('inputErrorsBag', {
      windowHours: ['Retention counts one day after exposure: set the day, not a window'],
    })
  })

  test('options that the kind does not take are refused, naming the field', async ({ client }) => {
    const admin = await UserFactory.apply('admin').create()
    const response = await client
      .post('/experiments/metrics')
      .form({ name: 'Orders', event: 'order', kind: 'ratio', capType: 'fixed', capValue: '5' })
      .loginAs(admin)
      .withCsrfToken()
      .header('referer', '/experiments/metrics/new')
      .redirects(0)
    response.assertFlashMessage('inputErrorsBag', {
      denominatorEvent: ['The denominatorEvent is required'],
    })
    const capped = await client
      .post('/experiments/metrics')
      .form({ name: 'Orders', event: 'order', kind: 'conversion', capType: 'fixed', capValue: '5' })
      .loginAs(admin)
      .withCsrfToken()
      .header('referer', '/experiments/metrics/new')
      .redirects(0)
    capped.assertFlashMessage('inputErrorsBag', { cap: ['Only count and sum metrics are capped'] })
  })

  test('the experiment form picks library metrics; editing the metric updates the experiment', async ({
    client,
    assert,
  }) => {
    const admin = await UserFactory.apply('admin').create()
    const revenue = await createLibraryMetric(
      { name: 'Revenue', event: 'purchase', kind: 'sum', cupedDays: 14 },
      SYSTEM_ACTOR
    )
    const form = await client.get('/experiments/new').loginAs(admin)
    form.assertTextIncludes('Revenue (sum)')
    const created = await client
      .post('/experiments')
      .form({
        'name': 'Checkout copy',
        'unit': 'user',
        'assignmentMode': 'deterministic',
        'trafficPercent': '100',
        'control': '0',
        'variants[0][key]': 'control',
        'variants[0][name]': 'Control',
        'variants[0][weightPercent]': '50',
        'variants[1][key]': 'treatment',
        'variants[1][name]': 'Treatment',
        'variants[1][weightPercent]': '50',
        'primaryMetric[metricId]': String(revenue.id),
        'guardrailMetrics[0][metricId]': '999999',
        'analysisMethod': 'frequentist',
        'significanceLevel': '0.05',
        'power': '0.8',
        'minimumSampleSize': '100',
        'correction': 'holm',
        'sequentialTau2': '0.0004',
      })
      .loginAs(admin)
      .withCsrfToken()
      .header('referer', '/experiments/new')
      .redirects(0)
    created.assertFlashMessage('inputErrorsBag', {
      'guardrailMetrics.0.metricId': ['No such library metric'],
    })

    const experiment = await runningExperiment({ primaryMetric: { metricId: revenue.id } })
    assert.deepEqual(experiment.primaryMetric, {
      event: 'purchase',
      kind: 'sum',
      name: 'Revenue',
      cupedDays: 14,
      metricId: revenue.id,
    })
    await client
      .put(`/experiments/metrics/${revenue.id}`)
      .form({ name: 'Revenue', event: 'purchase', kind: 'sum', direction: 'up', unit: '€' })
      .loginAs(admin)
      .withCsrfToken()
    const refreshed = await getExperiment(experiment.id)
    assert.deepEqual(refreshed.primaryMetric, {
      event: 'purchase',
      kind: 'sum',
      name: 'Revenue',
      unit: '€',
      metricId: revenue.id,
    })
    // Both the metric and the experiment that follows it say who changed what.
    const metricPage = await client.get(`/experiments/metrics/${revenue.id}/edit`).loginAs(admin)
    metricPage.assertTextIncludes('data-audit-action="updated"')
    const audit = await client.get(`/experiments/${experiment.id}/audit`).loginAs(admin)
    audit.assertTextIncludes('data-audit-action="metric_updated"')
    audit.assertTextIncludes('Library metric “Revenue” changed')
  })

  test('results show CUPED with its variance reduction, a ratio, a quantile and a percentile cap', async ({
    client,
    assert,
  }) => {
    const admin = await UserFactory.apply('admin').create()
    const pick = async (fields: Parameters<typeof createLibraryMetric>[0]) => {
      const metric = await createLibraryMetric(fields, SYSTEM_ACTOR)
      return { metricId: metric.id }
    }
    // 800 subjects: past the minimum sample, so the page gives verdicts, not "not enough data".
    const experiment = await runningExperiment({
      minimumSampleSize: 800,
      primaryMetric: await pick({
        name: 'Spend',
        event: 'purchase',
        kind: 'sum',
        unit: '€',
        cupedDays: 14,
      }),
      secondaryMetrics: [
        await pick({
          name: 'Order value',
          event: 'purchase',
          kind: 'ratio',
          numerator: 'sum',
          denominatorEvent: 'order',
          unit: '€',
        }),
        await pick({
          name: 'P90 spend',
          event: 'purchase',
          kind: 'quantile',
          quantile: 0.9,
          unit: '€',
        }),
        await pick({
          name: 'Capped spend',
          event: 'purchase',
          kind: 'sum',
          unit: '€',
          cap: { type: 'percentile', value: 0.95 },
        }),
      ],
    })
    await seedAndRecompute(experiment)
    const page = await client.get(`/experiments/results/${experiment.id}`).loginAs(admin)
    page.assertStatus(200)
    const html = page.text()
    assert.include(html, 'data-metric-model="cuped"')
    assert.include(html, 'Adjusted absolute lift')
    assert.match(
      html,
      /CUPED-adjusted: the variance of Treatment’s lift is reduced by \d+(\.\d+)? %/
    )
    assert.include(html, 'data-metric-model="ratio"')
    assert.include(html, 'Ratio, €')
    assert.include(html, 'Σ value of “purchase” / Σ count of “order” (€)')
    assert.include(html, 'data-metric-model="quantile"')
    assert.include(html, 'P90, €')
    assert.match(html, /Capped at the 95 % percentile: \d+(\.\d+)?€ per subject\./)
    // The strong covariate finds the +3 € lift that the raw spread would hide.
    assert.match(html, /data-variant-result="treatment"[\s\S]*?▲ significant/)
  })
})
