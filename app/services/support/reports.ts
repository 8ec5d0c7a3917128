import { replicaOrPrimary } from '#services/platform'
import type { TicketPriority, TicketStatus } from '#models/ticket'
import {
  PRIORITY_LABELS,
  STATUS_LABELS,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
} from '#services/support/workflow'

export interface DayVolume {
  /** UTC calendar day, 'YYYY-MM-DD'. */
  date: string
  tickets: number
}

export interface Breakdown<Key extends string> {
  key: Key
  label: string
  tickets: number
  /** Share of the tickets created in the period; null when there were none. */
  share: number | null
}

/** Durations in seconds; null when nothing was measured. */
export interface DurationStats {
  /** How many tickets the figures are taken over. */
  measured: number
  median: number | null
  p90: number | null
}

export interface FirstResponseStats extends DurationStats {
  /** Opened in the period, still open, no public reply yet. */
  waiting: number
  /** Opened in the period, resolved or closed without any public reply. */
  closedUnanswered: number
}

export interface RatingRow {
  rating: number
  responses: number
  share: number | null
}

export interface CsatStats {
  responses: number
  /** Mean rating, 1 to 5. */
  average: number | null
  /** Share of ratings of 4 or 5. */
  satisfied: number | null
  /** One row per rating, 5 first. */
  distribution: RatingRow[]
}

export interface DeflectingFaq {
  id: number
  question: string
  published: boolean
  deflections: number
  /** Share of all deflections in the period. */
  share: number
  lastDeflectedAt: Date
}

export interface DeflectionStats {
  count: number
  /** deflections / (deflections + tickets created); null when both are 0. */
  rate: number | null
  top: DeflectingFaq[]
}

export interface SupportReport {
  days: number
  since: Date
  until: Date
  /** Tickets created in the period. */
  created: number
  /** Every UTC day the period touches, oldest first; the first and last are partial. */
  volume: DayVolume[]
  byStatus: Breakdown<TicketStatus>[]
  byPriority: Breakdown<TicketPriority>[]
  firstResponse: FirstResponseStats
  resolution: DurationStats
  csat: CsatStats
  deflections: DeflectionStats
}

interface GroupRow {
  status: TicketStatus | null
  priority: TicketPriority | null
  tickets: number
  share: number
}

const TOP_DEFLECTIONS = 10
const DAY_MS = 86_400_000
/** Most urgent first, as agents read them. */
const PRIORITY_ORDER = [...TICKET_PRIORITIES].reverse()

/** Seconds from one timestamp column to another, for percentile_cont. */
const seconds = (from: string, to: string) => `extract(epoch FROM ${to} - ${from})::float8`
const median = (expression: string) => `percentile_cont(0.5) WITHIN GROUP (ORDER BY ${expression})`
const p90 = (expression: string) => `percentile_cont(0.9) WITHIN GROUP (ORDER BY ${expression})`

/**
 * How the help desk did over [until − days, until]: volume, where tickets stand, how fast
 * they were answered and resolved, what customers thought, and how many tickets the
 * knowledge base prevented. Everything is aggregated in PostgreSQL.
 */
