import { barChart, lineChart } from '#presenters/charts'
import type { TimelineDay } from '#services/growth'

/** The growth timeline as two server-drawn SVG charts; null when the period has no data. */
export function timelineCharts(days: TimelineDay[]) {
  if (!days.some((day) => day.invites > 0 || day.signups > 0)) return null
  const points = (pick: (day: TimelineDay) => number | null) =>
    days.map((day) => ({ x: day.day, y: pick(day) }))
  return {
    volume: barChart({
      title: 'Invites sent and sign-ups per day',
      series: [
        { key: 'invites', label: 'Invites sent', points: points((d) => d.invites) },
        { key: 'signups', label: 'Sign-ups', points: points((d) => d.signups) },
      ],
    }),
    k: lineChart({
      title: 'K-factor of the invites sent each day',
      yFormat: 'number',
      series: [{ key: 'k', label: 'K-factor', points: points((d) => d.k) }],
    }),
  }
}
