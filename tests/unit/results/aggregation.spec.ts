import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { resetDatabase } from '#tests/helpers/database'
import { generator } from '#tests/helpers/random'
import { runningExperiment } from '#tests/helpers/experiments'
import { FOLD_PARTS, foldExperiment } from '#services/results/aggregation'
import { metricSource, type MetricDefinition } from '#evaluation/metrics'

const MINUTE = 60_000

/** Inserts rows as the app would, with explicit times (received_at old enough to be folded). */
async function insertAssignment(
  experimentId: number,
  variantId: number,
  subject: string,
  exposedAt: Date | null
) {
  await db.table('experiment_assignments').insert({
    experiment_id: experimentId,
    variant_id: variantId,
    subject_id: subject,
    how: 'deterministic',
    assigned_at: new Date(Date.now() - 120 * MINUTE),
    first_exposed_at: exposedAt,
  })
}

async function insertEvent(
  experimentId: number,
  variantId: number,
  subject: string,
  name: string,
  value: number | null,
  occurredAt: Date
) {
  await db.table('experiment_events').insert({
    experiment_id: experimentId,
    variant_id: variantId,
    subject_id: subject,
    event_name: name,
    value,
    occurred_at: occurredAt,
  })
}

/** Tests insert and fold within milliseconds: no settling delay. */
function fold(
  experimentId: number,
  full: boolean,
  settleSeconds = 0,
  metrics: MetricDefinition[] = PLAIN
) {
  return foldExperiment(experimentId, {
    full,
    commit: true,
    sources: metrics.map(metricSource),
    dailySource: metricSource(metrics[0]).key,
    settleSeconds,
  })
}

const PLAIN: MetricDefinition[] = [
  { event: 'signup', kind: 'conversion' },
  { event: 'revenue', kind: 'sum' },
]

/**
 * Totals in a comparable form. Sums of decimal values are kept to 12 significant digits:
 * the same doubles added in another order differ in the last bits.
 */
const normalized = ({ totals }: Awaited<ReturnType<typeof fold>>) => ({
  exposed: [...totals.exposed].sort((a, b) => a.variantId - b.variantId),
  metrics: Object.fromEntries(
    [...totals.byMetric.entries()].map(([name, rows]) => [
      name,
      [...rows]
        .sort((a, b) => a.variantId - b.variantId)
        .map(
          (row) =>
            Object.fromEntries(
              Object.entries(row).map(([field, x]) => [field, Number(x.toPrecision(12))])
            ) as unknown as typeof row
        ),
    ])
  ),
})

