import { test } from '@japa/runner'
import { SYSTEM_ACTOR } from '#services/accounts'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import env from '#start/env'
import type Experiment from '#models/experiment'
import { resetDatabase } from '#tests/helpers/database'
import { apiToken } from '#tests/helpers/api'
import { runningExperiment } from '#tests/helpers/experiments'
import { seedResults, seedSubjectValues } from '#tests/helpers/results'
import { TestSmtpServer } from '#tests/helpers/smtp'
import { waitForBroadcast } from '#tests/helpers/live'
import { notificationsOf, workQueueUntilSettled } from '#tests/helpers/notifications'
import { UserFactory } from '#database/factories/user_factory'
import { findExperimentOrFail } from '#services/experiments/experiment_service'
import { createLibraryMetric } from '#services/experiments'
import { recomputeExperiment } from '#services/results/recompute_service'
import { savePreferences } from '#services/notifications/preferences'

const recompute = async (experiment: Experiment) =>
  recomputeExperiment(await findExperimentOrFail(experiment.id), { computedBy: 'test' })

/** Control 5 %, treatment 10 %: significant, and a lift (+100 %) worth a second look. */
const DOUBLED = {
  control: { subjects: 2000, converters: 100 },
  treatment: { subjects: 2000, converters: 200 },
}

const CLEAR_WIN = {
  control: { subjects: 2000, converters: 200 },
  treatment: { subjects: 2000, converters: 300 },
}

/** Moves the experiment's start back, as if it had run that many days. */
async function startedDaysAgo(experiment: Experiment, days: number) {
  await db
    .from('experiments')
    .where('id', experiment.id)
    .update({ started_at: DateTime.now().minus({ days }).toJSDate() })
}

/** `count` subjects of a variant (seedResults' ids) with an event of this name, after exposure. */
async function addEvents(experiment: Experiment, variantKey: string, event: string, count: number) {
  const variant = experiment.variants.find((v) => v.key === variantKey)!
  const ids = Array.from({ length: count }, (_, i) => `${variantKey}-${i}`)
  await db.rawQuery(
    `INSERT INTO experiment_events (experiment_id, variant_id, subject_id, event_name, occurred_at, received_at)
     SELECT ?, ?, s, ?, now() - interval '80 minutes', now() - interval '1 hour' FROM unnest(?::text[]) AS s`,
    [experiment.id, variant.id, event, ids]
  )
}

test.group('Experiment health checks', (group) => {
  group.each.setup(resetDatabase)

  test('multiple exposures, suspicious uplift, pre-exposure bias and minimum data, in the JSON and on the page', async ({
    client,
    assert,
  }) => {
    const { admin, token } = await apiToken()
    const experiment = await runningExperiment({ minimumSampleSize: 1000 })
    await seedResults(experiment, DOUBLED)
    // 50 treatment subjects report an event for the control (one of them twice): refused,
    // and each counted once as seen in two variants.
    const events = Array.from({ length: 51 }, (_, i) => ({
      experimentId: experiment.id,
      variantId: 'control',
      eventType: 'signup',
      userContext: { userId: `treatment-${i % 50}` },
    }))
    const tracked = await client
      .post('/api/experiments/track/batch')
      .bearerToken(token)
      .json({ events })
    assert.equal(tracked.body().data.rejected, 51)
    await recompute(experiment)

    const response = await client
      .get(`/api/experiments/${experiment.id}/results`)
      .bearerToken(token)
    const checks = Object.fromEntries(
      response.body().data.health.checks.map((c: { key: string }) => [c.key, c])
    )
    assert.deepEqual(Object.keys(checks), [
      'srm',
      'multiple_exposures',
      'pre_exposure_bias',
      'suspicious_uplift',
      'minimum_data',
    ])
    assert.equal(checks.srm.state, 'ok')
    assert.equal(checks.multiple_exposures.state, 'warning')
    assert.equal(
      checks.multiple_exposures.detail,
      '50 of 4,000 subjects (1.3%) seen in another variant: at least 1.0%.'
    )
    assert.equal(checks.pre_exposure_bias.state, 'not_applicable')
    assert.equal(checks.suspicious_uplift.state, 'warning')
    assert.include(checks.suspicious_uplift.detail, 'Treatment on signup +100.0%')
    assert.equal(checks.minimum_data.state, 'ok')
    assert.equal(checks.minimum_data.detail, 'Reached: 4,000 of 1,000 subjects.')
    assert.isString(checks.multiple_exposures.label)
    assert.isString(checks.multiple_exposures.definition)

    const page = await client.get(`/experiments/results/${experiment.id}`).loginAs(admin)
    const html = page.text()
    assert.include(html, 'Health checks')
    assert.include(html, 'data-health-check="multiple_exposures" data-state="warning"')
    assert.include(html, 'data-health-check="pre_exposure_bias" data-state="not_applicable"')
    assert.include(html, 'Suspicious uplift')
  })

  test('below the minimum age the results say "not enough data" instead of a verdict', async ({
    client,
    assert,
  }) => {
    const { admin, token } = await apiToken()
    const experiment = await runningExperiment({ minimumSampleSize: 1000, minimumDays: 7 })
    await seedResults(experiment, CLEAR_WIN)
    await recompute(experiment)

    const response = await client
      .get(`/api/experiments/${experiment.id}/results`)
      .bearerToken(token)
    const body = response.body().data
    assert.equal(body.status, 'collecting')
    assert.isNull(body.winningVariant)
    assert.isFalse(body.isStatisticallySignificant)
    assert.equal(body.recommendation, 'Not enough data yet: 4,000 of 1,000 subjects, 0 of 7 days.')

    const page = await client.get(`/experiments/results/${experiment.id}`).loginAs(admin)
    const html = page.text()
    assert.include(html, 'not enough data')
    assert.notInclude(html, '▲ significant')

    // A week later the same data gives its verdict.
    await startedDaysAgo(experiment, 8)
    await recompute(experiment)
    const later = await client.get(`/api/experiments/${experiment.id}/results`).bearerToken(token)
    assert.equal(later.body().data.winningVariant, 'treatment')
  })
})

