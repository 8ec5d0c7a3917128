/**
 * Statistics library entry point (imported by the app as `#stats/index`).
 * Pure functions over plain numbers; see app/stats/README.md.
 */
export * from './types.js'
export {
  normalPdf,
  normalSf,
  normalCdf,
  normalInv,
  normalIsf,
  studentTPdf,
  studentTSf,
  studentTCdf,
  studentTInv,
  studentTIsf,
  chiSquareSf,
  betaLogPdf,
  betaPdf,
  betaCdf,
  betaSf,
  betaInv,
  betaIsf,
  betaln,
  noncentralTCdf,
} from './distributions.js'
export { erfc, lgamma, incompleteBeta, upperIncompleteGamma } from './special_functions.js'
export * from './proportions.js'
export * from './chi_square.js'
export * from './means.js'
export * from './bayesian.js'
export * from './power.js'
export * from './srm.js'
export * from './multiple_comparisons.js'
export * from './sequential.js'
export * from './growth.js'
export { effectTTest, type EffectMoments, type EffectTTestResult } from './effect_moments.js'
export * from './cuped.js'
export * from './ratio_metric.js'
export * from './gaussian_bayesian.js'
export * from './quantile_metric.js'
export * from './power_means.js'
export * from './bandits.js'
export * from './relative_lift_test.js'
export * from './sufficient.js'
export { probabilityBest } from './integration.js'
export {
  betaDistribution,
  normalDistribution,
  type PosteriorDistribution,
} from './posterior_distributions.js'
export { differenceCredibleInterval, relativeLiftCredibleInterval } from './lift_intervals.js'
export { fiellerRelativeInterval } from './fieller.js'
export * from './analyze_types.js'
export { analyzeExperiment } from './analyze.js'
export { formatCount, formatPercent } from './recommendation.js'
export {
  analyzeMetricFamily,
  type CorrectionScope,
  type FamilyMember,
} from './correction_family.js'
export * from './health_checks.js'
export * from './deflection.js'
