import { test } from '@japa/runner'
import {
  mdeForSample,
  noncentralTCdf,
  sampleSizeMeans,
  sampleSizeTwoProportions,
  studentTCdf,
  type MdeForMeansResult,
  type MdeForProportionsResult,
} from '#stats/index'
import { assertClose, ok } from './helpers.js'

test.group('Stats / noncentral t', () => {
  test('matches scipy 1.17.1 nct.cdf, tails included', ({ assert }) => {
    assertClose(assert, noncentralTCdf(2, 10, 1), 0.8076115625303752, 1e-12)
    assertClose(assert, noncentralTCdf(1.96, 50, 2.8), 0.20213420853646402, 1e-12)
    assertClose(assert, noncentralTCdf(-1.5, 7.5, 0.5), 0.033743667528306966, 1e-11)
    assertClose(assert, 1 - noncentralTCdf(1.9614, 8036, -2.8), 9.642817508466114e-7, 1e-7)
    // A large noncentrality, where a series started at j = 0 underflows.
    assert.equal(noncentralTCdf(3, 2000, 45), 0)
  })

  test('δ = 0 is Student t', ({ assert }) => {
    assert.equal(noncentralTCdf(1.3, 12, 0), studentTCdf(1.3, 12))
  })
})

test.group('Stats / sample size and MDE for means (§18)', () => {
  test('sample size then MDE round-trips, for both scales and sidedness', ({ assert }) => {
    for (const sides of [1, 2]) {
      for (const [baselineMean, sd, mdeRelative] of [
        [50, 40, 0.05],
        [-3, 2, 0.2],
        [1000, 15, 0.001],
      ]) {
        const size = ok(sampleSizeMeans({ baselineMean, sd, mdeRelative, sides }))
        const mde = ok(
          mdeForSample({
            metricType: 'mean',
            baseline: baselineMean,
            sd,
            nPerArm: size.nNormal,
            sides,
          })
        ) as MdeForMeansResult
        assertClose(assert, mde.mdeAbsolute, size.delta, 1e-12)
        assertClose(assert, mde.mdeRelative, mdeRelative, 1e-12)
        const atNormal = ok(
          mdeForSample({
            metricType: 'mean',
            baseline: baselineMean,
            sd,
            nPerArm: size.nNormalStatsmodels,
            sides,
          })
        ) as MdeForMeansResult
        assertClose(assert, atNormal.effectSizeNormalStatsmodels, size.effectSize, 1e-10)
        const atT = ok(
          mdeForSample({
            metricType: 'mean',
            baseline: baselineMean,
            sd,
            nPerArm: size.nTtestStatsmodels,
            sides,
          })
        ) as MdeForMeansResult
        assertClose(assert, atT.effectSizeTtestStatsmodels, size.effectSize, 1e-10)
      }
    }
  })

  test('the t test needs about one more subject than the normal formula', ({ assert }) => {
    // Spec §18a: 11.09 vs 10.05 at d = 1.25.
    const r = ok(sampleSizeMeans({ baselineMean: 10, sd: 1, mdeAbsolute: 1.25 }))
    assertClose(assert, r.nNormal, 10.046, 1e-3)
    assertClose(assert, r.nTtestStatsmodels, 11.09, 1e-3)
    assert.isBelow(r.nNormalStatsmodels, r.nNormal)
    assert.equal(r.totalNormal, 2 * r.nNormalCeil)
  })

  test('errors', ({ assert }) => {
    const base = { baselineMean: 10, sd: 2, alpha: 0.05, power: 0.8, sides: 2 }
    assert.deepEqual(sampleSizeMeans({ ...base, mdeRelative: 0.1, mdeAbsolute: 1 }), {
      error: 'invalid_input',
    })
    assert.deepEqual(sampleSizeMeans(base), { error: 'invalid_input' })
    assert.deepEqual(sampleSizeMeans({ ...base, mdeRelative: 0.1, baselineMean: 0 }), {
      error: 'baseline_zero',
    })
    assert.deepEqual(sampleSizeMeans({ ...base, mdeAbsolute: 0 }), { error: 'invalid_input' })
    assert.deepEqual(sampleSizeMeans({ ...base, mdeAbsolute: 1, sd: 0 }), {
      error: 'invalid_input',
    })
    assert.deepEqual(sampleSizeMeans({ ...base, mdeAbsolute: 1, sides: 3 }), {
      error: 'invalid_input',
    })
    // z_α + z_β ≤ 0: power below α.
    assert.deepEqual(sampleSizeMeans({ ...base, mdeAbsolute: 1, power: 0.01 }), {
      error: 'invalid_input',
    })
    assert.deepEqual(mdeForSample({ metricType: 'mean', baseline: 1, sd: 1, nPerArm: 1 }), {
      error: 'invalid_input',
    })
    assert.deepEqual(mdeForSample({ metricType: 'mean', baseline: 1, nPerArm: 100 }), {
      error: 'invalid_input',
    })
    assert.deepEqual(mdeForSample({ metricType: 'proportion', baseline: 1, nPerArm: 100 }), {
      error: 'invalid_input',
    })
  })
})

test.group('Stats / MDE for proportions (§18b)', () => {
  test('inverts the classic sample size (R power.prop.test)', ({ assert }) => {
    for (const [baseline, nPerArm] of [
      [0.1, 5000],
      [0.02, 20000],
      [0.6, 800],
    ]) {
      const r = ok(
        mdeForSample({ metricType: 'proportion', baseline, nPerArm })
      ) as MdeForProportionsResult
      const back = ok(sampleSizeTwoProportions({ baseline, mdeAbsolute: r.mdeAbsolute! }))
      assertClose(assert, back.nClassic, nPerArm, 1e-12)
      assertClose(assert, back.nUnpooled, nPerArm, 1e-2)
      const unpooled = ok(
        sampleSizeTwoProportions({ baseline, mdeAbsolute: r.mdeAbsoluteUnpooled! })
      )
      assertClose(assert, unpooled.nUnpooled, nPerArm, 1e-12)
      const h = ok(
        sampleSizeTwoProportions({ baseline, mdeAbsolute: r.mdeAbsoluteCohenHStatsmodels! })
      )
      assertClose(assert, h.nCohenHStatsmodels, nPerArm, 1e-10)
      assertClose(assert, r.p2, baseline + r.mdeAbsolute!, 1e-15)
    }
  })

  test('null when even p₂ = 1 needs more subjects', ({ assert }) => {
    const r = ok(
      mdeForSample({ metricType: 'proportion', baseline: 0.9, nPerArm: 3 })
    ) as MdeForProportionsResult
    assert.isNull(r.mdeAbsolute)
    assert.isNull(r.mdeRelative)
    assert.isNull(r.p2)
    assert.isNull(r.mdeAbsoluteUnpooled)
    assert.isNull(r.mdeAbsoluteCohenHStatsmodels)
    assert.isAbove(r.mdeAbsoluteBaselineVariance, 0)
  })
})
