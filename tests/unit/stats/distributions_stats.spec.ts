import { test } from '@japa/runner'
import jStat from 'jstat'
import {
  betaCdf,
  betaInv,
  betaIsf,
  betaln,
  chiSquareSf,
  erfc,
  lgamma,
  normalCdf,
  normalInv,
  normalSf,
  studentTCdf,
  studentTInv,
  studentTSf,
} from '#stats/index'
import { assertClose } from './helpers.js'

// Reference values: mpmath 1.3.0 at 50 digits (and scipy 1.17 for Beta
// quantiles), computed while writing these tests.

test.group('Stats / normal distribution', () => {
  test('survival function keeps full precision in the far tail', ({ assert }) => {
    assertClose(assert, normalSf(8), 6.220960574271784e-16, 1e-13)
    assertClose(assert, normalSf(10), 7.619853024160525e-24, 1e-13)
    assertClose(assert, normalSf(30), 4.906713927148187e-198, 1e-12)
    assertClose(assert, normalCdf(-12), 1.776482112077679e-33, 1e-13)
  })

  test('jstat 1 − cdf loses the tail that normalSf keeps', ({ assert }) => {
    // Documents why the library does not use 1 − jStat.normal.cdf (spec §11).
    assert.equal(1 - jStat.normal.cdf(10, 0, 1), 0)
    assert.isAbove(normalSf(10), 0)
    assert.isAbove(Math.abs(jStat.normal.cdf(-8, 0, 1) / 6.220960574271784e-16 - 1), 1e-3)
  })

  test('inverse cdf is the exact quantile, not 1.96', ({ assert }) => {
    assertClose(assert, normalInv(0.975), 1.9599639845400543, 1e-15)
    assert.notEqual(normalInv(0.975), 1.96)
    assertClose(assert, normalInv(1e-12), -7.034483825301132, 1e-14)
    assert.equal(normalInv(0.5), 0)
    assert.equal(normalInv(0.25), -normalInv(0.75))
  })

  test('inverse and cdf round-trip across the range', ({ assert }) => {
    for (const p of [1e-300, 1e-100, 1e-20, 1e-8, 0.01, 0.2, 0.5, 0.8, 0.99, 1 - 1e-10]) {
      const z = normalInv(p)
      assertClose(assert, p < 0.5 ? normalCdf(z) : normalSf(z), p < 0.5 ? p : 1 - p, 1e-12)
    }
  })

  test('erfc is accurate on both signs', ({ assert }) => {
    assertClose(assert, erfc(0), 1, 1e-15)
    assertClose(assert, erfc(-1) + erfc(1), 2, 1e-15)
    assertClose(assert, erfc(6), 2.1519736712498913e-17, 1e-13)
  })
})

test.group('Stats / Student t distribution', () => {
  test('upper tail from the incomplete beta, non-integer df', ({ assert }) => {
    assertClose(assert, studentTSf(2.5, 7.3), 0.019825117332800235, 1e-12)
    assertClose(assert, studentTSf(12, 30), 2.790092707599628e-13, 1e-10)
    assertClose(assert, studentTSf(40, 100), 1.2310538010700354e-63, 1e-10)
  })

  test('cdf and sf are complementary and symmetric', ({ assert }) => {
    assertClose(assert, studentTCdf(1.3, 12) + studentTSf(1.3, 12), 1, 1e-15)
    assertClose(assert, studentTSf(-1.3, 12), studentTCdf(1.3, 12), 1e-15)
    assert.equal(studentTSf(0, 5), 0.5)
  })

  test('quantiles are polished to the accurate sf', ({ assert }) => {
    assertClose(assert, studentTInv(0.975, 10), 2.228138851986275, 1e-13)
    assertClose(assert, studentTInv(0.999, 3.5), 8.315567604516117, 1e-12)
    assertClose(assert, studentTInv(0.025, 10), -2.228138851986275, 1e-13)
    // A huge df approaches the normal quantile.
    assertClose(assert, studentTInv(0.975, 1e9), 1.959963984540054, 1e-8)
  })
})

test.group('Stats / chi-square and Beta', () => {
  test('chi-square survival function without 1 − cdf', ({ assert }) => {
    assertClose(assert, chiSquareSf(100, 1), 1.523970604832105e-23, 1e-12)
    assertClose(assert, chiSquareSf(200, 3), 4.2185411071920426e-43, 1e-12)
    assertClose(assert, chiSquareSf(12.5, 4), 0.013995792487650892, 1e-13)
    assert.equal(1 - jStat.chisquare.cdf(100, 1), 0)
    assert.equal(chiSquareSf(0, 3), 1)
  })

  test('betaln in log space where betafn underflows', ({ assert }) => {
    assertClose(assert, betaln(15001, 85001), -42276.7761285529, 1e-14)
    assertClose(assert, betaln(1e6, 9e6), -3250835.670050886, 1e-15)
    assertClose(assert, betaln(0.5, 0.5), Math.log(Math.PI), 1e-14)
    assertClose(assert, lgamma(0.5), 0.5723649429247001, 1e-14)
    assertClose(assert, lgamma(1e7), 151180949.3694739, 1e-15)
  })

  test('Beta quantiles match scipy and invert the cdf', ({ assert }) => {
    assertClose(assert, betaInv(0.025, 41, 461), 0.059365415452670614, 1e-13)
    assertClose(assert, betaIsf(0.025, 56, 446), 0.1404897669679353, 1e-13)
    assertClose(assert, betaInv(1e-10, 3, 1000), 8.42767719982033e-7, 1e-12)
    const x = betaInv(0.3, 1200.5, 8800.5)
    assertClose(assert, betaCdf(x, 1200.5, 8800.5), 0.3, 1e-12)
    assert.equal(betaInv(0, 2, 3), 0)
    assert.equal(betaInv(1, 2, 3), 1)
  })
})