test.group('Experiment health checks / pre-exposure bias', (group) => {
  group.each.setup(resetDatabase)

  /** 300 subjects per variant spending the same after exposure as before; `shift` before. */
  const spenders = (shift: number) =>
    Array.from({ length: 300 }, (_, i) => ({ pre: 20 + (i % 50) + shift, post: [20 + (i % 50)] }))

  test('a CUPED metric whose variants already differed before exposure is flagged', async ({
    client,
    assert,
  }) => {
    const { token } = await apiToken()
    const spend = await createLibraryMetric(
      { name: 'Spend', event: 'purchase', kind: 'sum', cupedDays: 14 },
      SYSTEM_ACTOR
    )
    const checkOf = async (key: string, treatmentShift: number) => {
      const experiment = await runningExperiment({ key, primaryMetric: { metricId: spend.id } })
      await seedSubjectValues(experiment, {
        control: spenders(0),
        treatment: spenders(treatmentShift),
      })
      await recompute(experiment)
      const response = await client
        .get(`/api/experiments/${experiment.id}/results`)
        .bearerToken(token)
      return response
        .body()
        .data.health.checks.find((c: { key: string }) => c.key === 'pre_exposure_bias')
    }
    const balanced = await checkOf('balanced', 0)
    assert.equal(balanced.state, 'ok')
    assert.equal(balanced.detail, 'No difference before exposure on Spend.')
    const biased = await checkOf('biased', 10)
    assert.equal(biased.state, 'warning')
    assert.equal(biased.detail, 'The variants differed before exposure on Spend (p < 0.001).')
  })
})

test.group('Experiment alerts', (group) => {
  let smtp: TestSmtpServer
  group.each.setup(async () => {
    await resetDatabase()
    env.set('MAIL_MAILER', 'smtp')
    smtp = new TestSmtpServer()
    await smtp.start()
    return async () => {
      env.set('MAIL_MAILER', 'outbox')
      await smtp.stop()
    }
  })

  test('a significant result alerts admins once, only after the minimum sample and age, in the app and over SMTP', async ({
    client,
    assert,
  }) => {
    const admin = await UserFactory.merge({ email: 'lead@example.com' }).apply('admin').create()
    await UserFactory.merge({ email: 'agent@example.com' }).create()
    const experiment = await runningExperiment({ minimumSampleSize: 1000, minimumDays: 3 })
    await seedResults(experiment, CLEAR_WIN)

    await recompute(experiment)
    assert.lengthOf(await notificationsOf('experiment_alert'), 0, 'not before the minimum age')

    await startedDaysAgo(experiment, 4)
    // Open alerts pages hear "this changed" (and nothing more) when the alert commits.
    let recomputed = false
    const live = await waitForBroadcast('account/alerts', 15_000, async () => {
      if (recomputed) return
      recomputed = true
      await recompute(experiment)
    })
    assert.deepEqual(live.payload, { reason: 'alert' })
    await recompute(experiment)
    const alerts = await notificationsOf('experiment_alert')
    assert.lengthOf(alerts, 1, 'one alert for the transition, none for the repeat')
    assert.equal(alerts[0].recipient, 'lead@example.com')

    await workQueueUntilSettled()
    assert.lengthOf(smtp.messages, 1)
    const [message] = smtp.messages
    assert.equal(message.subject, 'Experiment Homepage CTA: a result needs attention')
    assert.include(
      message.text!,
      'Treatment is significantly better than control on signup (+50.0 %).'
    )
    assert.include(message.text!, `/experiments/results/${experiment.id}`)

    const first = await client.get('/account/alerts').loginAs(admin)
    assert.include(first.text(), 'Experiment Homepage CTA: a result needs attention')
    assert.include(first.text(), 'data-unread')
    const second = await client.get('/account/alerts').loginAs(admin)
    assert.notInclude(second.text(), 'data-unread')
    // The page's live partial: the same list, alone.
    const partial = await client.get('/account/alerts/list').loginAs(admin)
    assert.include(partial.text(), 'Experiment Homepage CTA: a result needs attention')
    assert.notInclude(partial.text(), '<html')
  })

  test('SRM and a harmed guardrail alert together; preferences decide who gets what', async ({
    assert,
  }) => {
    await UserFactory.merge({ email: 'lead@example.com' }).apply('admin').create()
    await UserFactory.merge({ email: 'quiet@example.com' }).apply('admin').create()
    await UserFactory.merge({ email: 'daily@example.com' }).apply('admin').create()
    await savePreferences('quiet@example.com', { experimentAlerts: false })
    await savePreferences('daily@example.com', { frequency: 'daily' })
    const experiment = await runningExperiment({
      minimumSampleSize: 1000,
      guardrailMetrics: [{ event: 'refund', kind: 'conversion', higherIsBetter: false }],
    })
    await seedResults(experiment, {
      control: { subjects: 3000, converters: 300 },
      treatment: { subjects: 2000, converters: 200 },
    })
    await addEvents(experiment, 'control', 'refund', 30)
    await addEvents(experiment, 'treatment', 'refund', 200)
    await recompute(experiment)

    const alerts = await notificationsOf('experiment_alert')
    assert.sameMembers(
      alerts.map((a) => a.recipient),
      ['lead@example.com', 'daily@example.com']
    )
    assert.sameMembers(alerts[0].data.kinds, ['srm', 'guardrail'])
    await workQueueUntilSettled()
    assert.lengthOf(smtp.messages, 1, 'the daily admin gets it in the digest')
    assert.include(smtp.messages[0].text!, 'Sample ratio mismatch')
    assert.include(smtp.messages[0].text!, 'Guardrail harmed: Treatment is significantly worse')
    const held = await notificationsOf('experiment_alert').where('recipient', 'daily@example.com')
    assert.equal(held[0].status, 'held')
  })
})

