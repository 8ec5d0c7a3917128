import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { UserFactory } from '#database/factories/user_factory'
import { resetDatabase } from '#tests/helpers/database'
import { runningExperiment } from '#tests/helpers/experiments'
import { seedResults } from '#tests/helpers/results'
import { findExperimentOrFail } from '#services/experiments/experiment_service'
import { recomputeExperiment } from '#services/results/recompute_service'
import type Experiment from '#models/experiment'

/** `event` for the first `per[variantKey]` seeded subjects of each variant (seedResults ids). */
async function seedEvent(experiment: Experiment, event: string, per: Record<string, number>) {
  const rows = experiment.variants.flatMap((variant) =>
    Array.from({ length: per[variant.key] ?? 0 }, (_, i) => ({
      experiment_id: experiment.id,
      variant_id: variant.id,
      subject_id: `${variant.key}-${i}`,
      event_name: event,
      occurred_at: new Date(Date.now() - 3_000_000),
      received_at: new Date(Date.now() - 3_000_000),
    }))
  )
  await db.table('experiment_events').multiInsert(rows)
}

/** Refunds (lower is better) drop 22.5 % significantly; clicks move within noise. */
async function experimentWithResults(minimumSampleSize: number) {
  const experiment = await runningExperiment({
    minimumSampleSize,
    secondaryMetrics: [{ event: 'click', kind: 'conversion' }],
    guardrailMetrics: [{ event: 'refund', kind: 'conversion', higherIsBetter: false }],
  })
  await seedResults(experiment, {
    control: { subjects: 2000, converters: 200 },
    treatment: { subjects: 2000, converters: 300 },
  })
  await seedEvent(experiment, 'refund', { control: 200, treatment: 155 })
  await seedEvent(experiment, 'click', { control: 500, treatment: 510 })
  await recomputeExperiment(await findExperimentOrFail(experiment.id), { computedBy: 'test' })
  return experiment
}

/** Tables wider than their scroll box (a horizontal scrollbar). */
const overflowing = () =>
  [...(globalThis as any).document.querySelectorAll('.table-wrap')].filter(
    (wrap: any) => wrap.scrollWidth > wrap.clientWidth + 1
  ).length

test.group('Browser / results tables', (group) => {
  group.each.setup(resetDatabase)

  test('lead with the verdict, colour by the metric’s direction, fit 1440 and 390 px', async ({
    visit,
    browserContext,
    assert,
  }) => {
    const experiment = await experimentWithResults(1000)
    await browserContext.loginAs(await UserFactory.apply('admin').create())
    const page = await visit(`/experiments/results/${experiment.id}`)
    await page.setViewportSize({ width: 1440, height: 900 })
    assert.equal(await page.evaluate(overflowing), 0)
    const headings = await page.locator('[data-metric^="primary"] thead th').allTextContents()
    assert.deepEqual(
      headings.slice(0, 3).map((text) => text.trim().split(/\s/)[0]),
      ['Variant', 'Verdict', 'Relative']
    )

    // A significant drop in refunds is good news: green, said so, and the direction shown.
    const guardrail = page.locator('[data-metric="guardrail:refund"]')
    assert.include(
      await page.locator('[data-metric="guardrail:refund"] [data-metric-direction]').innerText(),
      'lower is better'
    )
    const refundRow = guardrail.locator('[data-variant-result="treatment"]')
    const verdict = await refundRow.locator('[data-verdict]').textContent()
    assert.include(verdict, '▼ significant, better')
    assert.include(
      await refundRow.locator('[data-relative-lift]').getAttribute('class'),
      'lift-good'
    )
    // The interval beside the verdict is labelled as the verdict's own test.
    assert.include(
      await page.locator('[data-metric="guardrail:refund"] [data-verdict-interval]').innerText(),
      'the verdict’s test'
    )

    // A lift within noise is not painted.
    const clickRow = page.locator(
      '[data-metric="secondary:click"] [data-variant-result="treatment"]'
    )
    assert.include(await clickRow.locator('[data-verdict]').textContent(), 'not significant')
    assert.notMatch(
      (await clickRow.locator('[data-relative-lift]').getAttribute('class')) ?? '',
      /lift-(good|bad)/
    )

    // On a phone the secondary columns give way; the verdict and the lift stay.
    await page.setViewportSize({ width: 390, height: 844 })
    assert.equal(await page.evaluate(overflowing), 0)
    assert.isTrue(await refundRow.locator('[data-verdict]').isVisible())
    assert.isTrue(await refundRow.locator('[data-relative-lift]').isVisible())
    assert.isFalse(await refundRow.locator('td.col-extra').first().isVisible())
  })

  test('progress is a share of the planned sample, with a warning against peeking', async ({
    visit,
    browserContext,
    assert,
  }) => {
    const experiment = await experimentWithResults(29_502)
    await browserContext.loginAs(await UserFactory.apply('admin').create())
    const page = await visit(`/experiments/results/${experiment.id}`)
    assert.include(
      await page.locator('[data-sample-progress]').innerText(),
      '4,000 of 29,502 subjects (13 % of the planned sample)'
    )
    assert.include(
      await page.locator('[data-peeking-warning]').innerText(),
      'use the sequential method'
    )
    assert.include(await page.locator('[data-recommendation]').innerText(), 'Not enough data yet')
  })
})