test.group('Results aggregation', (group) => {
  group.each.setup(resetDatabase)

  test('only events after the subject’s first exposure count; unexposed subjects are left out', async ({
    assert,
  }) => {
    const experiment = await runningExperiment()
    const [control] = experiment.variants
    const now = Date.now()
    await insertAssignment(experiment.id, control.id, 'a', new Date(now - 100 * MINUTE))
    await insertAssignment(experiment.id, control.id, 'b', null)
    await insertEvent(experiment.id, control.id, 'a', 'signup', null, new Date(now - 110 * MINUTE)) // before exposure
    await insertEvent(experiment.id, control.id, 'a', 'revenue', 5, new Date(now - 90 * MINUTE))
    await insertEvent(experiment.id, control.id, 'a', 'revenue', 7, new Date(now - 80 * MINUTE))
    await insertEvent(experiment.id, control.id, 'b', 'signup', null, new Date(now - 70 * MINUTE)) // never exposed
    const { totals } = await fold(experiment.id, true)
    assert.deepEqual(totals.exposed, [{ variantId: control.id, exposed: 1 }])
    assert.isUndefined(totals.byMetric.get('signup'))
    assert.deepInclude(totals.byMetric.get('revenue')![0], {
      converters: 1,
      countSum: 2,
      valueSum: 12,
      valueSumSquares: 144,
    })
  })

  test('incremental folding equals a full rebuild on random streams (late, duplicate and pre-exposure events)', async ({
    assert,
  }) => {
    const experiment = await runningExperiment()
    const [control, treatment] = experiment.variants
    const random = generator(42)
    const now = Date.now()
    const subjects = Array.from({ length: 60 }, (_, i) => `s${i}`)
    const exposure = new Map<string, Date>()
    const variantOf = new Map<string, number>()

    let incremental: Awaited<ReturnType<typeof fold>> | undefined
    for (let round = 0; round < 6; round++) {
      // New assignments, some exposed now, some later, some never.
      for (const subject of subjects.slice(round * 10, round * 10 + 10)) {
        const variant = random() < 0.5 ? control.id : treatment.id
        variantOf.set(subject, variant)
        // Exposures are stamped when they happen (as the API does).
        const exposed = random() < 0.8 ? new Date() : null
        if (exposed) exposure.set(subject, exposed)
        await insertAssignment(experiment.id, variant, subject, exposed)
      }
      // Events for known subjects: some before exposure, some late (old occurred_at), duplicates.
      for (let i = 0; i < 40; i++) {
        const subject = subjects[Math.floor(random() * Math.min(subjects.length, round * 10 + 10))]
        // Some before the exposure (not counted), some late (an old time arriving now).
        const exposedAt = exposure.get(subject)?.getTime() ?? now
        const occurred = new Date(exposedAt + (random() - 0.3) * 30 * MINUTE)
        const name = random() < 0.5 ? 'signup' : 'revenue'
        const value = name === 'revenue' ? Math.round(random() * 1000) / 10 : null
        await insertEvent(experiment.id, variantOf.get(subject)!, subject, name, value, occurred)
        if (random() < 0.1)
          await insertEvent(experiment.id, variantOf.get(subject)!, subject, name, value, occurred)
      }
      // Fold incrementally after every round.
      incremental = await fold(experiment.id, false)
    }
    const rebuilt = await fold(experiment.id, true)
    const full = normalized(rebuilt)
    assert.deepEqual(normalized(incremental!), full)
    assert.deepEqual(incremental!.daily, rebuilt.daily)
    assert.isAbove(
      full.exposed.reduce((sum, v) => sum + v.exposed, 0),
      30
    )
    // The subjects were spread over every part, each folded on its own.
    const parts = await db
      .from('experiment_daily_counts')
      .where('experiment_id', experiment.id)
      .distinct('part')
      .orderBy('part')
    assert.deepEqual(
      parts.map((row) => row.part),
      Array.from({ length: FOLD_PARTS }, (_, part) => part)
    )
    const again = normalized(await fold(experiment.id, false))
    assert.deepEqual(again, full, 'a run with nothing new changes nothing')
  })

  test('incremental equals full with CUPED, ratio, window and cap statistics', async ({
    assert,
  }) => {
    const metrics: MetricDefinition[] = [
      { event: 'signup', kind: 'conversion', cupedDays: 14, windowHours: 1 },
      { event: 'revenue', kind: 'sum', cupedDays: 14, cap: { type: 'fixed', value: 60 } },
      { event: 'revenue', kind: 'ratio', numerator: 'sum', denominatorEvent: 'order' },
      { event: 'signup', kind: 'count', cupedDays: 1 },
    ]
    const experiment = await runningExperiment()
    const [control, treatment] = experiment.variants
    const random = generator(7)
    const subjects = Array.from({ length: 50 }, (_, i) => `s${i}`)
    const exposure = new Map<string, number>()
    const variantOf = new Map<string, number>()
    let incremental: Awaited<ReturnType<typeof fold>> | undefined
    for (let round = 0; round < 5; round++) {
      for (const subject of subjects.slice(round * 10, round * 10 + 10)) {
        variantOf.set(subject, random() < 0.5 ? control.id : treatment.id)
        const exposed = random() < 0.85 ? new Date() : null
        if (exposed) exposure.set(subject, exposed.getTime())
        await insertAssignment(experiment.id, variantOf.get(subject)!, subject, exposed)
      }
      for (let i = 0; i < 60; i++) {
        const subject = subjects[Math.floor(random() * (round * 10 + 10))]
        // From 3 days before the exposure (the covariate; some beyond a 1-day lookback) to
        // 2 hours after it (some outside the 1-hour window); late ones arrive in later rounds.
        const at = (exposure.get(subject) ?? Date.now()) + (random() * 3.1 - 3) * 24 * 60 * MINUTE
        const occurred = new Date(
          random() < 0.5 ? at : (exposure.get(subject) ?? Date.now()) + random() * 120 * MINUTE
        )
        const name = ['signup', 'revenue', 'order'][Math.floor(random() * 3)]
        const value = name === 'revenue' ? Math.round(random() * 900) / 10 : null
        await insertEvent(experiment.id, variantOf.get(subject)!, subject, name, value, occurred)
      }
      incremental = await fold(experiment.id, false, 0, metrics)
    }
    const rebuilt = await fold(experiment.id, true, 0, metrics)
    const full = normalized(rebuilt)
    assert.deepEqual(normalized(incremental!), full)
    assert.deepEqual(incremental!.daily, rebuilt.daily)
    // Every new statistic was exercised.
    const [cuped, capped, ratio, count] = metrics.map((m) => full.metrics[metricSource(m).key])
    assert.isAbove(cuped[0].preSum + cuped[1].preSum, 0)
    assert.isAbove(cuped[0].crossSum + cuped[1].crossSum, 0)
    assert.isAbove(capped[0].crossSum + capped[1].crossSum, 0)
    assert.isAbove(ratio[0].numDenSum + ratio[1].numDenSum, 0)
    assert.isAbove(ratio[0].denSumSquares, 0)
    assert.isBelow(count[0].preSum, cuped[0].preSum * 3, 'a shorter lookback sees fewer events')
    // The CUPED conversion metric's daily covariate sums add up to its totals (the chart's
    // last day is the table's).
    for (const { variantId, preSum, preSumSquares, crossSum } of cuped) {
      const days = rebuilt.daily.conversions.filter((row) => row.variantId === variantId)
      const total = (field: 'preSum' | 'preSumSquares' | 'crossSum') =>
        days.reduce((sum, row) => sum + row[field], 0)
      assert.deepEqual(
        [total('preSum'), total('preSumSquares'), total('crossSum')],
        [preSum, preSumSquares, crossSum]
      )
    }
  })

  test('sources that share their events (covariates, a ratio’s denominator) fold as each alone', async ({
    assert,
  }) => {
    // Revenue feeds a CUPED sum and count, a count with a shorter lookback and a ratio's
    // numerator; order is that ratio's denominator and a CUPED count's event.
    const metrics: MetricDefinition[] = [
      { event: 'revenue', kind: 'sum', cupedDays: 14 },
      { event: 'revenue', kind: 'count', cupedDays: 14 },
      { event: 'revenue', kind: 'count', cupedDays: 1 },
      { event: 'revenue', kind: 'ratio', numerator: 'sum', denominatorEvent: 'order' },
      { event: 'order', kind: 'count', cupedDays: 14 },
      { event: 'order', kind: 'conversion' },
    ]
    const experiment = await runningExperiment()
    const [control, treatment] = experiment.variants
    const random = generator(11)
    const exposedAt = Date.now() - 10 * MINUTE
    const events = []
    for (let i = 0; i < 40; i++) {
      const variant = i % 2 ? control.id : treatment.id
      await insertAssignment(experiment.id, variant, `s${i}`, new Date(exposedAt))
      for (let j = 0; j < 6; j++) {
        events.push({
          experiment_id: experiment.id,
          variant_id: variant,
          subject_id: `s${i}`,
          event_name: random() < 0.5 ? 'order' : 'revenue',
          value: Math.round(random() * 900) / 10,
          // From 3 days before the exposure to just after it.
          occurred_at: new Date(exposedAt + (random() * 3.1 - 3) * 24 * 60 * MINUTE),
        })
      }
    }
    await db.table('experiment_events').multiInsert(events)
    const together = normalized(await fold(experiment.id, true, 0, metrics)).metrics
    for (const metric of metrics) {
      const key = metricSource(metric).key
      const alone = normalized(await fold(experiment.id, true, 0, [metric])).metrics
      assert.deepEqual(together[key], alone[key], key)
    }
    const [sum, count, shorter, ratio] = metrics.map((m) => together[metricSource(m).key])
    assert.isAbove(count[0].preSum, shorter[0].preSum, 'a longer lookback sees more events')
    assert.isAbove(shorter[0].preSum, 0)
    assert.isAbove(sum[0].crossSum, 0)
    assert.isAbove(ratio[0].denSum, 0)
  })

  test('a metric left out of a run stops folding; brought back, its statistics are rebuilt', async ({
    assert,
  }) => {
    const experiment = await runningExperiment()
    const [control] = experiment.variants
    const signupKey = metricSource(PLAIN[0]).key
    const revenueOnly = [PLAIN[1]]
    const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * MINUTE)
    for (const subject of ['a', 'b']) {
      await insertAssignment(experiment.id, control.id, subject, at(100))
    }
    await insertEvent(experiment.id, control.id, 'a', 'signup', null, at(90))
    await insertEvent(experiment.id, control.id, 'a', 'revenue', 5, at(90))
    await fold(experiment.id, false)

    // Signup is left out: revenue goes on folding new events incrementally.
    await insertEvent(experiment.id, control.id, 'b', 'signup', null, at(80))
    await insertEvent(experiment.id, control.id, 'b', 'revenue', 7, at(80))
    const without = await fold(experiment.id, false, 0, revenueOnly)
    assert.equal(without.eventsFolded, 2)
    assert.deepInclude(without.totals.byMetric.get('revenue')![0], {
      converters: 2,
      valueSum: 12,
    })
    assert.deepEqual(
      normalized(without),
      normalized(await fold(experiment.id, false, 0, revenueOnly)),
      'nothing new, nothing changes'
    )

    // Back in: b's signup, which arrived while signup was left out, counts.
    const back = await fold(experiment.id, false)
    assert.equal(back.totals.byMetric.get(signupKey)![0].converters, 2)
    assert.deepEqual(normalized(back), normalized(await fold(experiment.id, true)))
  })

  test('retention counts a subject back on day 7 after its exposure, not before or after', async ({
    assert,
  }) => {
    const retention: MetricDefinition = { event: 'visit', kind: 'retention' }
    const experiment = await runningExperiment()
    const [control] = experiment.variants
    const DAY = 24 * 60 * MINUTE
    const exposed = Date.now() - 10 * DAY
    const visits: [string, number][] = [
      ['back-on-day-7', 7.5 * DAY],
      ['back-on-day-2-only', 2 * DAY],
      ['back-on-day-8-only', 8.2 * DAY],
      ['back-on-day-2-and-day-7', 2 * DAY],
      ['back-on-day-2-and-day-7', 7.01 * DAY],
    ]
    for (const subject of new Set(visits.map(([who]) => who))) {
      await insertAssignment(experiment.id, control.id, subject, new Date(exposed))
    }
    // Half the events arrive after a first fold: the incremental fold agrees with a rebuild.
    for (const [subject, after] of visits.slice(0, 2)) {
      await insertEvent(
        experiment.id,
        control.id,
        subject,
        'visit',
        null,
        new Date(exposed + after)
      )
    }
    await fold(experiment.id, false, 0, [retention])
    for (const [subject, after] of visits.slice(2)) {
      await insertEvent(
        experiment.id,
        control.id,
        subject,
        'visit',
        null,
        new Date(exposed + after)
      )
    }
    const incremental = await fold(experiment.id, false, 0, [retention])
    const key = metricSource(retention).key
    assert.equal(incremental.totals.byMetric.get(key)![0].converters, 2)
    assert.deepEqual(
      normalized(incremental),
      normalized(await fold(experiment.id, true, 0, [retention]))
    )
    // The day is a setting: day 2 counts the other two.
    const dayTwo: MetricDefinition = { event: 'visit', kind: 'retention', retentionDay: 2 }
    const rebuilt = await fold(experiment.id, false, 0, [dayTwo])
    assert.equal(rebuilt.totals.byMetric.get(metricSource(dayTwo).key)![0].converters, 2)
  })

  test('a late event from an earlier day moves the converter to that day; a later one does not', async ({
    assert,
  }) => {
    const experiment = await runningExperiment()
    const [control] = experiment.variants
    const day = (n: number) => new Date(Date.UTC(2026, 0, n, 12))
    await insertAssignment(experiment.id, control.id, 'a', day(1))
    await insertEvent(experiment.id, control.id, 'a', 'signup', null, day(5))
    await fold(experiment.id, false)
    await insertEvent(experiment.id, control.id, 'a', 'signup', null, day(3)) // late
    await insertEvent(experiment.id, control.id, 'a', 'signup', null, day(7))
    const { totals, daily } = await fold(experiment.id, false)

    assert.deepEqual(daily.conversions, [
      { day: '2026-01-03', variantId: control.id, n: 1, preSum: 0, preSumSquares: 0, crossSum: 0 },
    ])
    assert.deepInclude(totals.byMetric.get('signup')![0], { converters: 1, countSum: 3 })
    const rebuilt = await fold(experiment.id, true)
    assert.deepEqual(rebuilt.daily, daily)
  })

  test('a CUPED conversion metric keeps its covariate sums by day: x on the exposure day, xy on the first conversion’s', async ({
    assert,
  }) => {
    const cuped: MetricDefinition[] = [{ event: 'signup', kind: 'conversion', cupedDays: 3 }]
    const experiment = await runningExperiment()
    const [control] = experiment.variants
    const day = (n: number) => new Date(Date.UTC(2026, 0, n, 12))
    for (const subject of ['a', 'b'])
      await insertAssignment(experiment.id, control.id, subject, day(10))
    await insertEvent(experiment.id, control.id, 'a', 'signup', null, day(12))
    await insertEvent(experiment.id, control.id, 'b', 'signup', null, day(13))
    await insertEvent(experiment.id, control.id, 'b', 'signup', null, day(2)) // before its lookback
    const first = await fold(experiment.id, false, 0, cuped)
    const row = (d: string, n: number, x: number, xy: number) => ({
      day: d,
      variantId: control.id,
      n,
      preSum: x,
      preSumSquares: x,
      crossSum: xy,
    })
    assert.deepEqual(first.daily.conversions, [
      row('2026-01-12', 1, 0, 0),
      row('2026-01-13', 1, 0, 0),
    ])

    // Late events: both converted before exposure (x becomes 1); a's first conversion moves
    // a day earlier, b's stays.
    await insertEvent(experiment.id, control.id, 'a', 'signup', null, day(8))
    await insertEvent(experiment.id, control.id, 'a', 'signup', null, day(11))
    await insertEvent(experiment.id, control.id, 'b', 'signup', null, day(9))
    const { daily, totals } = await fold(experiment.id, false, 0, cuped)
    assert.deepEqual(daily.conversions, [
      row('2026-01-10', 0, 2, 0),
      row('2026-01-11', 1, 0, 1),
      row('2026-01-13', 1, 0, 1),
    ])
    assert.deepInclude(totals.byMetric.get(metricSource(cuped[0]).key)![0], {
      converters: 2,
      preSum: 2,
      crossSum: 2,
    })
    const rebuilt = await fold(experiment.id, true, 0, cuped)
    assert.deepEqual(rebuilt.daily, daily)
  })

  test('events received in the last seconds wait for the next run (they may not be committed yet)', async ({
    assert,
  }) => {
    const experiment = await runningExperiment()
    const [control] = experiment.variants
    await insertAssignment(experiment.id, control.id, 'a', new Date(Date.now() - 100 * MINUTE))
    await db.table('experiment_events').insert({
      experiment_id: experiment.id,
      variant_id: control.id,
      subject_id: 'a',
      event_name: 'signup',
      occurred_at: new Date(),
      received_at: new Date(),
    })
    const { totals } = await fold(experiment.id, false, 10)
    assert.isUndefined(totals.byMetric.get('signup'))
  })
})
