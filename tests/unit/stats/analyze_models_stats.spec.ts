import { test } from '@japa/runner'
import {
  analyzeExperiment,
  cupedMeans,
  quantileMetric,
  ratioMetric,
  type AnalysisMethod,
} from '#stats/index'
import { assertClose, nonFiniteValues, ok } from './helpers.js'

/** Post y = pre x + noise: a strong covariate. */
const cupedArms = [
  {
    key: 'A',
    isControl: true,
    n: 1000,
    sum: 10500,
    sumSquares: 125000,
    covariate: { preSum: 10000, preSumSquares: 110000, sumProduct: 114000 },
  },
  {
    key: 'B',
    isControl: false,
    n: 1000,
    sum: 10900,
    sumSquares: 132000,
    covariate: { preSum: 10050, preSumSquares: 111000, sumProduct: 119000 },
  },
]

const ratioArms = [
  {
    key: 'A',
    isControl: true,
    n: 500,
    numSum: 5000,
    numSumSquares: 90000,
    denSum: 1000,
    denSumSquares: 2600,
    numDenSumProduct: 14000,
  },
  {
    key: 'B',
    isControl: false,
    n: 500,
    numSum: 5600,
    numSumSquares: 99000,
    denSum: 1010,
    denSumSquares: 2650,
    numDenSumProduct: 15200,
  },
]

const quantileArms = [
  {
    key: 'A',
    isControl: true,
    n: 2000,
    nStar: 1600,
    nu: 0.9,
    quantileHat: 40,
    quantileLower: 38,
    quantileUpper: 42.5,
  },
  {
    key: 'B',
    isControl: false,
    n: 2000,
    nStar: 1600,
    nu: 0.9,
    quantileHat: 44,
    quantileLower: 42,
    quantileUpper: 46.5,
  },
]

const run = (variants: any[], method: AnalysisMethod = 'frequentist') =>
  analyzeExperiment({ variants, weights: [1, 1], settings: { method, correction: 'none' } })

test.group('Stats / analyzeExperiment / CUPED, ratio and quantile metrics', () => {
  test('a covariate makes it CUPED: cupedMeans decides, with its variance reduction', ({
    assert,
  }) => {
    const r = run(cupedArms)
    const c = r.variants[1].comparison!
    const cuped = ok(
      cupedMeans({
        metricType: 'mean',
        a: { ...cupedArms[0], ...cupedArms[0].covariate },
        b: { ...cupedArms[1], ...cupedArms[1].covariate },
      })
    )
    assert.equal(r.model, 'cuped')
    assertClose(assert, c.pValue!, cuped.pValueRelative!, 1e-12)
    assertClose(assert, c.relativeLiftCi!.lower, cuped.ciRelativeLift[0]!, 1e-12)
    assertClose(assert, c.absoluteLiftCi!.lower, cuped.ciRelativeLift[0]! * 10.5, 1e-12)
    assertClose(assert, c.varianceReduction!, cuped.varianceReduction, 1e-12)
    assert.isAbove(c.varianceReduction!, 0.5)
    // The estimate shown is the unadjusted mean.
    assert.equal(r.variants[0].estimate.value, 10.5)
    assert.deepEqual(nonFiniteValues(r), [])
  })

  test('ratio sums make it a ratio metric (delta method)', ({ assert }) => {
    const r = run(ratioArms)
    const ratio = ok(ratioMetric({ a: ratioArms[0], b: ratioArms[1] }))
    assert.equal(r.model, 'ratio')
    assert.equal(r.variants[0].estimate.value, 5)
    assertClose(assert, r.variants[1].comparison!.pValue!, ratio.pValueRelative!, 1e-12)
    assert.deepEqual(nonFiniteValues(r), [])
  })

  test('quantiles make it a quantile metric', ({ assert }) => {
    const r = run(quantileArms)
    const q = ok(quantileMetric({ a: quantileArms[0], b: quantileArms[1] }))
    assert.equal(r.model, 'quantile')
    assert.equal(r.variants[1].estimate.value, 44)
    assertClose(assert, r.variants[1].comparison!.pValue!, q.pValueRelative!, 1e-12)
    assert.equal(r.variants[1].comparison!.significant, q.significantRelative!)
  })

  test('every method: the verdict agrees with both printed intervals', ({ assert }) => {
    for (const method of ['frequentist', 'bayesian', 'sequential'] as AnalysisMethod[])
      for (const arms of [cupedArms, ratioArms, quantileArms]) {
        const c = run(arms, method).variants[1].comparison!
        const abs = c.absoluteLiftCi!
        const rel = c.relativeLiftCi!
        assert.equal(c.significant, abs.lower > 0 || abs.upper < 0, `${method}`)
        assert.equal(abs.lower > 0, rel.lower > 0)
        assert.equal(abs.upper < 0, rel.upper < 0)
      }
  })
})
