import { barChart } from '#presenters/charts'
import type { SupportReport } from '#services/support'

/** Tickets created per UTC day as an inline SVG bar chart. */
export function volumeChart(report: SupportReport): string {
  return barChart({
    title: `Tickets created per day (UTC), last ${report.days} days`,
    series: [
      {
        key: 'tickets',
        label: 'Tickets created per day',
        points: report.volume.map((day) => ({ x: day.date, y: day.tickets })),
      },
    ],
    height: 220,
  })
}
