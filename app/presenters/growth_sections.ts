/**
 * The sections of the K-factor dashboard: what each partial needs, and its rendered HTML.
 * A section looks the same to every admin for the same filters and data, so its HTML is
 * rendered once (cachedSection) and refreshed when referral data changes; the page and
 * each section's own refresh (every 60 s, or on a live message) serve that HTML.
 */
import edge from 'edge.js'
import {
  cachedSection,
  dashboardCohorts,
  dashboardFunnels,
  dashboardLoops,
  dashboardSummary,
  dashboardTimeline,
  knownLoops,
  topReferrers,
  type Filters,
} from '#services/growth'
import { timelineCharts } from '#presenters/growth_charts'
import { filtersQuery } from '#validators/growth_filters'

export const SECTIONS = {
  summary: async (filters: Filters) => ({ summary: await dashboardSummary(filters) }),
  loops: async (filters: Filters) => ({ loopStats: await dashboardLoops(filters) }),
  referrers: async (filters: Filters) => ({ referrers: await topReferrers(filters) }),
  timeline: async (filters: Filters) => {
    const days = await dashboardTimeline(filters)
    return { timeline: days, charts: timelineCharts(days) }
  },
  cohorts: async (filters: Filters) => ({ cohorts: await dashboardCohorts(filters) }),
  funnel: async (filters: Filters) => ({ funnel: await dashboardFunnels(filters) }),
  // The filter form's loop choices: live too, so a new loop appears without a reload.
  loop_filter: async () => ({ loopKeys: await knownLoops() }),
}

export type SectionName = keyof typeof SECTIONS
export const SECTION_NAMES = Object.keys(SECTIONS) as SectionName[]

/**
 * One section's HTML: partials/growth/<name> for these filters, rendered without a request
 * (the partials use nothing of it), so a refresh can render it again later.
 */
export function sectionHtml(name: SectionName, filters: Filters) {
  const key = `${name}:${filters.period.from}:${filters.period.to}:${filters.loop ?? '*'}`
  return cachedSection(key, async () =>
    edge.render(`partials/growth/${name}`, {
      ...(await SECTIONS[name](filters)),
      filters,
      query: filtersQuery(filters),
    })
  )
}

/** Every section's HTML, the filter form's loop choices included (the page and the filter form). */
export async function dashboardSections(filters: Filters) {
  const html = await Promise.all(SECTION_NAMES.map((name) => sectionHtml(name, filters)))
  return { sections: Object.fromEntries(SECTION_NAMES.map((name, i) => [name, html[i]])) }
}
