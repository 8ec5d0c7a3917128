import { test } from '@japa/runner'
import {
  analyzeExperiment,
  asymptoticConfidenceSequence,
  bayesianBetaBinomial,
  msprtTwoProportions,
  normalCdf,
  normalIsf,
  relativeLiftTest,
  welchTTest,
  type AnalyzeExperimentInput,
  type BinomialVariantInput,
  type ContinuousVariantInput,
  type AnalysisMethod,
} from '#stats/index'
import { assertClose, nonFiniteValues, ok } from './helpers.js'

const METHODS: AnalysisMethod[] = ['frequentist', 'bayesian', 'sequential']

function binomial(...arms: Array<[string, number, number]>): BinomialVariantInput[] {
  return arms.map(([key, n, conversions], i) => ({ key, isControl: i === 0, n, conversions }))
}

/** Continuous arm from a mean and sample SD (sum and sum of squares). */
function continuous(
  key: string,
  isControl: boolean,
  n: number,
  mean: number,
  sd: number
): ContinuousVariantInput {
  return { key, isControl, n, sum: n * mean, sumSquares: (n - 1) * sd * sd + n * mean * mean }
}

const fourArms = binomial(
  ['A', 10000, 1000],
  ['B', 10000, 1200],
  ['C', 10000, 1050],
  ['D', 10000, 930]
)

