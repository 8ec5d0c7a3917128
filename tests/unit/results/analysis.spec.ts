import { test } from '@japa/runner'
import type Experiment from '#models/experiment'
import { analyzeResults } from '#services/results/analysis'
import type { MetricTotals } from '#services/results/aggregation'
import type { MetricDefinition } from '#evaluation/metrics'

/** Just the fields the analysis reads. */
function experiment(overrides: Partial<Record<string, unknown>> = {}) {
  return {
    variants: [
      { id: 1, key: 'control', name: 'Control', weight: 0.5, isControl: true },
      { id: 2, key: 'treatment', name: 'Treatment', weight: 0.5, isControl: false },
    ],
    primaryMetric: { event: 'signup', kind: 'conversion' },
    secondaryMetrics: [],
    guardrailMetrics: [{ event: 'refund', kind: 'conversion', higherIsBetter: false }],
    analysisMethod: 'frequentist',
    significanceLevel: 0.05,
    power: 0.8,
    minimumSampleSize: 1000,
    correction: 'holm',
    correctionScope: 'metric',
    minimumDays: 0,
    startedAt: null,
    sequentialTau2: 0.0004,
    ...overrides,
  } as unknown as Experiment
}

const NEW_SUMS = {
  preSum: 0,
  preSumSquares: 0,
  crossSum: 0,
  denSum: 0,
  denSumSquares: 0,
  numDenSum: 0,
}

/** The figures of each metric (by event), as the recompute hands them over. */
const totals = (signups: [number, number], refunds: [number, number]) => {
  const byEvent = new Map<string, MetricTotals[]>([
    [
      'signup',
      [1, 2].map((variantId, i) => ({
        variantId,
        converters: signups[i],
        countSum: signups[i],
        countSumSquares: signups[i],
        valueSum: 0,
        valueSumSquares: 0,
        ...NEW_SUMS,
      })),
    ],
    [
      'refund',
      [1, 2].map((variantId, i) => ({
        variantId,
        converters: refunds[i],
        countSum: refunds[i],
        countSumSquares: refunds[i],
        valueSum: 0,
        valueSumSquares: 0,
        ...NEW_SUMS,
      })),
    ],
  ])
  return (metric: MetricDefinition) => ({ totals: byEvent.get(metric.event) ?? [] })
}
const noDaily = { exposures: [], conversions: [] }

test.group('Results analysis / winners', () => {
  test('a clear, clean lift wins', ({ assert }) => {
    const result = analyzeResults(
      experiment(),
      [
        { variantId: 1, exposed: 2000 },
        { variantId: 2, exposed: 2000 },
      ],
      totals([200, 300], [20, 22]),
      noDaily,
      0
    )
    assert.deepEqual(result.winner, { key: 'treatment', name: 'Treatment' })
    assert.lengthOf(result.guardrailHarm, 0)
  })

  test('a significant harm on a guardrail blocks the winner and says so', ({ assert }) => {
    const result = analyzeResults(
      experiment(),
      [
        { variantId: 1, exposed: 2000 },
        { variantId: 2, exposed: 2000 },
      ],
      totals([200, 300], [20, 200]),
      noDaily,
      0
    )
    assert.isNull(result.winner)
    assert.deepEqual(result.guardrailHarm, [{ metric: 'refund', variant: 'treatment' }])
    assert.match(result.recommendation, /^Guardrail harmed: treatment on refund\. Do not ship it\./)
  })

  test('a sample ratio mismatch blocks the winner', ({ assert }) => {
    const result = analyzeResults(
      experiment(),
      [
        { variantId: 1, exposed: 3000 },
        { variantId: 2, exposed: 2000 },
      ],
      totals([300, 300], [20, 20]),
      noDaily,
      0
    )
    assert.isTrue(result.metrics[0].analysis.srm.detected)
    assert.isNull(result.winner)
  })

  test('no data: not enough data, no NaN anywhere', ({ assert }) => {
    const result = analyzeResults(experiment(), [], () => ({ totals: [] }), noDaily, 0)
    assert.isNull(result.winner)
    assert.notMatch(JSON.stringify(result), /NaN|Infinity/)
    assert.match(result.recommendation, /no subjects|No data|Not enough/i)
    assert.equal(result.progress.exposed, 0)
  })
})