export async function supportReport(days: number, until = new Date()): Promise<SupportReport> {
  const since = new Date(until.getTime() - Math.trunc(days) * DAY_MS)
  const period = { since, until }

  const [summary, volume, breakdown, distribution, top] = await Promise.all([
    replicaOrPrimary().rawQuery(
      `SELECT t.created, t.responded, t.waiting, t."closedUnanswered",
              t."firstResponseMedian", t."firstResponseP90",
              r.resolved, r."resolutionMedian", r."resolutionP90",
              d.deflections,
              d.deflections::float8 / nullif(d.deflections + t.created, 0) AS "deflectionRate",
              c.responses, c.average, c.satisfied
         FROM (SELECT count(*)::int AS created,
                      count(first_response_at)::int AS responded,
                      count(*) FILTER (WHERE first_response_at IS NULL AND is_open)::int AS waiting,
                      count(*) FILTER (WHERE first_response_at IS NULL AND NOT is_open)::int
                        AS "closedUnanswered",
                      ${median(seconds('created_at', 'first_response_at'))} AS "firstResponseMedian",
                      ${p90(seconds('created_at', 'first_response_at'))} AS "firstResponseP90"
                 FROM tickets WHERE created_at BETWEEN :since AND :until) t
        CROSS JOIN (SELECT count(*)::int AS resolved,
                           ${median(seconds('created_at', 'resolved_at'))} AS "resolutionMedian",
                           ${p90(seconds('created_at', 'resolved_at'))} AS "resolutionP90"
                      FROM tickets WHERE resolved_at BETWEEN :since AND :until) r
        CROSS JOIN (SELECT count(*)::int AS deflections
                      FROM ticket_deflections WHERE created_at BETWEEN :since AND :until) d
        CROSS JOIN (SELECT count(*)::int AS responses, avg(rating)::float8 AS average,
                           count(*) FILTER (WHERE rating >= 4)::float8 / nullif(count(*), 0)
                             AS satisfied
                      FROM csat_responses WHERE created_at BETWEEN :since AND :until) c`,
      period
    ),
    replicaOrPrimary().rawQuery(
      `SELECT to_char(d.day, 'YYYY-MM-DD') AS date, coalesce(c.tickets, 0)::int AS tickets
         FROM generate_series((:since::timestamptz AT TIME ZONE 'UTC')::date,
                              (:until::timestamptz AT TIME ZONE 'UTC')::date,
                              interval '1 day') AS d(day)
         LEFT JOIN (SELECT (created_at AT TIME ZONE 'UTC')::date AS day, count(*) AS tickets
                      FROM tickets WHERE created_at BETWEEN :since AND :until
                     GROUP BY 1) c ON c.day = d.day::date
        ORDER BY d.day`,
      period
    ),
    replicaOrPrimary().rawQuery(
      `SELECT status, priority, count(*)::int AS tickets,
              count(*)::float8 / sum(count(*)) OVER (PARTITION BY GROUPING(status)) AS share
         FROM tickets WHERE created_at BETWEEN :since AND :until
        GROUP BY GROUPING SETS ((status), (priority))`,
      period
    ),
    replicaOrPrimary().rawQuery(
      `SELECT r.rating, count(c.ticket_id)::int AS responses,
              count(c.ticket_id)::float8 / nullif(sum(count(c.ticket_id)) OVER (), 0) AS share
         FROM generate_series(1, 5) AS r(rating)
         LEFT JOIN csat_responses c ON c.rating = r.rating AND c.created_at BETWEEN :since AND :until
        GROUP BY r.rating
        ORDER BY r.rating DESC`,
      period
    ),
    replicaOrPrimary().rawQuery(
      `SELECT f.id, f.question, f.published, count(*)::int AS deflections,
              count(*)::float8 / sum(count(*)) OVER () AS share,
              max(d.created_at) AS "lastDeflectedAt"
         FROM ticket_deflections d JOIN faqs f ON f.id = d.faq_id
        WHERE d.created_at BETWEEN :since AND :until
        GROUP BY f.id
        ORDER BY count(*) DESC, max(d.created_at) DESC, f.id
        LIMIT ${TOP_DEFLECTIONS}`,
      period
    ),
  ])

  const totals = summary.rows[0]
  // One row per status and one per priority that occurs (GROUPING SETS); the rest are 0.
  const groups: GroupRow[] = breakdown.rows
  const find = (column: 'status' | 'priority', key: string) =>
    groups.find((row) => row[column] === key)

  return {
    days,
    since,
    until,
    created: totals.created,
    volume: volume.rows,
    byStatus: TICKET_STATUSES.map((key) => ({
      key,
      label: STATUS_LABELS[key],
      tickets: find('status', key)?.tickets ?? 0,
      share: totals.created ? (find('status', key)?.share ?? 0) : null,
    })),
    byPriority: PRIORITY_ORDER.map((key) => ({
      key,
      label: PRIORITY_LABELS[key],
      tickets: find('priority', key)?.tickets ?? 0,
      share: totals.created ? (find('priority', key)?.share ?? 0) : null,
    })),
    firstResponse: {
      measured: totals.responded,
      median: totals.firstResponseMedian,
      p90: totals.firstResponseP90,
      waiting: totals.waiting,
      closedUnanswered: totals.closedUnanswered,
    },
    resolution: {
      measured: totals.resolved,
      median: totals.resolutionMedian,
      p90: totals.resolutionP90,
    },
    csat: {
      responses: totals.responses,
      average: totals.average,
      satisfied: totals.satisfied,
      distribution: distribution.rows,
    },
    deflections: {
      count: totals.deflections,
      rate: totals.deflectionRate,
      top: top.rows,
    },
  }
}
