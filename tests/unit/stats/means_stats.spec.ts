import { test } from '@japa/runner'
import { normalIsf, welchTTest } from '#stats/index'
import { assertClose, ok } from './helpers.js'

// Reference values: mpmath 1.3.0 (50 digits) of the spec §4 formulas,
// cross-checked with scipy.stats.ttest_ind_from_stats(..., equal_var=False).

test.group('Stats / Welch t-test', () => {
  test('t quantile with Welch–Satterthwaite df, not z', ({ assert }) => {
    const r = ok(welchTTest({ meanA: 31, sdA: 22, nA: 800, meanB: 33.5, sdB: 24, nB: 780 }))
    assertClose(assert, r.df, 1558.4422388266955, 1e-12)
    assertClose(assert, r.tCrit, 1.9614873540473698, 1e-12)
    assert.isAbove(r.tCrit, normalIsf(0.025))
    assertClose(assert, r.ciDiff[0], 0.22648339047645605, 1e-11)
    assertClose(assert, r.pValue, 0.031166975563318433, 1e-12)
  })

  test('one arm with SD 0 is valid: df = n_other − 1', ({ assert }) => {
    const r = ok(welchTTest({ meanA: 10, sdA: 0, nA: 50, meanB: 12, sdB: 3, nB: 40 }))
    assertClose(assert, r.df, 39, 1e-14)
    assertClose(assert, r.pValue, 0.00014263327560923807, 1e-12)
    assertClose(assert, r.ciRelativeLift![1], 0.2959446546478651, 1e-12)
  })

  test('negative means: relative lift over |A|', ({ assert }) => {
    const r = ok(welchTTest({ meanA: -4, sdA: 2, nA: 30, meanB: -3, sdB: 2.5, nB: 35, alpha: 0.1 }))
    assertClose(assert, r.relativeLift, 0.25, 1e-15)
    assertClose(assert, r.tCrit, 1.669510364322212, 1e-12)
    assertClose(assert, r.ciRelativeLift![0], 0.039825856209406194, 1e-11)
    assert.isTrue(r.significant)
  })

  test('control mean 0: relative lift undefined, the rest defined', ({ assert }) => {
    const r = ok(welchTTest({ meanA: 0, sdA: 2, nA: 30, meanB: 1, sdB: 2, nB: 30 }))
    assert.isNull(r.relativeLift)
    assert.isNull(r.ciRelativeLift)
    assert.isAbove(r.pValue, 0)
  })

  test('n < 2 and zero variance are errors (spec §4)', ({ assert }) => {
    assert.deepEqual(welchTTest({ meanA: 5, sdA: 1, nA: 1, meanB: 6, sdB: 1, nB: 10 }), {
      error: 'n_lt_2',
    })
    assert.deepEqual(welchTTest({ meanA: 5, sdA: 0, nA: 10, meanB: 5, sdB: 0, nB: 10 }), {
      error: 'zero_variance',
    })
  })

  test('identical arms: t = 0 and p = 1', ({ assert }) => {
    const r = ok(welchTTest({ meanA: 7, sdA: 3, nA: 100, meanB: 7, sdB: 3, nB: 100 }))
    assert.equal(r.t, 0)
    assertClose(assert, r.pValue, 1, 1e-15)
    assert.isFalse(r.significant)
  })

  test('huge samples keep tail precision', ({ assert }) => {
    const r = ok(welchTTest({ meanA: 100, sdA: 15, nA: 200000, meanB: 100.4, sdB: 15, nB: 200000 }))
    // scipy: t = 8.432740, p = 3.39e-17 (normal limit); 2·(1 − cdf) would give 0.
    assert.isAbove(r.pValue, 1e-17)
    assert.isBelow(r.pValue, 1e-16)
  })
})
