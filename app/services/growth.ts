/**
 * Growth: referral links and their funnel (sent, clicked, signed up, first value),
 * growth subjects, the K-factor dashboard's figures and their cache, and K-factor per
 * experiment variant. Tables: referral_links, growth_subjects, and the rollups
 * referral_daily, referral_referrers, referral_referrer_days, referral_active_spans,
 * referral_cycle_hours, growth_cohort_days.
 */
export {
  createLink,
  findLink,
  recordClick,
  recordFirstValue,
  recordSignup,
  registerSubject,
  type LinkRow,
  type WriteStatus,
} from '#services/growth/tracking'
export { followLink, landingUrl } from '#services/growth/redirects'
export { allowedReferralHosts, isAllowedDestination } from '#services/growth/destinations'
export {
  cohorts as dashboardCohorts,
  funnels as dashboardFunnels,
  knownLoops,
  loops as dashboardLoops,
  summary as dashboardSummary,
  timeline as dashboardTimeline,
  topReferrers,
  type Filters,
  type TimelineDay,
} from '#services/growth/dashboard'
export {
  calendarDay,
  daysBetween,
  DEFAULT_PERIOD,
  MAX_PERIOD_DAYS,
  PRESET_PERIODS,
  resolvePeriod,
} from '#services/growth/periods'
export {
  experimentKFactor,
  K_FACTOR_METRIC,
  namesKFactor,
  type ExperimentK,
} from '#services/growth/experiment_k_factor'
export { cachedSection, growthNotified, PG_GROWTH_CHANNEL } from '#services/growth/cache'
