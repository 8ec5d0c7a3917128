/**
 * Dashboard periods: whole UTC days. A preset is the last N days up to and including
 * today; a custom period names its first and last day.
 */
export const PRESET_PERIODS = [7, 14, 30, 90] as const
export const DEFAULT_PERIOD = 30
/** A custom period may span at most this many days (two years of daily rows). */
export const MAX_PERIOD_DAYS = 731

export interface Period {
  /** '7' | '14' | '30' | '90' | 'custom' */
  key: string
  /** First and last day, inclusive, 'YYYY-MM-DD' (UTC). */
  from: string
  to: string
  days: number
  label: string
}

export interface PeriodInput {
  period?: string
  from?: Date
  to?: Date
}

const DAY_MS = 86_400_000

/** 'YYYY-MM-DD' of a time, in UTC. */
export function utcDay(date: Date) {
  return date.toISOString().slice(0, 10)
}

/** 'YYYY-MM-DD' of a calendar date parsed from a form (local midnight, as VineJS gives it). */
export function calendarDay(date: Date) {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
}

export function addDays(day: string, days: number) {
  return utcDay(new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS))
}

export function daysBetween(from: string, to: string) {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS)
}

/** Every day of the period, in order. */
export function periodDays(period: Pick<Period, 'from' | 'days'>) {
  return Array.from({ length: period.days }, (_, i) => addDays(period.from, i))
}

/** Monday (UTC) of the ISO week a day belongs to. */
export function weekStart(day: string) {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay()
  return addDays(day, -((weekday + 6) % 7))
}

/** The period a (validated) query asks for; presets end today (UTC). */
export function resolvePeriod(input: PeriodInput, now = new Date()): Period {
  if (input.period === 'custom' && input.from && input.to) {
    const from = calendarDay(input.from)
    const to = calendarDay(input.to)
    return { key: 'custom', from, to, days: daysBetween(from, to) + 1, label: `${from} to ${to}` }
  }
  const days = Number(input.period) || DEFAULT_PERIOD
  const to = utcDay(now)
  return {
    key: String(days),
    from: addDays(to, 1 - days),
    to,
    days,
    label: `the last ${days} days`,
  }
}
