import { test } from '@japa/runner'
import {
  kBand,
  kFigures,
  loopRecommendation,
  medianFromHours,
  ratio,
} from '#services/growth/metrics'
import { addDays, resolvePeriod, weekStart } from '#services/growth/periods'

test.group('Growth metrics (pure)', () => {
  test('K = i × c = conversions / active referrers, with i and c', ({ assert }) => {
    const figures = kFigures({ invites: 50, conversions: 12, activeReferrers: 10 })
    assert.closeTo(figures.k!, 1.2, 1e-12)
    assert.closeTo(figures.invitesPerReferrer!, 5, 1e-12)
    assert.closeTo(figures.conversionRate!, 0.24, 1e-12)
    assert.closeTo(figures.invitesPerReferrer! * figures.conversionRate!, figures.k!, 1e-12)
    // K ≥ 1: no finite amplification.
    assert.isNull(figures.amplification)
    assert.closeTo(
      kFigures({ invites: 10, conversions: 1, activeReferrers: 2 }).amplification!,
      2,
      1e-12
    )
  })

  test('no active referrers: K, i and c are "no data", never 0 or NaN', ({ assert }) => {
    const figures = kFigures({ invites: 0, conversions: 0, activeReferrers: 0 })
    assert.isNull(figures.k)
    assert.isNull(figures.invitesPerReferrer)
    assert.isNull(figures.conversionRate)
    assert.isNull(kBand(figures.k))
    assert.isNull(ratio(3, 0))
  })

  test('status bands: excellent ≥ 1.2, good ≥ 1.0, warning ≥ 0.8, poor below', ({ assert }) => {
    assert.equal(kBand(1.2)!.key, 'excellent')
    assert.equal(kBand(1.19999)!.key, 'good')
    assert.equal(kBand(1)!.key, 'good')
    assert.equal(kBand(0.99)!.key, 'warning')
    assert.equal(kBand(0.8)!.key, 'warning')
    assert.equal(kBand(0.79)!.key, 'poor')
    assert.equal(kBand(0)!.key, 'poor')
    assert.match(kBand(1.5)!.meaning, /Viral/)
  })

  test('median cycle time from whole hours, interpolated inside the hour', ({ assert }) => {
    assert.isNull(medianFromHours([]))
    // One value in hour 6: the middle of that hour.
    assert.equal(medianFromHours([{ hours: 6, links: 1 }]), 6.5 * 3600)
    // 2, 6, 24 hours: the middle one.
    assert.equal(
      medianFromHours([
        { hours: 24, links: 1 },
        { hours: 2, links: 1 },
        { hours: 6, links: 1 },
      ]),
      6.5 * 3600
    )
    // Even count: the mean of the two middle values (hours 1 and 3 → 2.5 h).
    assert.equal(
      medianFromHours([
        { hours: 1, links: 1 },
        { hours: 3, links: 1 },
      ]),
      2.5 * 3600
    )
    // Four values in one hour: ranks 2 and 3 at 1.375 h and 1.625 h → 1.5 h.
    assert.equal(medianFromHours([{ hours: 1, links: 4 }]), 1.5 * 3600)
  })

  test('a loop recommendation follows its band and names the weaker lever', ({ assert }) => {
    const overall = kFigures({ invites: 100, conversions: 30, activeReferrers: 40 })
    assert.match(
      loopRecommendation(kFigures({ invites: 40, conversions: 20, activeReferrers: 10 }), overall),
      /^Scale aggressively/
    )
    assert.match(
      loopRecommendation(kFigures({ invites: 90, conversions: 9, activeReferrers: 10 }), overall),
      /^Optimize.*conversion/
    )
    assert.match(
      loopRecommendation(kFigures({ invites: 5, conversions: 2, activeReferrers: 10 }), overall),
      /^Needs significant optimization.*invites per referrer/
    )
    assert.match(
      loopRecommendation(kFigures({ invites: 0, conversions: 0, activeReferrers: 0 }), overall),
      /No invites/
    )
  })

  test('weeks start on Monday (UTC), across month and year boundaries', ({ assert }) => {
    assert.equal(weekStart('2026-03-08'), '2026-03-02') // Sunday
    assert.equal(weekStart('2026-03-09'), '2026-03-09') // Monday
    assert.equal(weekStart('2026-01-01'), '2025-12-29') // Thursday
    assert.equal(addDays('2024-02-28', 1), '2024-02-29')
  })

  test('preset periods are the last N whole UTC days, today included', ({ assert }) => {
    const now = new Date('2026-03-10T23:59:00Z')
    const week = resolvePeriod({ period: '7' }, now)
    assert.deepEqual([week.from, week.to, week.days], ['2026-03-04', '2026-03-10', 7])
    const fallback = resolvePeriod({}, now)
    assert.deepEqual([fallback.key, fallback.days, fallback.from], ['30', 30, '2026-02-09'])
  })
})
