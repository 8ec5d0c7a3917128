/**
 * CSV exports of the dashboard's tables: the same sections as the page (same cache), one
 * file per table. Rates are fractions, times are seconds, empty cells mean "no data".
 */
import { line } from '#presenters/results_csv'
import {
  dashboardCohorts,
  dashboardFunnels,
  dashboardLoops,
  dashboardTimeline,
  topReferrers,
  type Filters,
} from '#services/growth'

export const CSV_TABLES = [
  'loops',
  'efficiency',
  'referrers',
  'timeline',
  'cohorts',
  'funnel',
] as const
export type CsvTable = (typeof CSV_TABLES)[number]

const csv = (header: string[], rows: unknown[][]) =>
  [line(header), ...rows.map(line)].join('\r\n') + '\r\n'

export async function growthCsv(table: CsvTable, filters: Filters): Promise<string> {
  switch (table) {
    case 'loops': {
      const { rows } = await dashboardLoops(filters)
      return csv(
        [
          'loop',
          'invites',
          'conversions',
          'active_referrers',
          'invites_per_active_referrer',
          'conversion_rate',
          'k_factor',
          'status',
        ],
        rows.map((row) => [
          row.loop,
          row.figures.invites,
          row.figures.conversions,
          row.figures.activeReferrers,
          row.figures.invitesPerReferrer,
          row.figures.conversionRate,
          row.figures.k,
          row.band?.key,
        ])
      )
    }
    case 'efficiency': {
      const { rows } = await dashboardLoops(filters)
      return csv(
        [
          'loop',
          'k_factor',
          'conversion_rate',
          'efficiency',
          'conversions_per_active_user',
          'recommendation',
        ],
        rows.map((row) => [
          row.loop,
          row.figures.k,
          row.figures.conversionRate,
          row.efficiency,
          row.conversionsPerActiveUser,
          row.recommendation,
        ])
      )
    }
    case 'referrers': {
      const rows = await topReferrers(filters)
      return csv(
        ['rank', 'referrer_id', 'invites', 'conversions', 'conversion_rate'],
        rows.map((row, i) => [
          i + 1,
          row.referrerId,
          row.invites,
          row.conversions,
          row.conversionRate,
        ])
      )
    }
    case 'timeline': {
      const days = await dashboardTimeline(filters)
      return csv(
        [
          'day',
          'invites_sent',
          'signups',
          'conversions_of_invites_sent',
          'active_referrers',
          'k_factor',
        ],
        days.map((day) => [
          day.day,
          day.invites,
          day.signups,
          day.conversions,
          day.activeReferrers,
          day.k,
        ])
      )
    }
    case 'cohorts': {
      const rows = await dashboardCohorts(filters)
      return csv(
        ['week_start', 'cohort_size', 'invites', 'conversions', 'k_factor', 'conversion_rate'],
        rows.map((row) => [
          row.week,
          row.size,
          row.invites,
          row.conversions,
          row.k,
          row.conversionRate,
        ])
      )
    }
    case 'funnel': {
      const { overall, loops: perLoop } = await dashboardFunnels(filters)
      return csv(
        ['loop', 'stage', 'count', 'rate_from_previous_stage', 'rate_from_sent'],
        [overall, ...perLoop].flatMap((funnel) =>
          funnel.stages.map((stage) => [
            funnel.loop === '*' ? 'all' : funnel.loop,
            stage.key,
            stage.count,
            stage.fromPrevious,
            stage.fromSent,
          ])
        )
      )
    }
  }
}
