import { test } from '@japa/runner'
import { sampleRatioMismatch } from '#stats/index'
import { assertClose, ok } from './helpers.js'

// Reference p-values: mpmath 1.3.0 regularized upper incomplete gamma.

test.group('Stats / sample ratio mismatch', () => {
  test('5000 vs 5200 at 50/50 is p ≈ 0.048: not an SRM at 0.001', ({ assert }) => {
    const r = ok(sampleRatioMismatch({ observed: [5000, 5200], weights: [50, 50] }))
    assertClose(assert, r.pValue, 0.04767038065616145, 1e-12)
    assert.isFalse(r.srmDetected)
  })

  test('weights are normalised: any scale gives the same answer', ({ assert }) => {
    const a = ok(sampleRatioMismatch({ observed: [1000, 2100, 950], weights: [1, 2, 1] }))
    const b = ok(sampleRatioMismatch({ observed: [1000, 2100, 950], weights: [25, 50, 25] }))
    assert.deepEqual(a.expectedCounts, [1012.5, 2025, 1012.5])
    assertClose(assert, a.pValue, b.pValue, 1e-15)
    assert.equal(a.dof, 2)
  })

  test('detection uses p < 0.001', ({ assert }) => {
    const r = ok(sampleRatioMismatch({ observed: [100000, 101500], weights: [0.5, 0.5] }))
    assertClose(assert, r.pValue, 0.0008329868712024008, 1e-10)
    assert.isTrue(r.srmDetected)
  })

  test('90/10 split', ({ assert }) => {
    const r = ok(sampleRatioMismatch({ observed: [9000, 1100], weights: [0.9, 0.1] }))
    assertClose(assert, r.statistic as number, 8.910891089108912, 1e-13)
    assertClose(assert, r.pValue, 0.0028347490802593934, 1e-10)
    assert.isFalse(r.srmDetected)
  })

  test('no users: p = 1, no SRM', ({ assert }) => {
    const r = ok(sampleRatioMismatch({ observed: [0, 0], weights: [1, 1] }))
    assert.equal(r.pValue, 1)
    assert.isFalse(r.srmDetected)
  })

  test('a gross mismatch keeps a real tail p-value', ({ assert }) => {
    const r = ok(sampleRatioMismatch({ observed: [10000, 12000], weights: [1, 1] }))
    // X² = 181.818…, p = 1.9428901015463916e-41; 1 − cdf would be 0.
    assertClose(assert, r.pValue, 1.9428901015463916e-41, 1e-11)
    assert.isTrue(r.srmDetected)
  })

  test('a zero-weight variant with users is a mismatch; bad input is an error', ({ assert }) => {
    const r = ok(sampleRatioMismatch({ observed: [500, 10], weights: [1, 0] }))
    assert.isTrue(r.srmDetected)
    assert.equal(r.pValue, 0)
    assert.isNull(r.statistic)
    assert.deepEqual(sampleRatioMismatch({ observed: [1, 2], weights: [1] }), {
      error: 'length_mismatch',
    })
    assert.deepEqual(sampleRatioMismatch({ observed: [1, 2], weights: [0, 0] }), {
      error: 'invalid_weights',
    })
  })
})
