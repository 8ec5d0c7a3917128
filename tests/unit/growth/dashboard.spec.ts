import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { resetDatabase } from '#tests/helpers/database'
import { customPeriod, invite } from '#tests/helpers/growth'
import {
  cohorts,
  funnels,
  loops,
  summary,
  timeline,
  topReferrers,
} from '#services/growth/dashboard'
import { registerSubject } from '#services/growth/tracking'
import { forgetGrowthSections } from '#services/growth/cache'

const HOUR = 3600

/**
 * Hand-computed data set, period 2026-03-02 (Mon) to 2026-03-08 (Sun):
 *   alice/buddy 03-02 10:00 clicked, signed up 12:30 (2.5 h), first value
 *   alice/buddy 03-02 10:01 clicked only
 *   alice/buddy 03-04 09:00 nothing
 *   bob/buddy   03-03 08:00 no click recorded, signed up 03-04 08:00 (24 h)
 *   bob/share   03-05 00:00 clicked, signed up 06:00 (6 h)
 *   dave/share  02-27 (before) signed up 03-02 09:00: a sign-up in the period, not an invite
 *   dave/share  03-09 (after): outside
 */
async function handComputedSet() {
  await invite('alice', 'buddy', '2026-03-02T10:00:00Z', {
    click: '2026-03-02T11:00:00Z',
    signup: ['2026-03-02T12:30:00Z', 'inv-1'],
    value: '2026-03-03T09:00:00Z',
  })
  await invite('alice', 'buddy', '2026-03-02T10:01:00Z', { click: '2026-03-02T12:00:00Z' })
  await invite('alice', 'buddy', '2026-03-04T09:00:00Z')
  await invite('bob', 'buddy', '2026-03-03T08:00:00Z', {
    signup: ['2026-03-04T08:00:00Z', 'inv-4'],
  })
  await invite('bob', 'share', '2026-03-05T00:00:00Z', {
    click: '2026-03-05T01:00:00Z',
    signup: ['2026-03-05T06:00:00Z', 'inv-5'],
  })
  await invite('dave', 'share', '2026-02-27T10:00:00Z', {
    signup: ['2026-03-02T09:00:00Z', 'inv-6'],
  })
  await invite('dave', 'share', '2026-03-09T10:00:00Z')
  forgetGrowthSections()
}

const WEEK = customPeriod('2026-03-02', '2026-03-08')

