import { test } from '@japa/runner'
import {
  cupedMeans,
  effectTTest,
  quantileMetric,
  ratioMetric,
  welchTTest,
  type CupedArm,
  type QuantileArm,
  type RatioArm,
} from '#stats/index'
import { assertClose, ok } from './helpers.js'

/** Deterministic uniform numbers in [0, 1) (a 32-bit LCG), so the data is the same every run. */
function uniforms(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    return state / 2 ** 32
  }
}

/** Pairs (pre, post) with post = slope·pre + noise, and their CUPED sums. */
function pairedData(seed: number, n: number, slope: number, shift: number) {
  const next = uniforms(seed)
  const pre: number[] = []
  const post: number[] = []
  for (let i = 0; i < n; i++) {
    const x = Math.round(100 * next() * 40) / 100
    pre.push(x)
    post.push(Math.round(100 * (shift + slope * x + 20 * (next() - 0.5))) / 100)
  }
  const sum = (values: number[]) => values.reduce((s, v) => s + v, 0)
  const arm: CupedArm = {
    n,
    sum: sum(post),
    sumSquares: sum(post.map((y) => y * y)),
    preSum: sum(pre),
    preSumSquares: sum(pre.map((x) => x * x)),
    sumProduct: sum(post.map((y, i) => y * pre[i])),
  }
  return { pre, post, arm }
}

const mean = (values: number[]) => values.reduce((s, v) => s + v, 0) / values.length
function sampleVariance(values: number[]): number {
  const m = mean(values)
  return values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1)
}

