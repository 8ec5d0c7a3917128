import { DateTime } from 'luxon'

/**
 * Business time: a weekly calendar in a time zone, with holidays, or 24/7. Pure functions
 * over plain values, so SLA due times can be checked without a database.
 */
export interface BusinessCalendar {
  /** Open around the clock: the weekly hours and holidays are ignored. */
  alwaysOpen: boolean
  /** An IANA zone, such as "Europe/Berlin". */
  timeZone: string
  /** ISO weekday (1 = Monday … 7 = Sunday) → local opening hours "HH:MM"; absent = closed. */
  week: Partial<Record<Weekday, { start: string; end: string }>>
  /** Local dates "YYYY-MM-DD" on which the desk is closed. */
  holidays: string[]
}

export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7
export const WEEKDAYS: Weekday[] = [1, 2, 3, 4, 5, 6, 7]

/** A span during which no clock runs; `to` null while the pause lasts. */
export interface Pause {
  from: Date
  to: Date | null
}

/** A calendar without opening hours never reaches a due time; this bounds the walk. */
const MAX_DAYS = 400
const MINUTE = 60_000

function minutesOf(time: string) {
  const [hours, minutes] = time.split(':').map(Number)
  return hours * 60 + minutes
}

/** Open windows [start, end) in milliseconds from `from` on, in order. */
function* openWindows(from: number, calendar: BusinessCalendar): Generator<[number, number]> {
  if (calendar.alwaysOpen) {
    yield [from, Number.POSITIVE_INFINITY]
    return
  }
  const holidays = new Set(calendar.holidays)
  let day = DateTime.fromMillis(from, { zone: calendar.timeZone }).startOf('day')
  for (let i = 0; i < MAX_DAYS; i++, day = day.plus({ days: 1 })) {
    const hours = calendar.week[day.weekday as Weekday]
    if (!hours || holidays.has(day.toISODate()!)) continue
    const start = day.plus({ minutes: minutesOf(hours.start) }).toMillis()
    const end = day.plus({ minutes: minutesOf(hours.end) }).toMillis()
    if (end <= from) continue
    yield [Math.max(start, from), end]
  }
}

/** The windows with the pauses cut out; an open-ended pause stops everything after it. */
function* runningWindows(from: number, calendar: BusinessCalendar, pauses: Pause[]) {
  const cuts = pauses
    .map((pause) => [pause.from.getTime(), pause.to?.getTime() ?? Number.POSITIVE_INFINITY])
    .sort((a, b) => a[0] - b[0])
  for (const [start, end] of openWindows(from, calendar)) {
    let cursor = start
    for (const [cutFrom, cutTo] of cuts) {
      if (cutTo <= cursor || cutFrom >= end) continue
      if (cutFrom > cursor) yield [cursor, cutFrom] as [number, number]
      cursor = Math.max(cursor, cutTo)
      if (cursor >= end) break
    }
    if (cursor === Number.POSITIVE_INFINITY) return
    if (cursor < end) yield [cursor, end] as [number, number]
  }
}

/**
 * When `minutes` of running business time after `start` have passed; null if the clock is
 * paused for good (an ongoing pause) or the calendar never opens.
 */
export function addBusinessMinutes(
  start: Date,
  minutes: number,
  calendar: BusinessCalendar,
  pauses: Pause[] = []
): Date | null {
  let left = minutes * MINUTE
  for (const [from, to] of runningWindows(start.getTime(), calendar, pauses)) {
    if (to - from >= left) return new Date(from + left)
    left -= to - from
  }
  return null
}

/** Running business minutes between two instants (0 when `to` is not after `from`). */
export function businessMinutesBetween(
  from: Date,
  to: Date,
  calendar: BusinessCalendar,
  pauses: Pause[] = []
): number {
  const end = to.getTime()
  let total = 0
  for (const [start, stop] of runningWindows(from.getTime(), calendar, pauses)) {
    if (start >= end) break
    total += Math.min(stop, end) - start
  }
  return Math.round(total / MINUTE)
}

/** True for a zone the runtime knows. */
export function isTimeZone(zone: string) {
  return DateTime.now().setZone(zone).isValid
}