test.group('Multiple-testing correction scope', (group) => {
  group.each.setup(resetDatabase)

  test('correcting over all primary and secondary metrics widens the family of the adjusted p-values', async ({
    client,
    assert,
  }) => {
    const { admin, token } = await apiToken()
    const experiment = await runningExperiment({
      minimumSampleSize: 1000,
      secondaryMetrics: [
        { event: 'click', kind: 'conversion' },
        { event: 'share', kind: 'conversion' },
      ],
      guardrailMetrics: [{ event: 'refund', kind: 'conversion', higherIsBetter: false }],
    })
    await seedResults(experiment, CLEAR_WIN)
    await addEvents(experiment, 'control', 'click', 100)
    await addEvents(experiment, 'treatment', 'click', 140)
    await addEvents(experiment, 'control', 'share', 50)
    await addEvents(experiment, 'treatment', 'share', 60)
    await addEvents(experiment, 'control', 'refund', 20)
    await addEvents(experiment, 'treatment', 'refund', 40)
    const comparisons = async () => {
      const response = await client
        .get(`/api/experiments/${experiment.id}/results`)
        .bearerToken(token)
      return response
        .body()
        .data.metrics.map(
          (m: { analysis: { variants: { comparison: Record<string, number> | null }[] } }) =>
            m.analysis.variants[1].comparison!
        )
    }

    await recompute(experiment)
    const perMetric = await comparisons()
    // One treatment per metric: each metric is a family of one, adjusted = raw.
    for (const c of perMetric) assert.equal(c.adjustedPValue, c.pValue)
    const before = await client.get(`/experiments/results/${experiment.id}`).loginAs(admin)
    assert.include(before.text(), 'Holm correction over each metric’s variants separately')

    const update = await client
      .put(`/api/experiments/${experiment.id}`)
      .bearerToken(token)
      .json({ correctionScope: 'experiment' })
    update.assertStatus(200)
    await recompute(experiment)
    const [signup, click, share, refund] = await comparisons()
    // Holm over the three primary and secondary comparisons: ranked by raw p, the smallest
    // is multiplied by 3, the next by 2 (never below the previous), the largest by 1.
    const [p1, p2, p3] = [signup.pValue, click.pValue, share.pValue]
    assert.isBelow(p1, p2)
    assert.isBelow(p2, p3)
    assert.closeTo(signup.adjustedPValue, Math.min(1, 3 * p1), 1e-15)
    assert.closeTo(click.adjustedPValue, Math.min(1, Math.max(3 * p1, 2 * p2)), 1e-12)
    assert.closeTo(share.adjustedPValue, Math.min(1, Math.max(3 * p1, 2 * p2, p3)), 1e-12)
    // Guardrails keep their own family.
    assert.equal(refund.adjustedPValue, refund.pValue)
    const after = await client.get(`/experiments/results/${experiment.id}`).loginAs(admin)
    assert.include(
      after.text(),
      'Holm correction over all primary and secondary metrics together (3 comparisons)'
    )
  })
})