test.group('Stats / CUPED (§14)', () => {
  test('θ is the pooled OLS slope and v_adj the variance of y − θx, on raw data', ({ assert }) => {
    const a = pairedData(1, 400, 0.8, 10)
    const b = pairedData(2, 420, 0.8, 11)
    const r = ok(cupedMeans({ metricType: 'mean', a: a.arm, b: b.arm }))
    const xs = [...a.pre, ...b.pre]
    const ys = [...a.post, ...b.post]
    const mx = mean(xs)
    const my = mean(ys)
    const slope =
      xs.reduce((s, x, i) => s + (x - mx) * (ys[i] - my), 0) /
      xs.reduce((s, x) => s + (x - mx) ** 2, 0)
    assertClose(assert, r.theta, slope, 1e-10)
    const residual = (d: { pre: number[]; post: number[] }) =>
      d.post.map((y, i) => y - r.theta * d.pre[i])
    assertClose(assert, r.adjustedVarianceA, sampleVariance(residual(a)), 1e-9)
    assertClose(assert, r.adjustedVarianceB, sampleVariance(residual(b)), 1e-9)
    assert.isAbove(r.varianceReduction, 0.5)
    assert.isBelow(r.seAbsDiff, r.seAbsDiffUnadjusted)
  })

  test('an empty pre-period (θ = 0) is the Welch test on the post-period', ({ assert }) => {
    const a = pairedData(3, 300, 0.5, 10).arm
    const b = pairedData(4, 310, 0.5, 12).arm
    const noPre = (arm: CupedArm) => ({ ...arm, preSum: 0, preSumSquares: 0, sumProduct: 0 })
    const r = ok(cupedMeans({ metricType: 'mean', a: noPre(a), b: noPre(b), alpha: 0.1 }))
    const sd = (arm: CupedArm) => Math.sqrt((arm.sumSquares! - arm.sum ** 2 / arm.n) / (arm.n - 1))
    const welch = ok(
      welchTTest({
        meanA: a.sum / a.n,
        sdA: sd(a),
        nA: a.n,
        meanB: b.sum / b.n,
        sdB: sd(b),
        nB: b.n,
        alpha: 0.1,
      })
    )
    assert.equal(r.theta, 0)
    assert.equal(r.varianceReduction, 0)
    assertClose(assert, r.absDiff, welch.diff, 1e-13)
    assertClose(assert, r.df, welch.df, 1e-12)
    assertClose(assert, r.pValue, welch.pValue, 1e-12)
    assertClose(assert, r.ciAbsDiff[0], welch.ciDiff[0], 1e-12)
    assertClose(assert, r.ciRelativeLift[1]!, welch.ciRelativeLift![1], 1e-12)
  })

  test('proportions with an empty pre-period: §13 t test on p(1 − p), not the pooled z-test', ({
    assert,
  }) => {
    const a = { n: 4000, sum: 655, preSum: 0, sumProduct: 0 }
    const b = { n: 4000, sum: 727, preSum: 0, sumProduct: 0 }
    const r = ok(cupedMeans({ metricType: 'proportion', a, b }))
    const pA = 655 / 4000
    const pB = 727 / 4000
    const plain = ok(
      effectTTest(
        { mean: pA, variance: pA * (1 - pA), n: 4000 },
        { mean: pB, variance: pB * (1 - pB), n: 4000 },
        { alpha: 0.05 }
      )
    )
    assert.equal(r.theta, 0)
    assertClose(assert, r.pValue, plain.pValue, 1e-14)
    assertClose(assert, r.seRelativeLift, plain.seRelativeLift!, 1e-14)
  })

  test('post = 2·pre exactly leaves no variance', ({ assert }) => {
    const arm = (pre: number[]): CupedArm => ({
      n: pre.length,
      sum: pre.reduce((s, x) => s + 2 * x, 0),
      sumSquares: pre.reduce((s, x) => s + 4 * x * x, 0),
      preSum: pre.reduce((s, x) => s + x, 0),
      preSumSquares: pre.reduce((s, x) => s + x * x, 0),
      sumProduct: pre.reduce((s, x) => s + 2 * x * x, 0),
    })
    const r = cupedMeans({ metricType: 'mean', a: arm([1, 2, 3, 7]), b: arm([2, 5, 6, 9, 1]) })
    assert.deepEqual(r, { error: 'zero_variance' })
  })

  test('identical arms: difference 0, t 0, p 1', ({ assert }) => {
    const a = pairedData(5, 200, 0.7, 10).arm
    const r = ok(cupedMeans({ metricType: 'mean', a, b: { ...a } }))
    assert.equal(r.absDiff, 0)
    assert.equal(r.t, 0)
    assertClose(assert, r.pValue, 1, 1e-15)
  })

  test('control mean 0: relative fields null, the absolute ones defined', ({ assert }) => {
    const a = { n: 10, sum: 0, sumSquares: 8, preSum: 1, preSumSquares: 3, sumProduct: 0.5 }
    const b = { n: 10, sum: 4, sumSquares: 9, preSum: 2, preSumSquares: 4, sumProduct: 1 }
    const r = ok(cupedMeans({ metricType: 'mean', a, b }))
    assert.isNull(r.relativeLift)
    assert.isNull(r.significantRelative)
    assert.deepEqual(r.ciRelativeLift, [null, null])
    assert.isAbove(r.seAbsDiff, 0)
  })

  test('errors: invalid input, then n < 2', ({ assert }) => {
    const a = { n: 100, sum: 20, preSum: 30, sumProduct: 10 }
    assert.deepEqual(cupedMeans({ metricType: 'proportion', a, b: { ...a, sumProduct: 25 } }), {
      error: 'invalid_input',
    })
    assert.deepEqual(cupedMeans({ metricType: 'ratio' as 'mean', a, b: a }), {
      error: 'invalid_input',
    })
    assert.deepEqual(cupedMeans({ metricType: 'proportion', a, b: a, alpha: 1 }), {
      error: 'invalid_input',
    })
    assert.deepEqual(cupedMeans({ metricType: 'mean', a, b: a }), { error: 'invalid_input' })
    const one = { n: 1, sum: 1, preSum: 1, sumProduct: 1 }
    assert.deepEqual(cupedMeans({ metricType: 'proportion', a: one, b: a }), { error: 'n_lt_2' })
  })
})