test.group('Growth dashboard metrics', (group) => {
  group.each.setup(() => resetDatabase())

  test('cards: K, i, c, active referrers, cycle times, missing clicks', async ({ assert }) => {
    await handComputedSet()
    const s = await summary(WEEK)
    assert.deepInclude(s.figures, { invites: 5, conversions: 3, activeReferrers: 2 })
    assert.closeTo(s.figures.k!, 1.5, 1e-12)
    assert.closeTo(s.figures.invitesPerReferrer!, 2.5, 1e-12)
    assert.closeTo(s.figures.conversionRate!, 0.6, 1e-12)
    assert.equal(s.band!.key, 'excellent')
    // Cycle times 2.5 h, 24 h and 6 h: mean exact, median from whole hours (6 h → 6.5 h).
    assert.closeTo(s.cycle.meanSeconds!, ((2.5 + 24 + 6) / 3) * HOUR, 1e-6)
    assert.equal(s.cycle.medianSeconds, 6.5 * HOUR)
    assert.equal(s.clicksMissing, 1)
  })

  test('the four-stage funnel counts a sign-up without a click as clicked', async ({ assert }) => {
    await handComputedSet()
    const { overall, loops: perLoop } = await funnels(WEEK)
    assert.deepEqual(
      overall.stages.map((stage) => stage.count),
      [5, 4, 3, 1]
    )
    assert.deepEqual(
      overall.stages.map((stage) => stage.fromPrevious),
      [null, 0.8, 0.75, 1 / 3]
    )
    assert.equal(overall.stages[3].fromSent, 0.2)
    assert.equal(overall.clicksMissing, 1)
    assert.deepEqual(
      perLoop.map((funnel) => [funnel.loop, ...funnel.stages.map((stage) => stage.count)]),
      [
        ['buddy', 4, 3, 2, 1],
        ['share', 1, 1, 1, 0],
      ]
    )
  })

  test('K by loop and loop efficiency', async ({ assert }) => {
    await handComputedSet()
    const { overall, rows } = await loops(WEEK)
    assert.closeTo(overall.k!, 1.5, 1e-12)
    // share: K 1 (1 conversion / 1 referrer), c 1 → efficiency 1, 1 conversion / 2 active users.
    // buddy: K 1 (2 / 2), c 0.5 → efficiency 0.5, 2 / 2 active users.
    assert.deepEqual(
      rows.map((row) => [
        row.loop,
        row.figures.k,
        row.figures.conversionRate,
        row.efficiency,
        row.conversionsPerActiveUser,
      ]),
      [
        ['share', 1, 1, 1, 0.5],
        ['buddy', 1, 0.5, 0.5, 1],
      ]
    )
    assert.match(rows[0].recommendation, /^Keep investing/)
  })

  test('top referrers by conversions, then invites', async ({ assert }) => {
    await handComputedSet()
    assert.deepEqual(await topReferrers(WEEK), [
      { referrerId: 'bob', invites: 2, conversions: 2, conversionRate: 1 },
      { referrerId: 'alice', invites: 3, conversions: 1, conversionRate: 1 / 3 },
    ])
    const share = await topReferrers(customPeriod('2026-03-02', '2026-03-08', 'share'))
    assert.deepEqual(
      share.map((row) => row.referrerId),
      ['bob']
    )
  })

  test('top referrers of a period are found past the top lifetime referrers', async ({
    assert,
  }) => {
    // 600 referrers with two conversions each in January (lifetime leaders, silent in
    // March), then a few referrers active in March: two rounds of lifetime candidates.
    await db.rawQuery(
      `INSERT INTO referral_links (token, referrer_id, source_loop, sent_at, signed_up_at, invitee_id)
       SELECT 'old' || i || '-' || k, 'old-' || i, 'buddy', '2026-01-10T10:00:00Z',
              '2026-01-11T10:00:00Z', 'inv-old-' || i || '-' || k
         FROM generate_series(1, 600) AS i, generate_series(1, 2) AS k`
    )
    await invite('nina', 'buddy', '2026-03-03T10:00:00Z', {
      signup: ['2026-03-04T10:00:00Z', 'n1'],
    })
    await invite('nina', 'buddy', '2026-03-03T11:00:00Z')
    await invite('omar', 'share', '2026-03-04T10:00:00Z')
    await invite('old-7', 'buddy', '2026-03-05T10:00:00Z')
    forgetGrowthSections()
    const march = await topReferrers(WEEK)
    assert.deepEqual(
      march.map((row) => [row.referrerId, row.invites, row.conversions]),
      [
        ['nina', 2, 1],
        ['old-7', 1, 0],
        ['omar', 1, 0],
      ]
    )
    const january = await topReferrers(customPeriod('2026-01-01', '2026-01-31'))
    assert.lengthOf(january, 10)
    assert.deepEqual(january[0], {
      referrerId: 'old-1',
      invites: 2,
      conversions: 2,
      conversionRate: 1,
    })
  })

  test('timeline: every day of the period, sign-ups on their own day, K per sent day', async ({
    assert,
  }) => {
    await handComputedSet()
    const days = await timeline(WEEK)
    assert.lengthOf(days, 7)
    assert.deepEqual(
      days.map((d) => [d.day, d.invites, d.signups, d.conversions, d.activeReferrers, d.k]),
      [
        ['2026-03-02', 2, 2, 1, 1, 1],
        ['2026-03-03', 1, 0, 1, 1, 1],
        ['2026-03-04', 1, 1, 0, 1, 0],
        ['2026-03-05', 1, 1, 1, 1, 1],
        ['2026-03-06', 0, 0, 0, 0, null],
        ['2026-03-07', 0, 0, 0, 0, null],
        ['2026-03-08', 0, 0, 0, 0, null],
      ]
    )
  })

  test('one loop selected: every section reads only that loop', async ({ assert }) => {
    await handComputedSet()
    const buddy = customPeriod('2026-03-02', '2026-03-08', 'buddy')
    const s = await summary(buddy)
    assert.deepInclude(s.figures, { invites: 4, conversions: 2, activeReferrers: 2, k: 1 })
    assert.equal(s.band!.key, 'good')
    assert.equal(s.cycle.meanSeconds, 13.25 * HOUR)
    const { rows } = await loops(buddy)
    assert.deepEqual(
      rows.map((row) => row.loop),
      ['buddy']
    )
    const [first] = await timeline(buddy)
    assert.equal(first.signups, 1)
  })

  test('an empty period: zeros and "no data", never NaN', async ({ assert }) => {
    await handComputedSet()
    const empty = customPeriod('2025-06-01', '2025-06-14')
    const s = await summary(empty)
    assert.deepEqual(s.figures, {
      invites: 0,
      conversions: 0,
      activeReferrers: 0,
      k: null,
      invitesPerReferrer: null,
      conversionRate: null,
      amplification: null,
    })
    assert.isNull(s.band)
    assert.deepEqual(s.cycle, { medianSeconds: null, meanSeconds: null, converted: 0 })
    assert.deepEqual(s.viral, { coefficient: null, subjects: 0, conversions: 0 })
    const { rows } = await loops(empty)
    assert.deepEqual(rows, [])
    assert.deepEqual(await topReferrers(empty), [])
    const days = await timeline(empty)
    assert.lengthOf(days, 14)
    assert.isTrue(days.every((d) => d.invites === 0 && d.k === null))
    const { overall } = await funnels(empty)
    assert.deepEqual(
      overall.stages.map((stage) => [stage.count, stage.fromPrevious]),
      [
        [0, null],
        [0, null],
        [0, null],
        [0, null],
      ]
    )
    const weeks = await cohorts(empty)
    assert.isTrue(weeks.every((w) => w.size === 0 && w.k === null && w.conversionRate === null))
    assert.notMatch(JSON.stringify([s, days, weeks]), /NaN/)
  })

  test('an active referrer counts once per period, whatever order invites arrive in', async ({
    assert,
  }) => {
    // Inserted out of order: later days first, so earlier days re-link the spans.
    await invite('erin', 'buddy', '2026-03-10T10:00:00Z')
    await invite('erin', 'share', '2026-03-06T10:00:00Z')
    await invite('erin', 'buddy', '2026-03-01T10:00:00Z')
    await invite('erin', 'buddy', '2026-03-06T11:00:00Z')
    await invite('fay', 'buddy', '2026-03-06T12:00:00Z')
    const count = async (from: string, to: string, loop: string | null = null) => {
      const { figures } = await summary(customPeriod(from, to, loop))
      return figures.activeReferrers
    }
    assert.equal(await count('2026-03-01', '2026-03-10'), 2)
    assert.equal(await count('2026-03-02', '2026-03-09'), 2)
    assert.equal(await count('2026-03-07', '2026-03-09'), 0)
    assert.equal(await count('2026-03-10', '2026-03-10'), 1)
    assert.equal(await count('2026-03-01', '2026-03-05', 'buddy'), 1)
    assert.equal(await count('2026-03-06', '2026-03-06', 'share'), 1)
    assert.equal(await count('2026-03-06', '2026-03-06', 'buddy'), 2)
  })

  test('weekly cohorts: sign-up weeks Monday to Sunday in UTC, lifetime invites', async ({
    assert,
  }) => {
    // Sunday 23:59:59 UTC is the week of 03-02; Monday 00:00 UTC starts the next one.
    await registerSubject({ subjectId: 'sun', signedUpAt: new Date('2026-03-08T23:59:59Z') })
    await registerSubject({ subjectId: 'mon', signedUpAt: new Date('2026-03-09T00:00:00Z') })
    // 23:30 in Los Angeles on Sunday 03-08 is Monday 07:30 UTC: the week of 03-09.
    await registerSubject({ subjectId: 'la', signedUpAt: new Date('2026-03-08T23:30:00-08:00') })
    await registerSubject({ subjectId: 'early', signedUpAt: new Date('2026-03-02T00:00:00Z') })
    // Invites sent before the subject was registered still count for its cohort.
    await invite('sun', 'buddy', '2026-03-09T10:00:00Z', { signup: ['2026-03-10T10:00:00Z', 'x1'] })
    await invite('mon', 'buddy', '2026-03-09T10:00:00Z', { signup: ['2026-03-10T11:00:00Z', 'x2'] })
    await invite('mon', 'share', '2026-03-20T10:00:00Z')
    await invite('la', 'share', '2026-03-12T10:00:00Z')
    forgetGrowthSections()

    const weeks = await cohorts(customPeriod('2026-03-04', '2026-03-10'))
    assert.deepEqual(
      weeks.map((w) => [w.week, w.size, w.invites, w.conversions, w.k, w.conversionRate]),
      [
        ['2026-03-02', 2, 1, 1, 0.5, 1],
        // mon, la, and the invitees x1 and x2 (signed up 03-10).
        ['2026-03-09', 4, 3, 1, 0.25, 1 / 3],
      ]
    )
    const buddyWeeks = await cohorts(customPeriod('2026-03-04', '2026-03-10', 'buddy'))
    assert.deepEqual(
      buddyWeeks.map((w) => [w.week, w.size, w.invites, w.conversions]),
      [
        ['2026-03-02', 2, 1, 1],
        ['2026-03-09', 4, 1, 1],
      ]
    )
    // Viral coefficient (lifetime) of the users who signed up on 03-08 and 03-09 (UTC):
    // sun, mon and la brought in x1 and x2.
    const s = await summary(customPeriod('2026-03-08', '2026-03-09'))
    assert.deepEqual(s.viral, { coefficient: 2 / 3, subjects: 3, conversions: 2 })
  })

  test('the rollups kept by the triggers equal a rebuild from scratch', async ({ assert }) => {
    await handComputedSet()
    await invite('erin', 'buddy', '2026-03-10T10:00:00Z')
    await invite('erin', 'buddy', '2026-03-01T10:00:00Z')
    await registerSubject({ subjectId: 'alice', signedUpAt: new Date('2026-01-01T00:00:00Z') })
    const COUNTS = ['invites', 'signups', 'links', 'referrers', 'subjects', 'conversions']
    const tables = [
      'referral_daily',
      'referral_cycle_hours',
      'referral_referrer_days',
      'referral_referrers',
      'referral_active_spans',
      'growth_cohort_days',
    ]
    const snapshot = async () => {
      const result: Record<string, unknown[]> = {}
      for (const table of tables) {
        const { rows } = await db.rawQuery(`SELECT * FROM ${table} ORDER BY 1, 2, 3, 4`)
        // Rows brought back to zero by an update are the same as no row.
        result[table] = rows.filter((row: Record<string, unknown>) =>
          COUNTS.some((column) => Number(row[column] ?? 0) !== 0)
        )
      }
      return JSON.stringify(result)
    }
    const incremental = await snapshot()
    await db.rawQuery('SELECT growth_rollups_rebuild()')
    assert.equal(incremental, await snapshot())
    assert.isAbove(incremental.length, 500)
  })
})
