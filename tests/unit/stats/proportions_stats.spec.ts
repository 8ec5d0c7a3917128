import { test } from '@japa/runner'
import { chiSquareIndependence, normalIsf, twoProportionZTest, wilsonInterval } from '#stats/index'
import { assertClose, ok } from './helpers.js'

// Reference values: mpmath 1.3.0 (50 digits) evaluation of the spec §2/§3 formulas.

test.group('Stats / two-proportion z-test', () => {
  test('pooled SE for the statistic, unpooled SE for the CI', ({ assert }) => {
    const r = ok(twoProportionZTest({ conversionsA: 200, nA: 2000, conversionsB: 240, nB: 2000 }))
    assertClose(assert, r.sePooled, 0.00989444288477123, 1e-12)
    assertClose(assert, r.z, 2.021336646531404, 1e-12)
    assertClose(assert, r.seUnpooled, 0.009889388252060894, 1e-12)
    // The z statistic must not use the unpooled SE.
    assert.isAbove(Math.abs(r.z - r.absDiff / r.seUnpooled), 1e-4)
    assert.isTrue(r.significant)
  })

  test('CI uses the exact z quantile (1.96 would move it by ~2e-5)', ({ assert }) => {
    const r = ok(twoProportionZTest({ conversionsA: 200, nA: 2000, conversionsB: 240, nB: 2000 }))
    const z = normalIsf(0.025)
    assertClose(assert, r.ciAbsDiff[1], r.absDiff + z * r.seUnpooled, 1e-15)
    assert.isAbove(Math.abs(r.ciAbsDiff[1] - (r.absDiff + 1.96 * r.seUnpooled)), 1e-8)
  })

  test('relative lift is taken with respect to A (control)', ({ assert }) => {
    const r = ok(twoProportionZTest({ conversionsA: 100, nA: 1000, conversionsB: 150, nB: 1000 }))
    assertClose(assert, r.relativeLift, 0.5, 1e-12)
    assert.isAbove(Math.abs((r.relativeLift as number) - (0.15 - 0.1) / 0.15), 0.1)
  })

  test('tail precision: p-value of z = 14.4 is 4.6e-47, not 0', ({ assert }) => {
    const r = ok(
      twoProportionZTest({ conversionsA: 5000, nA: 100000, conversionsB: 6500, nB: 100000 })
    )
    assertClose(assert, r.pValue, 4.613154282630604e-47, 1e-10)
    assertClose(assert, r.ciRelativeLift![0], 0.25344518213293465, 1e-10)
  })

  test('both arms at 0%: z = 0, p = 1, point CI, undefined relative lift', ({ assert }) => {
    const r = ok(twoProportionZTest({ conversionsA: 0, nA: 100, conversionsB: 0, nB: 100 }))
    assert.equal(r.z, 0)
    assert.equal(r.pValue, 1)
    assert.isFalse(r.significant)
    assert.deepEqual(r.ciAbsDiff, [0, 0])
    assert.isNull(r.relativeLift)
    assert.isNull(r.seRelativeLift)
    assert.isNull(r.ciRelativeLift)
  })

  test('both arms at 100%: z = 0, p = 1, relative lift 0', ({ assert }) => {
    const r = ok(twoProportionZTest({ conversionsA: 50, nA: 50, conversionsB: 80, nB: 80 }))
    assert.equal(r.pValue, 1)
    assert.deepEqual(r.ciAbsDiff, [0, 0])
    assert.equal(r.relativeLift, 0)
  })

  test('0/1 vs 1/1: Wald CI collapses to [1, 1] (spec §2)', ({ assert }) => {
    const r = ok(twoProportionZTest({ conversionsA: 0, nA: 1, conversionsB: 1, nB: 1 }))
    assert.deepEqual(r.ciAbsDiff, [1, 1])
    assertClose(assert, r.z, Math.SQRT2, 1e-15)
    assert.isNull(r.relativeLift)
  })

  test('tiny samples at alpha 0.01', ({ assert }) => {
    const r = ok(
      twoProportionZTest({ conversionsA: 1, nA: 10, conversionsB: 9, nB: 10, alpha: 0.01 })
    )
    assertClose(assert, r.pValue, 0.00034661935113466697, 1e-12)
    assertClose(assert, r.ciAbsDiff[0], 0.45441623472972303, 1e-12)
    assertClose(assert, r.ciRelativeLift![1], 30.128157834654147, 1e-12)
  })

  test('1/99 split with an empty-conversion arm', ({ assert }) => {
    const r = ok(twoProportionZTest({ conversionsA: 30, nA: 60000, conversionsB: 0, nB: 600 }))
    assertClose(assert, r.pValue, 0.5837892841866119, 1e-12)
    assertClose(assert, r.ciAbsDiff[0], -0.0006788746789254929, 1e-12)
    assert.deepEqual(r.ciRelativeLift, [-1, -1])
  })

  test('strict p < alpha and errors for unusable counts', ({ assert }) => {
    assert.deepEqual(twoProportionZTest({ conversionsA: 0, nA: 0, conversionsB: 1, nB: 10 }), {
      error: 'no_subjects',
    })
    assert.deepEqual(twoProportionZTest({ conversionsA: 11, nA: 10, conversionsB: 1, nB: 10 }), {
      error: 'invalid_input',
    })
    const p = ok(
      twoProportionZTest({ conversionsA: 200, nA: 2000, conversionsB: 240, nB: 2000 })
    ).pValue
    assert.isFalse(
      ok(twoProportionZTest({ conversionsA: 200, nA: 2000, conversionsB: 240, nB: 2000, alpha: p }))
        .significant
    )
    assert.isTrue(
      ok(
        twoProportionZTest({
          conversionsA: 200,
          nA: 2000,
          conversionsB: 240,
          nB: 2000,
          alpha: p * (1 + 1e-12),
        })
      ).significant
    )
  })
})

