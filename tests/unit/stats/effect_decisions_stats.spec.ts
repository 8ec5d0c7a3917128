import { test } from '@japa/runner'
import { gaussianBayesianEffect, normalCdf, relativeLiftTest } from '#stats/index'
import { assertClose, ok } from './helpers.js'

test.group('Stats / Gaussian Bayesian effect (§16)', () => {
  test('flat prior: the posterior is the estimate; gain − loss = μ', ({ assert }) => {
    for (const [estimate, se] of [
      [0.13, 0.07],
      [-2, 0.5],
      [0, 1],
      [30, 0.5],
    ]) {
      const r = ok(gaussianBayesianEffect({ estimate, se }))
      assert.equal(r.posteriorMean, estimate)
      assert.equal(r.posteriorSd, se)
      assert.isNull(r.priorMeanEffectScale)
      assertClose(assert, r.riskControl - r.riskTreatment, estimate, 1e-14, 1e-15)
      assert.isAtLeast(Math.min(r.riskControl, r.riskTreatment), 0)
      assertClose(assert, r.chanceToWin, normalCdf(estimate / se), 1e-15)
    }
  })

  test('the risks match numerical integration of E[max(±δ, 0)]', ({ assert }) => {
    const mu = 0.4
    const sigma = 0.3
    const r = ok(gaussianBayesianEffect({ estimate: mu, se: sigma }))
    let gain = 0
    let loss = 0
    const steps = 200000
    const lo = mu - 12 * sigma
    const h = (24 * sigma) / steps
    for (let i = 0; i <= steps; i++) {
      const x = lo + i * h
      const weight = (i === 0 || i === steps ? 1 : i % 2 ? 4 : 2) / 3
      const density = Math.exp(-0.5 * ((x - mu) / sigma) ** 2) / (sigma * Math.sqrt(2 * Math.PI))
      gain += weight * h * Math.max(x, 0) * density
      loss += weight * h * Math.max(-x, 0) * density
    }
    assertClose(assert, r.riskControl, gain, 1e-9)
    assertClose(assert, r.riskTreatment, loss, 1e-8)
  })

  test('inverse swaps the risks and the chance', ({ assert }) => {
    const plain = ok(gaussianBayesianEffect({ estimate: 0.1, se: 0.08 }))
    const inverse = ok(gaussianBayesianEffect({ estimate: 0.1, se: 0.08, inverse: true }))
    assertClose(assert, inverse.chanceToWin, 1 - plain.chanceToWin, 1e-15)
    assert.equal(inverse.riskControl, plain.riskTreatment)
    assert.equal(inverse.riskTreatment, plain.riskControl)
  })

  test('a proper prior on the other scale is converted with the control mean', ({ assert }) => {
    const common = { estimate: 0.05, se: 0.02, priorProper: true, priorMean: 0.5, priorVariance: 4 }
    const r = ok(
      gaussianBayesianEffect({
        ...common,
        differenceType: 'relative',
        priorType: 'absolute',
        controlMean: -2,
      })
    )
    assert.equal(r.priorMeanEffectScale, 0.25)
    assert.equal(r.priorVarianceEffectScale, 1)
    const precision = 1 / 0.02 ** 2 + 1
    assertClose(assert, r.posteriorMean, (0.05 / 0.02 ** 2 + 0.25) / precision, 1e-14)
    assert.deepEqual(
      gaussianBayesianEffect({
        ...common,
        differenceType: 'absolute',
        priorType: 'relative',
        controlMean: 0,
      }),
      { error: 'baseline_zero' }
    )
  })

  test('errors', ({ assert }) => {
    assert.deepEqual(gaussianBayesianEffect({ estimate: 1, se: 0 }), { error: 'zero_variance' })
    assert.deepEqual(gaussianBayesianEffect({ estimate: 1, se: -1 }), { error: 'invalid_input' })
    assert.deepEqual(
      gaussianBayesianEffect({ estimate: 1, se: 1, priorProper: true, priorVariance: 0 }),
      { error: 'invalid_input' }
    )
    assert.deepEqual(
      gaussianBayesianEffect({ estimate: 1, se: 1, differenceType: 'ratio' as 'relative' }),
      { error: 'invalid_input' }
    )
  })
})

test.group('Stats / relative-lift test (§20)', () => {
  test('significant iff the relative CI excludes 0, on a grid', ({ assert }) => {
    let checked = 0
    for (const n of [200, 1000, 5000, 20000]) {
      for (const pA of [0.02, 0.1, 0.3, 0.5, 0.9]) {
        for (let k = -12; k <= 12; k++) {
          for (const alpha of [0.01, 0.05, 0.1]) {
            const conversionsA = Math.round(pA * n)
            const conversionsB = Math.min(
              n - 1,
              Math.max(1, conversionsA + Math.round((k * Math.sqrt(n)) / 4))
            )
            const r = ok(relativeLiftTest({ conversionsA, nA: n, conversionsB, nB: n, alpha }))
            assert.equal(
              r.significant,
              r.ciExcludesZero,
              `${conversionsA} vs ${conversionsB} of ${n}`
            )
            const [lower, upper] = r.ciRelativeLiftGbstats
            assert.equal(r.significantGbstats, lower > 0 || upper < 0)
            checked++
          }
        }
      }
    }
    assert.equal(checked, 4 * 5 * 25 * 3)
  })

  test('negative lift: relative significant, pooled not (spec §20)', ({ assert }) => {
    const r = ok(relativeLiftTest({ conversionsA: 100, nA: 1000, conversionsB: 76, nB: 1000 }))
    assertClose(assert, r.pValue, 0.03, 0.1)
    assert.isTrue(r.significant)
    assert.isFalse(r.significantPooled)
    assert.isFalse(r.decisionsAgree)
  })

  test('errors', ({ assert }) => {
    assert.deepEqual(relativeLiftTest({ conversionsA: 0, nA: 100, conversionsB: 5, nB: 100 }), {
      error: 'baseline_zero',
    })
    assert.deepEqual(relativeLiftTest({ conversionsA: 100, nA: 100, conversionsB: 5, nB: 100 }), {
      error: 'zero_variance',
    })
    assert.deepEqual(relativeLiftTest({ conversionsA: 5, nA: 100, conversionsB: 0, nB: 100 }), {
      error: 'zero_variance',
    })
    assert.deepEqual(relativeLiftTest({ conversionsA: 5.5, nA: 100, conversionsB: 5, nB: 100 }), {
      error: 'invalid_input',
    })
    assert.deepEqual(relativeLiftTest({ conversionsA: 5, nA: 0, conversionsB: 5, nB: 100 }), {
      error: 'invalid_input',
    })
  })
})
