import { test } from '@japa/runner'
import { campaignSignificance } from '#services/campaigns/significance'

const arms = (a: [number, number], b: [number, number]) => [
  { key: 'A', n: a[0], successes: a[1] },
  { key: 'B', n: b[0], successes: b[1] },
]

test.group('Campaign significance (the seed plan §4–5)', () => {
  test('500/50 vs 500/75: χ² p ≈ 0.0168, B wins at 95 %', ({ assert }) => {
    const result = campaignSignificance(arms([500, 50], [500, 75]))
    // Pearson χ² without continuity correction: scipy chi2_contingency(correction=False) gives p = 0.016827.
    assert.closeTo(result.pValue, 0.016827, 0.00001)
    assert.closeTo(result.confidenceLevel, 1 - result.pValue, 1e-12)
    assert.isTrue(result.significant)
    assert.equal(result.winner, 'B')
    assert.isNull(result.reason)
  })

  test('100/10 vs 100/25 is significant; the rate difference decides the winner', ({ assert }) => {
    const result = campaignSignificance(arms([100, 10], [100, 25]))
    assert.isTrue(result.pValue < 0.05)
    assert.equal(result.winner, 'B')
  })

  test('identical arms: p = 1, no winner, tied', ({ assert }) => {
    const result = campaignSignificance(arms([100, 10], [100, 10]))
    assert.equal(result.pValue, 1)
    assert.isNull(result.winner)
    assert.equal(result.reason, 'tied_results')
  })

  test('zero conversions: no winner, no_responses, nothing divides by zero', ({ assert }) => {
    const result = campaignSignificance(arms([100, 0], [100, 0]))
    assert.isNull(result.winner)
    assert.equal(result.reason, 'no_responses')
    assert.equal(result.pValue, 1)
    assert.equal(campaignSignificance(arms([0, 0], [0, 0])).reason, 'no_responses')
  })

  test('n < 30 per variant: insufficient sample, never significant', ({ assert }) => {
    const result = campaignSignificance(arms([10, 2], [10, 3]))
    assert.isTrue(result.insufficientSampleSize)
    assert.isFalse(result.significant)
    assert.isNull(result.winner)
    assert.equal(result.reason, 'insufficient_confidence')
    // Even a large difference waits for the minimum (configurable).
    assert.isNull(campaignSignificance(arms([20, 0], [20, 15])).winner)
    assert.equal(campaignSignificance(arms([20, 0], [20, 15]), 10).winner, 'B')
  })

  test('a small difference is insufficient confidence', ({ assert }) => {
    const result = campaignSignificance(arms([200, 20], [200, 24]))
    assert.isNull(result.winner)
    assert.equal(result.reason, 'insufficient_confidence')
    assert.isFalse(result.significant)
  })
})