test.group('Stats / ratio metrics (§15)', () => {
  const arm = (num: number[], den: number[]): RatioArm => ({
    n: num.length,
    numSum: num.reduce((s, v) => s + v, 0),
    numSumSquares: num.reduce((s, v) => s + v * v, 0),
    denSum: den.reduce((s, v) => s + v, 0),
    denSumSquares: den.reduce((s, v) => s + v * v, 0),
    numDenSumProduct: num.reduce((s, v, i) => s + v * den[i], 0),
  })

  test('variance is the linearisation Var(m − R·d)/d̄², on raw data', ({ assert }) => {
    const next = uniforms(7)
    const den = Array.from({ length: 300 }, () => 1 + Math.floor(next() * 4))
    const num = den.map((d) => Math.round(d * (20 + 30 * next()) * 100) / 100)
    const r = ok(ratioMetric({ a: arm(num, den), b: arm(num.slice(10), den.slice(10)) }))
    const ratio = r.ratioA
    const residual = num.map((m, i) => m - ratio * den[i])
    assertClose(assert, r.varianceA, sampleVariance(residual) / mean(den) ** 2, 1e-9)
  })

  test('a constant ratio within the arms has zero variance, whatever the rounding', ({
    assert,
  }) => {
    for (const k of [3, 0.7, 1.3, 2.5, 7.1]) {
      const den = [1, 4, 2, 2, 7, 3, 5]
      const r = ratioMetric({
        a: arm(
          den.map((d) => k * d),
          den
        ),
        b: arm([2, 3, 5], [1, 2, 2]),
      })
      assert.deepEqual(r, { error: 'zero_variance' }, `k = ${k}`)
    }
  })

  test('zero denominator, n < 2, control ratio 0 and a negative control ratio', ({ assert }) => {
    const b = arm([2, 3, 5], [1, 2, 2])
    assert.deepEqual(ratioMetric({ a: arm([1, 2], [0, 0]), b }), { error: 'zero_denominator' })
    assert.deepEqual(ratioMetric({ a: arm([1], [1]), b }), { error: 'n_lt_2' })
    const zero = ok(ratioMetric({ a: arm([0, 0, 1, -1], [1, 2, 1, 3]), b }))
    assert.isNull(zero.relativeLift)
    assert.deepEqual(zero.ciRelativeLift, [null, null])
    const negative = ok(ratioMetric({ a: arm([-4, -1, -3], [1, 2, 1]), b }))
    assert.isBelow(negative.ratioA, 0)
    assertClose(assert, negative.relativeLift, negative.absDiff / Math.abs(negative.ratioA), 1e-15)
  })
})

test.group('Stats / quantile metrics (§17)', () => {
  const p99 = (n: number): QuantileArm => ({
    n,
    nStar: 100,
    nu: 0.99,
    quantileHat: 50,
    quantileLower: 45,
    quantileUpper: 58,
  })

  test('P99 needs n > 380.3', ({ assert }) => {
    assert.deepEqual(quantileMetric({ a: p99(380), b: p99(500) }), { error: 'n_too_small' })
    assert.notProperty(quantileMetric({ a: p99(381), b: p99(500) }), 'error')
  })

  test('variance floor from 100 units on, collapsed bounds are zero variance', ({ assert }) => {
    const narrow = (n: number): QuantileArm => ({
      n,
      nStar: 100,
      nu: 0.5,
      quantileHat: 1,
      quantileLower: 1,
      quantileUpper: 1.0000001,
    })
    const big = ok(quantileMetric({ a: narrow(500), b: narrow(600) }))
    assert.isTrue(big.varianceFloorAppliedA)
    assert.equal(big.varianceA, 1e-5)
    const small = ok(quantileMetric({ a: narrow(50), b: narrow(60) }))
    assert.isFalse(small.varianceFloorAppliedA)
    assert.isBelow(small.varianceA, 1e-5)
    const collapsed = { ...narrow(500), quantileUpper: 1 }
    assert.deepEqual(quantileMetric({ a: collapsed, b: narrow(500) }), { error: 'zero_variance' })
  })

  test('invalid inputs and a zero control quantile', ({ assert }) => {
    const arm = p99(1000)
    assert.deepEqual(quantileMetric({ a: arm, b: { ...arm, nu: 0.9 } }), { error: 'invalid_input' })
    assert.deepEqual(quantileMetric({ a: arm, b: { ...arm, quantileLower: 60 } }), {
      error: 'invalid_input',
    })
    assert.deepEqual(quantileMetric({ a: arm, b: { ...arm, nStar: 0 } }), {
      error: 'invalid_input',
    })
    const r = ok(quantileMetric({ a: { ...arm, quantileHat: 0, quantileLower: -1 }, b: arm }))
    assert.isNull(r.relativeLift)
    assert.equal(r.absDiff, 50)
  })
})
