/**
 * The sections of the K-factor dashboard: what each partial needs, and its rendered HTML.
 * A section looks the same to every admin for the same filters and data, so its HTML is
 * rendered once and kept with the data (cachedSection) until referral data changes; the
 * page and each section's own refresh (every 60 s, or on a live message) serve that HTML.
 */
import {
  cohorts,
  funnels,
  knownLoops,
  loops,
  summary,
  topReferrers,
  timeline,
  type Filters,
} from '#services/growth/dashboard'
import { timelineCharts } from '#services/growth/charts'
import { cachedSection } from '#services/growth/cache'
import { filtersQuery } from '#services/growth/filters'

export const SECTIONS = {
  summary: async (filters: Filters) => ({ summary: await summary(filters) }),
  loops: async (filters: Filters) => ({ loopStats: await loops(filters) }),
  referrers: async (filters: Filters) => ({ referrers: await topReferrers(filters) }),
  timeline: async (filters: Filters) => {
    const [days, charts] = await Promise.all([timeline(filters), timelineCharts(filters)])
    return { timeline: days, charts }
  },
  cohorts: async (filters: Filters) => ({ cohorts: await cohorts(filters) }),
  funnel: async (filters: Filters) => ({ funnel: await funnels(filters) }),
}

export type SectionName = keyof typeof SECTIONS
export const SECTION_NAMES = Object.keys(SECTIONS) as SectionName[]

/** Renders a template with its state (the controller's view.render). */
export type Render = (template: string, state: Record<string, unknown>) => Promise<string>

/** One section's HTML: partials/growth/<name> for these filters. */
export function sectionHtml(name: SectionName, filters: Filters, render: Render) {
  const key = `html:${name}:${filters.period.from}:${filters.period.to}:${filters.loop ?? '*'}`
  return cachedSection(key, async () =>
    render(`partials/growth/${name}`, {
      ...(await SECTIONS[name](filters)),
      filters,
      query: filtersQuery(filters),
    })
  )
}

/** Every section's HTML and the loops for the filter form (the page and the filter form). */
export async function dashboardSections(filters: Filters, render: Render) {
  const [html, loopKeys] = await Promise.all([
    Promise.all(SECTION_NAMES.map((name) => sectionHtml(name, filters, render))),
    knownLoops(),
  ])
  return {
    sections: Object.fromEntries(SECTION_NAMES.map((name, i) => [name, html[i]])),
    loopKeys,
  }
}