test.group('Stats / Wilson interval', () => {
  test('matches the closed form', ({ assert }) => {
    const r = ok(wilsonInterval({ conversions: 3, n: 20 }))
    assertClose(assert, r.center, 0.20639380531848678, 1e-14)
    assertClose(assert, r.lower, 0.052368745896216595, 1e-14)
    assertClose(assert, r.upper, 0.36041886474075696, 1e-14)
  })

  test('zero and full conversion give exact 0 and 1 bounds', ({ assert }) => {
    assert.strictEqual(ok(wilsonInterval({ conversions: 0, n: 50 })).lower, 0)
    assert.strictEqual(ok(wilsonInterval({ conversions: 50, n: 50, confidence: 0.9 })).upper, 1)
    const single = ok(wilsonInterval({ conversions: 1, n: 1, confidence: 0.99 }))
    assert.strictEqual(single.upper, 1)
    assert.isAbove(single.lower, 0)
  })

  test('no subjects is an error, not NaN', ({ assert }) => {
    assert.deepEqual(wilsonInterval({ conversions: 0, n: 0 }), { error: 'no_subjects' })
  })
})

test.group('Stats / chi-square test of independence', () => {
  test('2×2 uncorrected X² equals z² and the p-values agree', ({ assert }) => {
    const chi = ok(
      chiSquareIndependence({
        variants: [
          { conversions: 40, n: 400 },
          { conversions: 58, n: 410 },
        ],
      })
    )
    const z = ok(twoProportionZTest({ conversionsA: 40, nA: 400, conversionsB: 58, nB: 410 }))
    assertClose(assert, chi.statistic, z.z * z.z, 1e-12)
    assertClose(assert, chi.pValue, z.pValue, 1e-12)
    assert.equal(chi.dof, 1)
  })

  test('Yates is capped at |O − E| (identical rates stay at X² = 0)', ({ assert }) => {
    const same = ok(
      chiSquareIndependence({
        variants: [
          { conversions: 10, n: 100 },
          { conversions: 10, n: 100 },
        ],
      })
    )
    assert.equal(same.statisticYates, 0)
    assert.equal(same.pValueYates, 1)
    // |O − E| < 0.5 in every cell: the naive (|O − E| − 0.5)² would give a positive X².
    const small = ok(
      chiSquareIndependence({
        variants: [
          { conversions: 1, n: 3 },
          { conversions: 2, n: 5 },
        ],
      })
    )
    assertClose(assert, small.statistic, 0.03555555555555555, 1e-13)
    assert.equal(small.statisticYates, 0)
  })

  test('Yates only for 2×2, and the omnibus 2×4 test', ({ assert }) => {
    const r = ok(
      chiSquareIndependence({
        variants: [
          { conversions: 100, n: 1000 },
          { conversions: 130, n: 1000 },
          { conversions: 90, n: 1000 },
          { conversions: 160, n: 1000 },
        ],
      })
    )
    assert.equal(r.dof, 3)
    assertClose(assert, r.statistic, 28.409090909090914, 1e-12)
    assertClose(assert, r.pValue, 2.9803294647043378e-6, 1e-10)
    assert.isNull(r.statisticYates)
    assert.isNull(r.pValueYates)
  })

  test('no conversions anywhere: X² = 0 and p = 1', ({ assert }) => {
    const r = ok(
      chiSquareIndependence({
        variants: [
          { conversions: 0, n: 100 },
          { conversions: 0, n: 200 },
        ],
      })
    )
    assert.deepInclude(r, { statistic: 0, dof: 1, pValue: 1, statisticYates: 0, pValueYates: 1 })
    const all = ok(
      chiSquareIndependence({
        variants: [
          { conversions: 5, n: 5 },
          { conversions: 7, n: 7 },
          { conversions: 1, n: 1 },
        ],
      })
    )
    assert.deepInclude(all, { statistic: 0, pValue: 1, dof: 2 })
  })
})