test.group('Stats / analyzeExperiment / frequentist', () => {
  test('4-variant binomial metric: z-tests, Holm, winner and sentence', ({ assert }) => {
    const r = analyzeExperiment({
      variants: fourArms,
      weights: [1, 1, 1, 1],
      settings: { method: 'frequentist' },
    })
    assert.equal(r.status, 'winner')
    assert.deepEqual(r.winner, { key: 'B', name: 'Variant B' })
    // Holm over three comparisons: B has the smallest p, so its interval is printed at
    // 1 − α/3, the level at which it carries the corrected decision.
    assert.equal(
      r.recommendation,
      'Variant B converts 20.0% better than control (98.3% CI 8.4% to 31.6%); ship it.'
    )
    const b = r.variants[1].comparison!
    // Proportions decide with the §20 relative-lift test; the relative interval quoted is
    // its r ± z*·SE_r, and the absolute one the same interval times the control rate.
    const level = 1 - 0.05 / 3
    const rel = ok(
      relativeLiftTest({ conversionsA: 1000, nA: 10000, conversionsB: 1200, nB: 10000 })
    )
    assertClose(assert, b.pValue!, rel.pValue, 1e-14)
    assertClose(assert, b.adjustedPValue!, 3 * b.pValue!, 1e-12)
    assertClose(assert, b.absoluteLiftCi!.level, level, 1e-15)
    const halfWidth = normalIsf((1 - level) / 2) * rel.seRelativeLift
    assertClose(assert, b.relativeLiftCi!.lower, rel.relativeLift - halfWidth, 1e-12)
    assertClose(assert, b.absoluteLiftCi!.lower, (rel.relativeLift - halfWidth) * 0.1, 1e-12)
    const d = r.variants[3].comparison!
    assert.isAtLeast(d.adjustedPValue!, d.pValue!)
    assert.equal(d.direction, 'none')
    assert.isNull(r.variants[0].comparison)
    assert.isNotNull(r.omnibus)
    assert.isFalse(r.srm.detected)
    assert.deepEqual(nonFiniteValues(r), [])
  })

  test('the correction decides: significant without it, not with Holm or BH', ({ assert }) => {
    const variants = binomial(['A', 10000, 1000], ['B', 10000, 1090], ['C', 10000, 1000])
    const run = (correction: 'none' | 'holm' | 'bh') =>
      analyzeExperiment({
        variants,
        weights: [1, 1, 1],
        settings: { method: 'frequentist', correction },
      })
    const relative = ok(
      relativeLiftTest({ conversionsA: 1000, nA: 10000, conversionsB: 1090, nB: 10000 })
    ).pValue
    assertClose(assert, run('none').variants[1].comparison!.pValue!, relative, 1e-12)
    assert.equal(run('none').status, 'winner')
    assert.equal(run('holm').status, 'inconclusive')
    assert.equal(run('bh').status, 'inconclusive')
    const holm = run('holm').variants[1].comparison!
    assertClose(assert, holm.adjustedPValue!, 2 * relative, 1e-10)
    // Printed at 1 − α·p/p̃ = 97.5%, where the interval spans 0 like the decision says.
    assertClose(assert, holm.absoluteLiftCi!.level, 0.975, 1e-12)
    assert.isBelow(holm.absoluteLiftCi!.lower, 0)
    assert.isBelow(holm.relativeLiftCi!.lower, 0)
  })

  test('continuous metric uses Welch on the sufficient statistics', ({ assert }) => {
    const variants = [continuous('A', true, 800, 31, 22), continuous('B', false, 780, 33.5, 24)]
    const r = analyzeExperiment({
      variants,
      weights: { A: 1, B: 1 },
      settings: { method: 'frequentist', correction: 'none' },
    })
    const welch = ok(welchTTest({ meanA: 31, sdA: 22, nA: 800, meanB: 33.5, sdB: 24, nB: 780 }))
    const c = r.variants[1].comparison!
    assertClose(assert, c.pValue!, welch.pValue, 1e-9)
    assertClose(assert, c.absoluteLiftCi!.lower, welch.ciDiff[0], 1e-9)
    assertClose(assert, r.variants[0].estimate.sd!, 22, 1e-12)
    assert.equal(r.metricType, 'continuous')
    assert.equal(r.status, 'winner')
    assert.match(r.recommendation, /^Variant B has a 8\.1% higher mean than control \(95% CI /)
  })

  test('lower-is-better metric: the variant with fewer conversions wins', ({ assert }) => {
    const variants = binomial(['control', 5000, 600], ['fix', 5000, 480])
    const r = analyzeExperiment({
      variants,
      weights: [1, 1],
      settings: { method: 'frequentist', higherIsBetter: false },
    })
    assert.equal(r.winner?.key, 'fix')
    assert.equal(r.variants[1].comparison!.direction, 'better')
    assert.match(r.recommendation, /^Variant fix has a 20\.0% lower conversion rate than control/)
    const up = analyzeExperiment({ variants, weights: [1, 1], settings: { method: 'frequentist' } })
    assert.equal(up.status, 'loser')
    assert.match(up.recommendation, /converts 20\.0% worse than control .*; keep control\.$/)
  })
})

test.group('Stats / analyzeExperiment / bayesian', () => {
  test('chance to beat control and loss are the exact Beta-Binomial values', ({ assert }) => {
    const r = analyzeExperiment({
      variants: fourArms,
      weights: [1, 1, 1, 1],
      settings: { method: 'bayesian' },
    })
    const exact = ok(
      bayesianBetaBinomial({ conversionsA: 1000, nA: 10000, conversionsB: 1050, nB: 10000 })
    )
    const c = r.variants[2].comparison!
    assert.equal(c.chanceToBeatControl, exact.probBBeatsA)
    assert.equal(c.expectedLoss, exact.expectedLossChooseB)
    assert.equal(c.controlExpectedLoss, exact.expectedLossChooseA)
    assert.isNull(c.pValue)
    const best = r.variants.map((v) => v.probabilityBest as number)
    assertClose(
      assert,
      best.reduce((s, p) => s + p, 0),
      1,
      1e-10
    )
    assert.equal(r.winner?.key, 'B')
    assert.match(
      r.recommendation,
      /^Variant B converts 20\.0% better than control \(95% credible interval .*, over 99\.9% chance to beat control\); ship it\.$/
    )
    assert.deepEqual(nonFiniteValues(r), [])
  })

  test('lift credible interval agrees with the chance to beat control', ({ assert }) => {
    const variants = binomial(['A', 500, 40], ['B', 500, 55])
    const r = analyzeExperiment({ variants, weights: [1, 1], settings: { method: 'bayesian' } })
    const c = r.variants[1].comparison!
    // P(B − A ≤ lower) = 2.5%: lower < 0 exactly when P(B > A) < 97.5%.
    assertClose(assert, c.chanceToBeatControl!, 0.9464993406020772, 1e-12)
    assert.isBelow(c.absoluteLiftCi!.lower, 0)
    assert.isBelow(c.relativeLiftCi!.lower, 0)
    assert.isFalse(c.significant) // 94.6% < 1 − α/2
    assert.equal(r.status, 'inconclusive')
    // The threshold is 1 − α/2, where the equal-tailed interval's lower bound crosses 0:
    // at α = 0.1 the 90% interval still spans 0, so no verdict; at α = 0.11 it does not.
    const at = (alpha: number) =>
      analyzeExperiment({ variants, weights: [1, 1], settings: { method: 'bayesian', alpha } })
    assert.isFalse(at(0.1).variants[1].comparison!.significant)
    assert.isBelow(at(0.1).variants[1].comparison!.relativeLiftCi!.lower, 0)
    const loose = at(0.11).variants[1].comparison!
    assert.isTrue(loose.significant)
    assert.isAbove(loose.absoluteLiftCi!.lower, 0)
    assert.isAbove(loose.relativeLiftCi!.lower, 0)
    assert.equal(at(0.11).status, 'winner')
  })

  test('continuous metric: Gaussian posterior of the difference', ({ assert }) => {
    const variants = [continuous('A', true, 2000, 31, 22), continuous('B', false, 2000, 32, 22)]
    const r = analyzeExperiment({ variants, weights: [1, 1], settings: { method: 'bayesian' } })
    const c = r.variants[1].comparison!
    const se = Math.sqrt((22 * 22) / 2000 + (22 * 22) / 2000)
    assertClose(assert, c.chanceToBeatControl!, normalCdf(1 / se), 1e-9)
    assertClose(assert, c.expectedLoss! - c.controlExpectedLoss!, -1, 1e-9)
    assert.isNotNull(c.relativeLiftCi)
    assert.isNotNull(r.variants[0].probabilityBest)
  })
})

test.group('Stats / analyzeExperiment / sequential', () => {
  test('binomial: mSPRT at the current look with the given τ²', ({ assert }) => {
    const variants = binomial(['A', 4000, 400], ['B', 4000, 470])
    const r = analyzeExperiment({
      variants,
      weights: [1, 1],
      settings: { method: 'sequential', tau2: 0.0004 },
    })
    const m = ok(
      msprtTwoProportions({
        looks: [{ conversionsA: 400, nA: 4000, conversionsB: 470, nB: 4000 }],
        tau2: 0.0004,
      })
    )
    const c = r.variants[1].comparison!
    assertClose(assert, c.pValue!, m.finalPValue, 1e-12)
    assertClose(assert, c.absoluteLiftCi!.upper, m.looks[0].ci![1], 1e-12)
    // Always-valid intervals are wider than the fixed-horizon ones.
    const fixed = analyzeExperiment({
      variants,
      weights: [1, 1],
      settings: { method: 'frequentist' },
    })
    assert.isAbove(
      c.absoluteLiftCi!.upper - c.absoluteLiftCi!.lower,
      fixed.variants[1].comparison!.absoluteLiftCi!.upper -
        fixed.variants[1].comparison!.absoluteLiftCi!.lower
    )
    assert.equal(r.settings.tau2, 0.0004)
    assert.match(r.recommendation, /always-valid CI/)
  })

  test('continuous without τ²: GrowthBook asymptotic confidence sequence', ({ assert }) => {
    const variants = [continuous('A', true, 3000, 10, 4), continuous('B', false, 3100, 10.5, 4.2)]
    const r = analyzeExperiment({ variants, weights: [1, 1], settings: { method: 'sequential' } })
    const gb = ok(
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
    // The relative interval inverts the same boundary as the absolute one (Fieller), so it
    // is close to, but not, GrowthBook's delta-method relative sequence.
    const c = r.variants[1].comparison!
    assertClose(assert, c.relativeLiftCi!.lower, gb.ci[0], 0.05)
    assertClose(assert, c.relativeLiftCi!.upper, gb.ci[1], 0.05)
    assert.equal(c.relativeLiftCi!.lower > 0, c.absoluteLiftCi!.lower > 0)
    assert.isNull(r.settings.tau2)
  })
})

test.group('Stats / analyzeExperiment / gates and degenerate data', () => {
  test('minimum sample size not reached', ({ assert }) => {
    const variants = binomial(['A', 620, 60], ['B', 620, 90])
    const r = analyzeExperiment({
      variants,
      weights: [1, 1],
      settings: { method: 'frequentist', minimumSampleSize: 4804 },
    })
    assert.equal(r.status, 'collecting')
    assert.isNull(r.winner)
    assert.equal(r.recommendation, 'Not enough data yet: 1,240 of 4,804 subjects.')
    assert.deepInclude(r.sampleSize, { totalN: 1240, smallestVariantN: 620, reached: false })
    assertClose(assert, r.sampleSize.progress, 1240 / 4804, 1e-15)
  })

  test('a sample ratio mismatch blocks the winner', ({ assert }) => {
    const variants = binomial(['A', 10000, 1000], ['B', 11000, 1500])
    const r = analyzeExperiment({
      variants,
      weights: [50, 50],
      settings: { method: 'frequentist' },
    })
    assert.isTrue(r.srm.detected)
    assert.isTrue(r.variants[1].comparison!.significant)
    assert.equal(r.status, 'srm')
    assert.isNull(r.winner)
    assert.match(r.recommendation, /^Sample ratio mismatch detected \(p < 0\.0001\)/)
  })

  test('no data at all', ({ assert }) => {
    for (const method of METHODS) {
      const r = analyzeExperiment({
        variants: binomial(['A', 0, 0], ['B', 0, 0]),
        weights: [1, 1],
        settings: { method },
      })
      assert.equal(r.status, 'no_data')
      assert.isNull(r.variants[0].estimate.value)
      assert.equal(r.variants[1].comparison!.reason, 'control_no_subjects')
      assert.deepEqual(nonFiniteValues(r), [])
    }
  })

  test('a variant with 0 subjects', ({ assert }) => {
    for (const method of METHODS) {
      const r = analyzeExperiment({
        variants: binomial(['A', 1000, 100], ['B', 0, 0], ['C', 1000, 120]),
        weights: [1, 0, 1],
        settings: { method },
      })
      assert.equal(r.variants[1].comparison!.reason, 'no_subjects')
      assert.isNull(r.variants[1].comparison!.relativeLift)
      assert.equal(r.status, 'collecting')
      assert.equal(r.recommendation, 'Not enough data yet: Variant B has no subjects.')
      assert.isNotNull(r.variants[2].comparison!.absoluteLift)
      assert.deepEqual(nonFiniteValues(r), [])
    }
  })

  test('zero conversions everywhere: nothing undefined becomes a number', ({ assert }) => {
    for (const method of METHODS) {
      const r = analyzeExperiment({
        variants: binomial(['A', 5000, 0], ['B', 5000, 0]),
        weights: [1, 1],
        settings: { method },
      })
      const c = r.variants[1].comparison!
      assert.isNull(c.relativeLift)
      assert.isNull(c.relativeLiftCi)
      assert.equal(c.reason, method === 'sequential' ? 'zero_variance' : 'control_rate_zero')
      assert.equal(r.status, 'inconclusive')
      assert.isFalse(c.significant)
      if (method !== 'bayesian') assert.equal(c.pValue, 1)
      if (method === 'bayesian') assertClose(assert, c.chanceToBeatControl!, 0.5, 1e-12)
      assert.deepEqual(nonFiniteValues(r), [])
    }
  })

  test('full conversion everywhere', ({ assert }) => {
    for (const method of METHODS) {
      const r = analyzeExperiment({
        variants: binomial(['A', 300, 300], ['B', 300, 300]),
        weights: [1, 1],
        settings: { method },
      })
      assert.equal(r.variants[1].comparison!.relativeLift, 0)
      assert.equal(r.status, 'inconclusive')
      assert.deepEqual(nonFiniteValues(r), [])
    }
  })

  test('continuous: one subject, zero variance, control mean 0', ({ assert }) => {
    for (const method of METHODS) {
      const single = analyzeExperiment({
        variants: [continuous('A', true, 1, 5, 0), continuous('B', false, 50, 6, 1)],
        weights: [1, 50],
        settings: { method },
      })
      assert.equal(single.variants[1].comparison!.reason, 'n_lt_2')
      assert.equal(single.status, 'collecting')
      assert.equal(single.recommendation, 'Not enough data yet: the control has only one subject.')

      const flat = analyzeExperiment({
        variants: [continuous('A', true, 40, 5, 0), continuous('B', false, 40, 5, 0)],
        weights: [1, 1],
        settings: { method },
      })
      assert.equal(flat.variants[1].comparison!.reason, 'zero_variance')
      assert.equal(flat.status, 'inconclusive')

      const zeroMean = analyzeExperiment({
        variants: [continuous('A', true, 400, 0, 3), continuous('B', false, 400, 1, 3)],
        weights: [1, 1],
        settings: { method },
      })
      assert.isNull(zeroMean.variants[1].comparison!.relativeLift)
      assert.isNotNull(zeroMean.variants[1].comparison!.absoluteLiftCi)
      for (const r of [single, flat, zeroMean]) assert.deepEqual(nonFiniteValues(r), [])
    }
  })

  test('1/99 split with matching weights is not an SRM', ({ assert }) => {
    const variants = binomial(['A', 99000, 9900], ['B', 1000, 130])
    const r = analyzeExperiment({ variants, weights: [99, 1], settings: { method: 'frequentist' } })
    assert.isFalse(r.srm.detected)
    assert.deepEqual(r.srm.expectedCounts, [99000, 1000])
    assert.isTrue(r.variants[1].comparison!.significant)
  })

  test('huge samples stay finite', ({ assert }) => {
    for (const method of METHODS) {
      const variants = binomial(['A', 50_000_000, 1_000_000], ['B', 50_000_000, 1_003_000])
      const r = analyzeExperiment({ variants, weights: [1, 1], settings: { method } })
      assert.deepEqual(nonFiniteValues(r), [])
      assert.notEqual(r.status, 'invalid')
    }
  })

  test('unusable input gives status invalid with a reason', ({ assert }) => {
    const cases: Array<[AnalyzeExperimentInput, RegExp]> = [
      [
        {
          variants: binomial(['A', 10, 1], ['B', 10, 2]).map((v) => ({ ...v, isControl: true })),
          weights: [1, 1],
          settings: { method: 'frequentist' },
        },
        /exactly one variant must be the control \(found 2\)/,
      ],
      [
        {
          variants: binomial(['A', 10, 11], ['B', 10, 2]),
          weights: [1, 1],
          settings: { method: 'bayesian' },
        },
        /invalid number of conversions/,
      ],
      [
        { variants: binomial(['A', 10, 1]), weights: [1], settings: { method: 'frequentist' } },
        /at least one other variant/,
      ],
      [
        {
          variants: binomial(['A', 10, 1], ['B', 10, 2]),
          weights: [1, 1],
          settings: { method: 'frequentist', alpha: 2 },
        },
        /alpha/,
      ],
    ]
    for (const [input, message] of cases) {
      const r = analyzeExperiment(input)
      assert.equal(r.status, 'invalid')
      assert.match(r.recommendation, message)
      assert.isNull(r.winner)
      assert.deepEqual(nonFiniteValues(r), [])
    }
  })

  test('weights keyed by variant and mismatched weights', ({ assert }) => {
    const variants = binomial(['A', 1000, 100], ['B', 1000, 110])
    const keyed = analyzeExperiment({
      variants,
      weights: { B: 1, A: 1 },
      settings: { method: 'frequentist' },
    })
    assert.deepEqual(keyed.srm.expectedCounts, [1000, 1000])
    const bad = analyzeExperiment({
      variants,
      weights: [1, 1, 1],
      settings: { method: 'frequentist' },
    })
    assert.equal(bad.srm.reason, 'invalid_weights')
    assert.lengthOf(bad.warnings, 1)
  })

  test('deterministic and JSON-safe', ({ assert }) => {
    for (const method of METHODS) {
      const input = { variants: fourArms, weights: [1, 1, 1, 1], settings: { method } }
      const first = analyzeExperiment(input)
      assert.deepEqual(analyzeExperiment(input), first)
      assert.deepEqual(JSON.parse(JSON.stringify(first)), first)
    }
  })
})
