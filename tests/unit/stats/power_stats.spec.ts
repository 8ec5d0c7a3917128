import { test } from '@japa/runner'
import { experimentDuration, powerTwoProportions, sampleSizeTwoProportions } from '#stats/index'
import { assertClose, ok } from './helpers.js'

// Reference values: closed forms with scipy 1.17 quantiles; Cohen's h solved
// like statsmodels NormalIndPower.solve_power (brentq on the two-tail power).

test.group('Stats / sample size', () => {
  test('15% → 18%: classic 2,402 per arm (4,804 total), Evan Miller smaller', ({ assert }) => {
    const r = ok(
      sampleSizeTwoProportions({ baseline: 0.15, mdeAbsolute: 0.03, alpha: 0.05, power: 0.8 })
    )
    assertClose(assert, r.nClassic, 2401.886071520423, 1e-12)
    assert.equal(r.nClassicCeil, 2402)
    assert.equal(r.totalClassic, 4804)
    assertClose(assert, r.nCohenHStatsmodels, 2398.5447186968922, 1e-10)
    assertClose(assert, r.nCohenHClosedForm, 2398.5505936996483, 1e-12)
    assertClose(assert, r.nEvanMiller, 2275.8097481308037, 1e-12)
    // about 5% smaller than the classic formula (spec §6)
    assertClose(assert, (r.nEvanMiller as number) / r.nClassic, 0.95, 0.01)
  })

  test('rounds up, never to nearest', ({ assert }) => {
    const r = ok(sampleSizeTwoProportions({ baseline: 0.1, mdeRelative: 0.2 }))
    assertClose(assert, r.nClassic, 3840.847482436278, 1e-12)
    assert.equal(r.nClassicCeil, 3841)
    assertClose(assert, r.nUnpooled, 3838.1021900967094, 1e-12)
    assert.equal(r.nUnpooledCeil, 3839) // round would give 3838
  })

  test('Evan Miller is undefined above a 0.5 baseline', ({ assert }) => {
    const r = ok(sampleSizeTwoProportions({ baseline: 0.6, mdeRelative: 0.1 }))
    assert.isNull(r.nEvanMiller)
    assert.isNull(r.nEvanMillerCeil)
    assert.isNull(r.nEvanMillerRound)
    assert.equal(r.nClassicCeil, 1016)
    assertClose(assert, r.nCohenHStatsmodels, 1014.8325713457159, 1e-10)
  })

  test('one-sided tests use z at 1 − alpha; negative effects work', ({ assert }) => {
    const two = ok(
      sampleSizeTwoProportions({ baseline: 0.3, mdeRelative: -0.1, alpha: 0.1, sides: 2 })
    )
    const one = ok(
      sampleSizeTwoProportions({ baseline: 0.3, mdeRelative: -0.1, alpha: 0.1, sides: 1 })
    )
    assertClose(assert, one.zAlpha, 1.2815515655446004, 1e-13)
    assert.isBelow(one.nClassic, two.nClassic)
    assert.isBelow(one.delta, 0)
  })

  test('no effect or impossible rates are errors', ({ assert }) => {
    assert.deepEqual(sampleSizeTwoProportions({ baseline: 0.2, mdeRelative: 0 }), {
      error: 'zero_effect',
    })
    assert.deepEqual(sampleSizeTwoProportions({ baseline: 0.8, mdeRelative: 0.5 }), {
      error: 'invalid_rate',
    })
    assert.deepEqual(sampleSizeTwoProportions({ baseline: 0.2 }), { error: 'missing_mde' })
  })
})

test.group('Stats / power', () => {
  test('R power.prop.test, strict and Cohen h variants', ({ assert }) => {
    const r = ok(powerTwoProportions({ p1: 0.2, p2: 0.23, nPerArm: 2000 }))
    assertClose(assert, r.powerClassic, 0.6366426719567632, 1e-13)
    assertClose(assert, r.powerClassicStrict, 0.6366523564861573, 1e-13)
    assertClose(assert, r.powerCohenH, 0.6370364674677548, 1e-13)
    assert.isFalse(r.adequatelyPowered08)
  })

  test('power at the classic sample size is the target power', ({ assert }) => {
    const size = ok(sampleSizeTwoProportions({ baseline: 0.1, mdeRelative: 0.2, power: 0.9 }))
    const r = ok(powerTwoProportions({ p1: 0.1, p2: 0.12, nPerArm: size.nClassic }))
    assertClose(assert, r.powerClassic, 0.9, 1e-12)
    assert.isTrue(r.adequatelyPowered08)
  })

  test('no effect: power equals alpha/2 (one tail) and alpha with the strict tail', ({
    assert,
  }) => {
    const r = ok(powerTwoProportions({ p1: 0.1, p2: 0.1, nPerArm: 1000 }))
    assertClose(assert, r.powerClassic, 0.025, 1e-12)
    assertClose(assert, r.powerClassicStrict, 0.05, 1e-12)
  })

  test('decreasing effect, huge n', ({ assert }) => {
    const r = ok(powerTwoProportions({ p1: 0.05, p2: 0.04, nPerArm: 50000 }))
    assertClose(assert, r.powerClassic, 0.9999999928112522, 1e-14)
    assertClose(assert, r.cohenH, -0.048310970215600824, 1e-13)
  })
})

test.group('Stats / experiment duration', () => {
  test('days = ceil(n·k / (daily users · fraction))', ({ assert }) => {
    const r = ok(
      experimentDuration({
        nPerVariant: 2402,
        variants: 2,
        dailyEligibleUsers: 1000,
        trafficFraction: 0.5,
      })
    )
    assert.equal(r.days, 10) // 4804 / 500 = 9.608
    assertClose(assert, r.daysExact, 9.608, 1e-14)
    assert.equal(r.dailyTrafficPerVariant, 250)
  })

  test('exactly 10.0 days gives 10, not 11 (floating-point 10.000000000000002)', ({ assert }) => {
    assert.equal(Math.ceil((2450 * 2) / (700 * 0.7)), 11) // the trap
    assert.equal(
      ok(
        experimentDuration({
          nPerVariant: 2450,
          variants: 2,
          dailyEligibleUsers: 700,
          trafficFraction: 0.7,
        })
      ).days,
      10
    )
    assert.equal(
      ok(
        experimentDuration({
          nPerVariant: 2451,
          k: 2,
          dailyEligibleUsers: 700,
          trafficFraction: 0.7,
        })
      ).days,
      11
    )
  })

  test('from a design: per-variant n from the classic formula', ({ assert }) => {
    const r = ok(
      experimentDuration({
        baseline: 0.15,
        mdeAbsolute: 0.03,
        dailyEligibleUsers: 1000,
        trafficFraction: 0.5,
      })
    )
    assert.equal(r.nPerVariant, 2402)
    assert.equal(r.totalSampleSize, 4804)
    assert.equal(r.days, 10)
  })

  test('no traffic is an error', ({ assert }) => {
    assert.deepEqual(experimentDuration({ nPerVariant: 100, dailyEligibleUsers: 0 }), {
      error: 'no_traffic',
    })
  })
})
