/**
 * What each partial of the K-factor dashboard needs. The page renders every section; each
 * section's partial re-renders alone on its 60 s refresh or a live message.
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

export function sectionState(name: SectionName, filters: Filters) {
  return SECTIONS[name](filters)
}

/** Every section, for the full page and for a change of filters. */
export async function dashboardState(filters: Filters) {
  const [states, loopKeys] = await Promise.all([
    Promise.all(SECTION_NAMES.map((name) => SECTIONS[name](filters))),
    knownLoops(),
  ])
  return Object.assign({ loopKeys }, ...states) as { loopKeys: string[] } & Awaited<
    ReturnType<(typeof SECTIONS)[SectionName]>
  >
}
