/**
 * Input and output shapes of analyzeExperiment: the contract with the results
 * pipeline, the dashboard, the JSON API and the recompute command. Every
 * number in an output is finite; a statistic that is undefined for the data
 * is null and the matching `reason` says why.
 */

export type AnalysisMethod = 'frequentist' | 'bayesian' | 'sequential'
export type CorrectionMethod = 'holm' | 'bh' | 'none'
export type MetricType = 'binomial' | 'continuous'

/** Sufficient statistics of a conversion (0/1) metric for one variant. */
export interface BinomialVariantInput {
  key: string
  /** Display name; defaults to "Variant <key>". */
  name?: string
  isControl: boolean
  /** Subjects exposed. */
  n: number
  /** Subjects who converted (0 ≤ conversions ≤ n). */
  conversions: number
}

/** Sufficient statistics of a continuous metric (e.g. revenue per user) for one variant. */
export interface ContinuousVariantInput {
  key: string
  name?: string
  isControl: boolean
  n: number
  /** Σ x over subjects. */
  sum: number
  /** Σ x² over subjects. */
  sumSquares: number
}

/**
 * CUPED (§14): the same metric over the pre-exposure lookback as the covariate, on a
 * binomial or continuous input (Σx, Σx² and Σxy over the same subjects).
 */
export interface Covariate {
  preSum: number
  preSumSquares: number
  sumProduct: number
}

/** Ratio metric (§15): per-subject numerator and denominator sums, squares and cross-products. */
export interface RatioVariantInput {
  key: string
  name?: string
  isControl: boolean
  n: number
  numSum: number
  numSumSquares: number
  denSum: number
  denSumSquares: number
  numDenSumProduct: number
}

/** Quantile metric (§17): the sample ν-quantile and its order-statistic bounds at n*. */
export interface QuantileVariantInput {
  key: string
  name?: string
  isControl: boolean
  n: number
  nStar: number
  nu: number
  quantileHat: number
  quantileLower: number
  quantileUpper: number
}

export type VariantInput =
  | ((BinomialVariantInput | ContinuousVariantInput) & { covariate?: Covariate })
  | RatioVariantInput
  | QuantileVariantInput

/** How a metric's comparisons are computed: plain, or on §13 effect moments. */
export type MetricModel = 'plain' | 'cuped' | 'ratio' | 'quantile'

export interface AnalysisSettings {
  method: AnalysisMethod
  /** Two-sided significance level; intervals are at 1 − alpha. Default 0.05. */
  alpha?: number
  /** Power used for the minimum detectable effect at the current sample size. Default 0.8. */
  power?: number
  /**
   * Subjects required in the whole experiment (all variants together) before
   * a decision, e.g. `totalClassic` of sampleSizeTwoProportions for two
   * variants, or nClassicCeil × k for k. Default 0 (no minimum; every variant
   * still needs at least one subject, two for continuous metrics).
   */
  minimumSampleSize?: number
  /** Multiple-comparison correction across the variant-vs-control p-values. Default 'holm'. */
  correction?: CorrectionMethod
  /**
   * mSPRT mixing variance τ² on the scale of the absolute difference squared
   * (sequential method). Default 0.0004 for binomial metrics; for continuous
   * metrics, when absent, GrowthBook's scale-free asymptotic confidence
   * sequence (N* = 5000) is used instead.
   */
  tau2?: number | null
  /** SRM p-value threshold. Default 0.001. */
  srmThreshold?: number
  /** False for metrics where lower is better (e.g. churn). Default true. */
  higherIsBetter?: boolean
}

export interface AnalyzeExperimentInput {
  /** Inferred from the variant fields when absent. */
  metricType?: MetricType
  variants: VariantInput[]
  /** Expected traffic weights: an array in variant order, or keyed by variant key. Any positive scale. */
  weights: number[] | Record<string, number>
  settings: AnalysisSettings
  /**
   * Raw p-values of the other comparisons in this metric's correction family (the other
   * primary and secondary metrics when the correction spans metrics; see
   * analyzeMetricFamily). The correction runs over this metric's comparisons and these
   * together. Default none: the family is this metric's variants.
   */
  familyPValues?: number[]
}

/** Interval with its level (e.g. 0.95). */
export interface ConfidenceInterval {
  lower: number
  upper: number
  level: number
}

