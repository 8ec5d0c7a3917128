/*
|--------------------------------------------------------------------------
| Edge globals
|--------------------------------------------------------------------------
*/
import edge from 'edge.js'
import { DateTime } from 'luxon'
import { AREAS, AREA_SUMMARIES, NAVIGATION } from '#services/platform/navigation'

edge.global('navigation', NAVIGATION)
edge.global('areas', AREAS)
edge.global('areaSummaries', AREA_SUMMARIES)

/** "3 minutes ago" for a DateTime or JS Date; "never" for null. */
edge.global('timeAgo', (value: DateTime | Date | null | undefined) => {
  if (!value) return 'never'
  const date = value instanceof Date ? DateTime.fromJSDate(value) : value
  return date.toRelative() ?? date.toISO()
})

/** Absolute date and time in UTC, for title attributes and tables. */
edge.global('formatDateTime', (value: DateTime | Date | null | undefined) => {
  if (!value) return '—'
  const date = value instanceof Date ? DateTime.fromJSDate(value) : value
  return date.toUTC().toFormat("yyyy-LL-dd HH:mm 'UTC'")
})
