/*
|--------------------------------------------------------------------------
| Edge globals
|--------------------------------------------------------------------------
*/
import edge from 'edge.js'
import string from '@adonisjs/core/helpers/string'
import env from '#start/env'
import { type DateTime } from 'luxon'
import { AREAS, AREA_SUMMARIES, NAVIGATION } from '#presenters/navigation'
import { experimentFormState } from '#presenters/experiment_form'
import { formatDuration, formatPercent } from '#presenters/format'
import { iconSvg } from '#presenters/icons'
import { useEdgeProductionCaches } from '#patches/edge_production_caches'
import { PRIORITY_LABELS, STATUS_LABELS } from '#services/support'
import { ticketPriorityLabel, ticketStatusBadge } from '#presenters/ticket_badges'
import { STATUS_BADGES } from '#presenters/notification_labels'

useEdgeProductionCaches(edge)

edge.global('navigation', NAVIGATION)
edge.global('areas', AREAS)
edge.global('areaSummaries', AREA_SUMMARIES)

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
edge.global('timeAgo', (value: DateTime | Date | null | undefined) => {
  if (!value) return 'never'
  const millis = value instanceof Date ? value.getTime() : value.toMillis()
  const seconds = (millis - Date.now()) / 1000
  for (const [unit, size] of RELATIVE_UNITS) {
    if (Math.abs(seconds) >= size || unit === 'second') {
      return relative.format(Math.trunc(seconds / size), unit)
    }
  }
})

/**
 * Absolute date and time in UTC ("2026-11-21 07:34 UTC"), for title attributes and tables.
 * Cut from the ISO string: lists show fifty of these, and luxon's `toFormat` parses its
 * pattern on every call.
 */
edge.global('formatDateTime', (value: DateTime | Date | null | undefined) => {
  if (!value) return '—'
  const iso = (value instanceof Date ? value : value.toJSDate()).toISOString()
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`
})

/**
 * JSON for a <script type="application/json"> block: `<` is escaped so no value can
 * close the script element.
 */
edge.global('jsonForScript', (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c'))

/** "12,345" — counts with thousands separators (one formatter: building one costs more than using it). */
const counts = new Intl.NumberFormat('en-US')
edge.global('formatCount', (value: number | null | undefined) =>
  value === null || value === undefined ? '—' : counts.format(value)
)

edge.global('formatPercent', formatPercent)

/** "1.23" — a ratio such as a K-factor; "no data" when it is undefined (nothing to divide by). */
edge.global('formatRatio', (value: number | null | undefined, digits = 2) =>
  value === null || value === undefined || !Number.isFinite(value)
    ? 'no data'
    : value.toFixed(digits)
)

/** "2 h 15 min", "3.2 days" — a duration given in seconds. */
edge.global('formatDuration', formatDuration)

edge.global('experimentFormState', experimentFormState)

edge.global('icon', iconSvg)

/** The readable part of an article address: "how-do-i-reset-my-password". */
edge.global('slugify', (text: string) =>
  string.slug(text, { lower: true, strict: true }).slice(0, 80)
)

edge.global('helpCenter', {
  name: env.get('HELP_CENTER_NAME') || 'Help Center',
  supportEmail: env.get('SUPPORT_EMAIL') || 'support@example.com',
})

/** Ticket status and priority names as agents read them. */
edge.global('statusLabels', STATUS_LABELS)
edge.global('priorityLabels', PRIORITY_LABELS)
edge.global('ticketStatusBadge', ticketStatusBadge)
edge.global('ticketPriorityLabel', ticketPriorityLabel)
edge.global('notificationBadges', STATUS_BADGES)