export interface VariantEstimate {
  /** Conversion rate or mean; null without subjects. */
  value: number | null
  /**
   * Interval for the rate or mean: Wilson (frequentist/sequential binomial),
   * Beta credible interval (Bayesian binomial), Student t (frequentist or
   * sequential continuous), Gaussian posterior (Bayesian continuous).
   */
  ci: ConfidenceInterval | null
  /** Sample standard deviation (continuous metrics), else null. */
  sd: number | null
}

export interface MinimumDetectableEffect {
  /** Smallest true difference detected with `power` at `alpha` at the current sample size. */
  absolute: number | null
  relative: number | null
}

export type Direction = 'better' | 'worse' | 'none'

export interface ComparisonResult {
  /** variant − control, on the metric's scale. */
  absoluteLift: number | null
  absoluteLiftCi: ConfidenceInterval | null
  /** (variant − control)/|control| */
  relativeLift: number | null
  relativeLiftCi: ConfidenceInterval | null
  /** Frequentist (z or Welch t) or always-valid sequential p-value; null for Bayesian. */
  pValue: number | null
  /** After the correction (equal to pValue with 'none'); null for Bayesian. */
  adjustedPValue: number | null
  /** Bayesian: P(variant beats control) in the metric's good direction. */
  chanceToBeatControl: number | null
  /** Bayesian: expected shortfall if this variant is shipped and control is better. */
  expectedLoss: number | null
  /** Bayesian: expected shortfall if control is kept and this variant is better. */
  controlExpectedLoss: number | null
  minimumDetectableEffect: MinimumDetectableEffect
  /** Significant after correction (frequentist/sequential) or beyond the 1 − alpha chance (Bayesian). */
  significant: boolean
  /** Significant and in which direction, relative to higherIsBetter. */
  direction: Direction
  /** CUPED: 1 − SE²/SE²_unadjusted of the difference; null otherwise. */
  varianceReduction: number | null
  /** Why statistics are null (e.g. 'no_subjects', 'zero_variance', 'control_rate_zero'), else null. */
  reason: string | null
}

export interface VariantResult {
  key: string
  name: string
  isControl: boolean
  n: number
  /** Binomial metrics only. */
  conversions: number | null
  estimate: VariantEstimate
  /** Bayesian only: P(this variant is the best of all). */
  probabilityBest: number | null
  /** Null for the control. */
  comparison: ComparisonResult | null
}

export interface SrmCheck {
  statistic: number | null
  pValue: number | null
  threshold: number
  detected: boolean
  /** Subjects expected per variant from the weights. */
  expectedCounts: number[] | null
  reason: string | null
}

export interface SampleSizeStatus {
  /** Required subjects in total (the setting). */
  minimumSampleSize: number
  /** Subjects so far, all variants together. */
  totalN: number
  /** Subjects in the smallest variant. */
  smallestVariantN: number
  /** totalN ≥ minimumSampleSize and every variant has data. */
  reached: boolean
  /** totalN / minimumSampleSize, capped at 1 (1 when no minimum and reached). */
  progress: number
}

export interface OmnibusTest {
  /** Chi-square test of independence across all variants (binomial, 3+ variants). */
  statistic: number
  dof: number
  pValue: number
}

export type AnalysisStatus =
  | 'invalid' // the input cannot be analyzed (see recommendation)
  | 'no_data' // no subjects at all
  | 'srm' // sample ratio mismatch: results not trustworthy
  | 'collecting' // minimum sample size not reached
  | 'winner' // a variant is significantly better
  | 'loser' // every variant is significantly worse than control
  | 'inconclusive' // enough data, no significant difference

export interface ResolvedSettings {
  method: AnalysisMethod
  alpha: number
  power: number
  minimumSampleSize: number
  correction: CorrectionMethod
  /** Comparisons the correction ran over (this metric's and familyPValues); 0 when none applies. */
  correctionFamilySize: number
  /** τ² actually used by the sequential method, null when not applicable. */
  tau2: number | null
  srmThreshold: number
  higherIsBetter: boolean
}

export interface ExperimentAnalysis {
  metricType: MetricType
  /** Ratio and quantile metrics are continuous; CUPED adjusts either type. */
  model: MetricModel
  settings: ResolvedSettings
  controlKey: string | null
  /** Input order; the control has comparison = null. */
  variants: VariantResult[]
  omnibus: OmnibusTest | null
  srm: SrmCheck
  sampleSize: SampleSizeStatus
  /** Only when significant, sample size reached and no SRM. */
  winner: { key: string; name: string } | null
  status: AnalysisStatus
  /** One plain-language sentence for the dashboard. */
  recommendation: string
  /** Non-fatal issues (e.g. invalid weights, a variant without subjects). */
  warnings: string[]
}
