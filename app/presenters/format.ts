import type { DateTime } from 'luxon'

/** Percentages and durations are written the same everywhere, mails and audit logs included. */
export { formatDuration, formatPercent } from '#services/platform'

/**
 * "3 minutes ago" for a DateTime or JS Date; "never" for null. One shared Intl formatter:
 * pages list fifty of these, and building a formatter per value was a measurable share
 * of an inbox request.
 */
const relative = new Intl.RelativeTimeFormat('en', { numeric: 'always' })
const RELATIVE_UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400],
  ['month', 30 * 86_400],
  ['week', 7 * 86_400],
  ['day', 86_400],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
]
export function timeAgo(value: DateTime | Date | null | undefined) {
  if (!value) return 'never'
  const millis = value instanceof Date ? value.getTime() : value.toMillis()
  const seconds = (millis - Date.now()) / 1000
  for (const [unit, size] of RELATIVE_UNITS) {
    if (Math.abs(seconds) >= size || unit === 'second') {
      return relative.format(Math.trunc(seconds / size), unit)
    }
  }
}

/**
 * Absolute date and time in UTC ("2026-11-21 07:34 UTC"), for title attributes and tables.
 * Cut from the ISO string: lists show fifty of these, and luxon's `toFormat` parses its
 * pattern on every call.
 */
export function formatDateTime(value: DateTime | Date | null | undefined) {
  if (!value) return '—'
  const iso = (value instanceof Date ? value : value.toJSDate()).toISOString()
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`
}

/** "12,345" — counts with thousands separators (one formatter: building one costs more than using it). */
const counts = new Intl.NumberFormat('en-US')
export function formatCount(value: number | null | undefined) {
  return value === null || value === undefined ? '—' : counts.format(value)
}

/** "1.23" — a ratio such as a K-factor; "no data" when it is undefined (nothing to divide by). */
export function formatRatio(value: number | null | undefined, digits = 2) {
  return value === null || value === undefined || !Number.isFinite(value)
    ? 'no data'
    : value.toFixed(digits)
}
