import { test } from '@japa/runner'
import { banditWeights, normalDistribution, probabilityBest, type Sums } from '#stats/index'
import { assertClose, ok } from './helpers.js'

const conversions = (n: number, x: number): Sums => ({ n, sum: x, sumSquares: x })

test.group('Stats / bandit weights (§19)', () => {
  test('weights sum to 1, keep the order of P(best) and respect the floor', ({ assert }) => {
    for (const minVariationWeight of [0, 0.01, 0.05, 0.2]) {
      for (const topTwo of [false, true]) {
        const r = ok(
          banditWeights({
            arms: [
              conversions(2400, 250),
              conversions(2350, 281),
              conversions(2420, 262),
              conversions(2380, 180),
            ],
            minVariationWeight,
            topTwo,
          })
        )
        const weights = r.banditWeights!
        assertClose(
          assert,
          weights.reduce((s, w) => s + w, 0),
          1,
          1e-14
        )
        for (const w of weights) assert.isAtLeast(w, minVariationWeight - 1e-15)
        const source = topTwo ? r.topTwoProbabilities! : r.bestArmProbabilities
        for (let i = 0; i < weights.length; i++)
          for (let j = 0; j < weights.length; j++)
            if (source[i] > source[j]) assert.isAbove(weights[i], weights[j])
        assertClose(
          assert,
          r.bestArmProbabilities.reduce((s, p) => s + p, 0),
          1,
          1e-9
        )
        if (topTwo)
          assertClose(
            assert,
            r.secondBestProbabilities!.reduce((s, p) => s + p, 0),
            1,
            1e-9
          )
      }
    }
  })

  test('K·f ≥ 1 gives equal weights; two arms with top-two get 1/2 each', ({ assert }) => {
    const arms = [conversions(1000, 100), conversions(1000, 140), conversions(1000, 90)]
    assert.deepEqual(ok(banditWeights({ arms, minVariationWeight: 0.4 })).banditWeights, [
      1 / 3,
      1 / 3,
      1 / 3,
    ])
    const two = ok(banditWeights({ arms: arms.slice(0, 2), topTwo: true, minVariationWeight: 0 }))
    assertClose(assert, two.banditWeights![0], 0.5, 1e-15)
    assertClose(assert, two.banditWeights![1], 0.5, 1e-15)
  })

  test('the two-arm closed form agrees with the integral', ({ assert }) => {
    const r = ok(banditWeights({ arms: [conversions(1000, 100), conversions(1100, 121)] }))
    const integral = probabilityBest(
      r.posteriorMeans.map((m, i) => normalDistribution(m, Math.sqrt(r.posteriorVariances[i])))
    )
    assertClose(assert, r.bestArmProbabilities[1], integral.probBest[1], 1e-10)
  })

  test('inverse: the smallest mean wins, and top-two counts the two smallest', ({ assert }) => {
    // Spec §19's example: means 0.10, 0.12, 0.09, lower is better.
    const arms = [conversions(1000, 100), conversions(1000, 120), conversions(1000, 90)]
    const r = ok(banditWeights({ arms, inverse: true, topTwo: true }))
    const weights = r.banditWeights!
    assert.isAbove(weights[2], weights[0])
    assert.isAbove(weights[0], weights[1])
    const plain = ok(banditWeights({ arms, topTwo: false }))
    const inverse = ok(banditWeights({ arms, inverse: true }))
    assert.isAbove(plain.bestArmProbabilities[1], 0.5)
    assert.isBelow(inverse.bestArmProbabilities[1], 0.01)
  })

  test('an arm without units keeps the prior and is not lost beside narrow ones', ({ assert }) => {
    const r = ok(
      banditWeights({ arms: [conversions(0, 0), conversions(5000, 500), conversions(5000, 520)] })
    )
    assert.equal(r.posteriorVariances[0], 1e4)
    assert.isFalse(r.enoughUnits)
    assert.isNull(r.banditWeights)
    // N(0, 100²) is above both narrow arms (≈ 0.1) with probability ≈ ½.
    assertClose(assert, r.bestArmProbabilities[0], 0.5, 0.01)
    assertClose(
      assert,
      r.bestArmProbabilities.reduce((s, p) => s + p, 0),
      1,
      1e-9
    )
  })

  test('deterministic: the same input gives the same weights', ({ assert }) => {
    const input = {
      arms: [conversions(900, 80), conversions(950, 99), conversions(880, 85)],
      topTwo: true,
    }
    assert.deepEqual(banditWeights(input), banditWeights(input))
  })

  test('errors', ({ assert }) => {
    assert.deepEqual(banditWeights({ arms: [conversions(10, 1)] }), { error: 'invalid_input' })
    assert.deepEqual(banditWeights({ arms: [conversions(10.5, 1), conversions(10, 1)] }), {
      error: 'invalid_input',
    })
    assert.deepEqual(
      banditWeights({ arms: [conversions(10, 1), conversions(10, 1)], priorVariance: 0 }),
      { error: 'invalid_input' }
    )
    assert.deepEqual(
      banditWeights({ arms: [conversions(0, 0), conversions(10, 1)], priorProper: false }),
      { error: 'zero_variance' }
    )
  })
})
