import { test } from '@japa/runner'
import {
  addBusinessMinutes,
  businessMinutesBetween,
  type BusinessCalendar,
} from '#services/support/business_hours'

const officeHours = { start: '09:00', end: '17:00' }
const berlin: BusinessCalendar = {
  alwaysOpen: false,
  timeZone: 'Europe/Berlin',
  week: { 1: officeHours, 2: officeHours, 3: officeHours, 4: officeHours, 5: officeHours },
  holidays: ['2026-12-25'],
}
const always: BusinessCalendar = { alwaysOpen: true, timeZone: 'UTC', week: {}, holidays: [] }

test.group('Business hours / due times', () => {
  test('24/7 adds wall-clock minutes', ({ assert }) => {
    const due = addBusinessMinutes(new Date('2026-12-07T23:30:00Z'), 60, always)
    assert.equal(due?.toISOString(), '2026-12-08T00:30:00.000Z')
  })

  test('{name}')
    .with([
      // Monday 16:00 Berlin (UTC+1) + 2 h → 1 h today, 1 h from Tuesday 09:00.
      {
        name: 'rolls over to the next open day',
        start: '2026-12-07T15:00:00Z',
        minutes: 120,
        due: '2026-12-08T09:00:00.000Z',
      },
      // Friday 16:30 + 1 h → Monday 09:30 (weekend closed).
      {
        name: 'skips the weekend',
        start: '2026-12-11T15:30:00Z',
        minutes: 60,
        due: '2026-12-14T08:30:00.000Z',
      },
      // Saturday: the clock starts Monday 09:00.
      {
        name: 'starts at the next opening when closed',
        start: '2026-12-12T10:00:00Z',
        minutes: 30,
        due: '2026-12-14T08:30:00.000Z',
      },
      // Thursday 24 Dec 16:00 + 2 h → 1 h on the 24th, the 25th is a holiday, 1 h on the 28th (Monday).
      {
        name: 'skips holidays',
        start: '2026-12-24T15:00:00Z',
        minutes: 120,
        due: '2026-12-28T09:00:00.000Z',
      },
      // Summer time: Berlin is UTC+2 in July.
      {
        name: 'follows the zone’s summer time',
        start: '2026-07-06T06:00:00Z',
        minutes: 60,
        due: '2026-07-06T08:00:00.000Z',
      },
    ])
    .run(({ assert }, row) => {
      assert.equal(
        addBusinessMinutes(new Date(row.start), row.minutes, berlin)?.toISOString(),
        row.due
      )
    })

  test('a pause moves the due time by the business time it covered', ({ assert }) => {
    const start = new Date('2026-12-07T08:00:00Z') // Monday 09:00 Berlin
    const pauses = [
      { from: new Date('2026-12-07T09:00:00Z'), to: new Date('2026-12-07T11:00:00Z') },
    ]
    assert.equal(
      addBusinessMinutes(start, 240, berlin, pauses)?.toISOString(),
      '2026-12-07T14:00:00.000Z'
    )
  })

  test('an ongoing pause stops the clock', ({ assert }) => {
    const start = new Date('2026-12-07T08:00:00Z')
    const pauses = [{ from: new Date('2026-12-07T09:00:00Z'), to: null }]
    assert.isNull(addBusinessMinutes(start, 240, berlin, pauses))
    assert.equal(
      addBusinessMinutes(start, 30, berlin, pauses)?.toISOString(),
      '2026-12-07T08:30:00.000Z'
    )
  })

  test('a calendar that never opens has no due time', ({ assert }) => {
    assert.isNull(addBusinessMinutes(new Date(), 60, { ...berlin, week: {} }))
  })

  test('business minutes between two instants', ({ assert }) => {
    // Friday 16:00 → Monday 10:00 Berlin: 1 h + 1 h.
    const minutes = businessMinutesBetween(
      new Date('2026-12-11T15:00:00Z'),
      new Date('2026-12-14T09:00:00Z'),
      berlin
    )
    assert.equal(minutes, 120)
  })
})
