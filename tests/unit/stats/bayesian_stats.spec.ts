import { test } from '@japa/runner'
import {
  bayesianBetaBinomial,
  bayesianBetaBinomialMulti,
  betaCdf,
  betaDistribution,
  betaln,
  normalIsf,
  probabilityBest,
  probXGreaterThanY,
} from '#stats/index'
import { assertClose, ok } from './helpers.js'

// Reference values: Evan Miller's sum at 50 digits in mpmath 1.3.0; credible
// intervals and multi-arm integrals from scipy 1.17 (beta.ppf/isf, quad).

/** The spec's sum term by term, one betaln per term: slow but obviously right. */
function naiveProbBBeatsA(aA: number, bA: number, aB: number, bB: number): number {
  let sum = 0
  for (let i = 0; i < aB; i++) {
    sum += Math.exp(betaln(aA + i, bA + bB) - Math.log(bB + i) - betaln(1 + i, bB) - betaln(aA, bA))
  }
  return sum
}

test.group('Stats / Bayesian Beta-Binomial', () => {
  test('no data: P = 1/2 and each loss is 1/6', ({ assert }) => {
    const r = ok(bayesianBetaBinomial({ conversionsA: 0, nA: 0, conversionsB: 0, nB: 0 }))
    assertClose(assert, r.probBBeatsA, 0.5, 1e-13)
    assertClose(assert, r.expectedLossChooseA, 1 / 6, 1e-13)
    assertClose(assert, r.expectedLossChooseB, 1 / 6, 1e-13)
  })

  test('P(A > B) comes from its own sum, not 1 − P(B > A)', ({ assert }) => {
    const r = ok(bayesianBetaBinomial({ conversionsA: 0, nA: 10, conversionsB: 10, nB: 10 }))
    assertClose(assert, r.probABeatsB, 1.4175710770138016e-6, 1e-12)
    assertClose(assert, r.probBBeatsA, 0.999998582428923, 1e-14)
    assertClose(assert, r.expectedLossChooseB, 6.163352508755658e-8, 1e-10)
    assertClose(assert, r.expectedLossChooseA, 0.8333333949668584, 1e-13)
    // B dominates so much that 1 − P(B > A) has no correct digit left.
    const dominant = ok(
      bayesianBetaBinomial({ conversionsA: 10, nA: 1000, conversionsB: 120, nB: 1000 })
    )
    assert.isAbove(dominant.probABeatsB, 0)
    assert.isBelow(dominant.probABeatsB, 1e-15)
    assert.isAbove(
      Math.abs(1 - dominant.probBBeatsA - dominant.probABeatsB),
      10 * dominant.probABeatsB
    )
  })

  test('matches the 50-digit reference at 100,000 subjects per arm', ({ assert }) => {
    const r = ok(
      bayesianBetaBinomial({ conversionsA: 1500, nA: 100000, conversionsB: 1520, nB: 100000 })
    )
    assertClose(assert, r.probBBeatsA, 0.6430592787945767, 1e-10)
    assertClose(assert, r.expectedLossChooseB, 0.00013208954110945366, 1e-9)
    assertClose(assert, r.credibleIntervalB[1], 0.015977366944477708, 1e-12)
  })

  test('invariants: probabilities sum to 1 and lossB − lossA = μA − μB', ({ assert }) => {
    const inputs = [
      [40, 500, 55, 500],
      [3, 7, 1, 9],
      [150, 1000, 300, 1000],
      [20, 20, 19, 20],
      [0, 1000, 0, 1000],
      [7, 200, 900, 1000],
    ]
    for (const [conversionsA, nA, conversionsB, nB] of inputs) {
      const r = ok(bayesianBetaBinomial({ conversionsA, nA, conversionsB, nB }))
      assertClose(assert, r.probABeatsB + r.probBBeatsA, 1, 1e-12)
      assertClose(
        assert,
        r.expectedLossChooseB - r.expectedLossChooseA,
        r.posteriorA.mean - r.posteriorB.mean,
        0,
        1e-14
      )
      assert.isAtLeast(r.expectedLossChooseA, 0)
      assert.isAtLeast(r.expectedLossChooseB, 0)
    }
  })

  test('the ratio recurrence equals the term-by-term sum', ({ assert }) => {
    for (const [aA, bA, aB, bB] of [
      [41, 461, 56, 446],
      [1, 11, 11, 1],
      [301, 701, 251, 751],
      [2, 3, 4, 5],
    ]) {
      assertClose(
        assert,
        probXGreaterThanY(aB, bB, aA, bA),
        naiveProbBBeatsA(aA, bA, aB, bB),
        1e-12
      )
    }
  })

  test('identical arms give exactly symmetric results', ({ assert }) => {
    const r = ok(bayesianBetaBinomial({ conversionsA: 123, nA: 4567, conversionsB: 123, nB: 4567 }))
    assert.equal(r.probABeatsB, r.probBBeatsA)
    assertClose(assert, r.probBBeatsA, 0.5, 1e-12)
    assert.equal(r.expectedLossChooseA, r.expectedLossChooseB)
  })

  test('credible intervals are exact Beta quantiles, not a normal approximation', ({ assert }) => {
    const r = ok(bayesianBetaBinomial({ conversionsA: 0, nA: 10, conversionsB: 10, nB: 10 }))
    assertClose(assert, r.credibleIntervalA[0], 0.002298972213814269, 1e-12)
    assertClose(assert, r.credibleIntervalA[1], 0.28491415291815436, 1e-12)
    assertClose(assert, betaCdf(r.credibleIntervalB[0], 11, 1), 0.025, 1e-12)
    const { mean, alpha, beta } = r.posteriorA
    const sd = Math.sqrt((alpha * beta) / ((alpha + beta) ** 2 * (alpha + beta + 1)))
    assert.isAbove(Math.abs(r.credibleIntervalA[0] - (mean - normalIsf(0.025) * sd)), 0.05)
  })

  test('1,000,000 conversions per arm: exact, fast and consistent', ({ assert }) => {
    const started = performance.now()
    const r = ok(
      bayesianBetaBinomial({
        conversionsA: 1_000_000,
        nA: 10_000_000,
        conversionsB: 1_002_000,
        nB: 10_000_000,
      })
    )
    const elapsed = performance.now() - started
    assert.isBelow(elapsed, 50)
    assertClose(assert, r.probABeatsB + r.probBBeatsA, 1, 1e-8)
    // Independent route: deterministic integration of the two Beta posteriors.
    const integrated = probabilityBest([
      betaDistribution(1_000_001, 9_000_001),
      betaDistribution(1_002_001, 8_998_001),
    ])
    assertClose(assert, r.probBBeatsA, integrated.probBest[1], 1e-8)
    assertClose(assert, r.expectedLossChooseB, integrated.expectedMax - r.posteriorB.mean, 1e-7)
  })

  test('non-integer priors fall back to integration', ({ assert }) => {
    const r = ok(
      bayesianBetaBinomial({
        conversionsA: 40,
        nA: 500,
        conversionsB: 55,
        nB: 500,
        priorAlpha: 0.5,
        priorBeta: 0.5,
      })
    )
    assertClose(assert, r.probBBeatsA, 0.9473417800015096, 1e-9) // scipy quad
    assertClose(assert, r.probABeatsB + r.probBBeatsA, 1, 1e-10)
  })

  test('invalid counts are an error', ({ assert }) => {
    assert.deepEqual(bayesianBetaBinomial({ conversionsA: 5, nA: 4, conversionsB: 1, nB: 4 }), {
      error: 'invalid_input',
    })
  })
})

