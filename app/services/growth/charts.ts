import { barChart, lineChart } from '#services/results/charts'
import { cachedSection } from '#services/growth/cache'
import { timeline, type Filters } from '#services/growth/dashboard'

/** The growth timeline as two server-drawn SVG charts (drawn once per period and data). */
export function timelineCharts(filters: Filters) {
  const key = `timeline-charts:${filters.period.from}:${filters.period.to}:${filters.loop ?? '*'}`
  return cachedSection(key, async () => {
    const days = await timeline(filters)
    const hasData = days.some((day) => day.invites > 0 || day.signups > 0)
    if (!hasData) return null
    return {
      volume: barChart({
        title: 'Invites sent and sign-ups per day',
        series: [
          {
            key: 'invites',
            label: 'Invites sent',
            points: days.map((d) => ({ x: d.day, y: d.invites })),
          },
          {
            key: 'signups',
            label: 'Sign-ups',
            points: days.map((d) => ({ x: d.day, y: d.signups })),
          },
        ],
      }),
      k: lineChart({
        title: 'K-factor of the invites sent each day',
        yFormat: 'number',
        series: [{ key: 'k', label: 'K-factor', points: days.map((d) => ({ x: d.day, y: d.k })) }],
      }),
    }
  })
}
