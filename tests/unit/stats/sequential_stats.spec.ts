import { test } from '@japa/runner'
import { asymptoticConfidenceSequence, msprtStatistic, msprtTwoProportions } from '#stats/index'
import { assertClose, ok } from './helpers.js'

// Reference values: mpmath 1.3.0 (50 digits) of the spec §9 formulas.

const looks = [
  { conversionsA: 50, nA: 500, conversionsB: 80, nB: 500 },
  { conversionsA: 100, nA: 1000, conversionsB: 170, nB: 1000 },
  { conversionsA: 150, nA: 1500, conversionsB: 240, nB: 1500 },
  { conversionsA: 200, nA: 2000, conversionsB: 300, nB: 2000 },
]

test.group('Stats / mSPRT', () => {
  test('V = 0 at a look: Λ undefined, p = 1, no CI', ({ assert }) => {
    const r = ok(
      msprtTwoProportions({
        looks: [
          { conversionsA: 0, nA: 100, conversionsB: 0, nB: 100 },
          { conversionsA: 90, nA: 1000, conversionsB: 110, nB: 1000 },
          { conversionsA: 185, nA: 2000, conversionsB: 230, nB: 2000 },
        ],
        tau2: 0.0004,
      })
    )
    assert.deepInclude(r.looks[0], {
      lambda: null,
      logLambda: null,
      pValueThisLook: 1,
      pValue: 1,
      ciThisLook: null,
      ci: null,
      reject: false,
    })
    assertClose(assert, r.looks[1].logLambda, 0.18198147176795337, 1e-13)
    assertClose(assert, r.looks[2].lambda, 3.9659386565436052, 1e-13)
    assertClose(assert, r.finalPValue, 0.2521471173917551, 1e-13)
  })

  test('reported p-value is the running minimum and the CI the running intersection', ({
    assert,
  }) => {
    const r = ok(msprtTwoProportions({ looks, tau2: 0.0025 }))
    for (let i = 1; i < r.looks.length; i++) {
      const [previous, current] = [r.looks[i - 1], r.looks[i]]
      assert.isAtMost(current.pValue, previous.pValue)
      assert.equal(current.pValue, Math.min(previous.pValue, current.pValueThisLook))
      assert.isAtLeast(current.ci![0], previous.ci![0])
      assert.isAtMost(current.ci![1], previous.ci![1])
    }
    // Somewhere the running minimum is strictly below this look's own p-value.
    assert.isTrue(r.looks.some((l) => l.pValue < l.pValueThisLook))
    assert.equal(r.finalReject, r.finalPValue <= 0.05)
  })

  test('reject exactly when Λ ≥ 1/α at some look', ({ assert }) => {
    const r = ok(msprtTwoProportions({ looks, tau2: 0.0025 }))
    const crossed = r.looks.some((l) => (l.lambda ?? 0) >= 20)
    assert.equal(r.finalReject, crossed)
    assert.isTrue(r.finalReject)
  })

  test('equal-n parametrisation (mixtureSPRT) gives the same Λ', ({ assert }) => {
    const n = 1000
    const pA = 0.1
    const pB = 0.13
    const tau2 = 0.0004
    const vn = pA * (1 - pA) + pB * (1 - pB)
    const theta = pB - pA
    const logLambdaEqualN =
      0.5 * Math.log(vn / (vn + n * tau2)) +
      (n * n * tau2 * theta * theta) / (2 * vn * (vn + n * tau2))
    assertClose(
      assert,
      msprtStatistic(theta, vn / n, tau2, 0, 0.05).logLambda,
      logLambdaEqualN,
      1e-12
    )
  })

  test('τ² must be positive', ({ assert }) => {
    assert.deepEqual(msprtTwoProportions({ looks, tau2: 0 }), { error: 'invalid_input' })
  })
})

test.group('Stats / GrowthBook asymptotic confidence sequence', () => {
  test('relative lift of means', ({ assert }) => {
    const r = ok(
      asymptoticConfidenceSequence({
        metric: 'mean',
        meanA: 10,
        sdA: 4,
        nA: 3000,
        meanB: 10.5,
        sdB: 4.2,
        nB: 3100,
        differenceType: 'relative',
      })
    )
    assertClose(assert, r.se, 0.010756543394903941, 1e-13)
    assertClose(assert, r.halfwidth, 0.03266783066946171, 1e-13)
    assertClose(assert, r.pValue, 0.00018266577321485967, 1e-12)
    assert.equal(r.N, 6100) // both arms, not per arm
  })

  test('is the mSPRT with τ² = ρ²·N·σ̂² (identity to 1e-10)', ({ assert }) => {
    const r = ok(
      asymptoticConfidenceSequence({ conversionsA: 400, nA: 4000, conversionsB: 460, nB: 4000 })
    )
    const tau2 = r.rho * r.rho * r.N * r.se * r.se
    const m = msprtStatistic(r.pointEstimate, r.se * r.se, tau2, 0, 0.05)
    assertClose(assert, m.logLambda, r.logEvalue, 1e-10)
    assertClose(assert, m.halfWidth, r.halfwidth, 1e-10)
    assertClose(assert, r.halfwidth, 0.021100657039039277, 1e-12)
  })

  test('zero variance is an error', ({ assert }) => {
    assert.deepEqual(
      asymptoticConfidenceSequence({ conversionsA: 0, nA: 10, conversionsB: 0, nB: 10 }),
      { error: 'zero_variance' }
    )
  })
})