test.group('Stats / Bayesian multi-arm', () => {
  test('three and more arms match scipy quadrature', ({ assert }) => {
    const r = ok(
      bayesianBetaBinomialMulti({
        variants: [
          { name: 'A', conversions: 10, n: 100 },
          { name: 'B', conversions: 1000, n: 10000 },
          { name: 'C', conversions: 100000, n: 1000000 },
        ],
      })
    )
    assertClose(assert, r.probBest[0], 0.5534631072329851, 1e-9)
    assertClose(assert, r.probBest[2], 0.21217535291375353, 1e-9)
    assertClose(assert, r.expectedMax, 0.11678854469679156, 1e-10)
    assertClose(assert, r.expectedLoss[1], 0.01670856069359221, 1e-9)
  })

  test('probabilities sum to 1 and loss = E[max] − mean', ({ assert }) => {
    const r = ok(
      bayesianBetaBinomialMulti({
        variants: [
          { conversions: 5, n: 1000 },
          { conversions: 9, n: 1000 },
          { conversions: 3, n: 1000 },
          { conversions: 7, n: 1000 },
        ],
      })
    )
    assertClose(
      assert,
      r.probBest.reduce((s, p) => s + p, 0),
      1,
      1e-12
    )
    r.expectedLoss.forEach((loss, i) =>
      assertClose(assert, loss, r.expectedMax - r.posteriorMeans[i], 1e-15)
    )
    assert.equal(r.probBest.indexOf(Math.max(...r.probBest)), 1)
  })

  test('identical arms split P(best) evenly; no data gives 1/3 each', ({ assert }) => {
    const none = ok(
      bayesianBetaBinomialMulti({ variants: [0, 0, 0].map(() => ({ conversions: 0, n: 0 })) })
    )
    none.probBest.forEach((p) => assertClose(assert, p, 1 / 3, 1e-12))
    assertClose(assert, none.expectedMax, 0.75, 1e-12) // E[max of 3 uniforms]
  })

  test('two arms agree with the exact sum', ({ assert }) => {
    const multi = ok(
      bayesianBetaBinomialMulti({
        variants: [
          { conversions: 40, n: 500 },
          { conversions: 55, n: 500 },
        ],
      })
    )
    const exact = ok(bayesianBetaBinomial({ conversionsA: 40, nA: 500, conversionsB: 55, nB: 500 }))
    assertClose(assert, multi.probBest[1], exact.probBBeatsA, 1e-11)
    assertClose(assert, multi.expectedLoss[1], exact.expectedLossChooseB, 1e-7, 1e-13)
  })

  test('deterministic: identical results run to run', ({ assert }) => {
    const input = {
      variants: [
        { conversions: 60, n: 700 },
        { conversions: 72, n: 700 },
        { conversions: 66, n: 700 },
      ],
    }
    assert.deepEqual(ok(bayesianBetaBinomialMulti(input)), ok(bayesianBetaBinomialMulti(input)))
  })
})
