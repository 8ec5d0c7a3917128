/**
 * Health checks of an experiment's results, shown beside the verdicts: reasons not to
 * trust them yet, each with a label, a definition and a state. They never change a
 * verdict themselves, except "minimum data": below it the page says "not enough data"
 * instead of a verdict, and no alert is sent.
 */
import type { ExperimentAnalysis } from './analyze_types.js'
import { welchTTest } from './means.js'
import { formatCount, formatPercent, formatPValue } from './recommendation.js'
import { isStatsError } from './types.js'

export type HealthState = 'ok' | 'warning' | 'not_applicable'
export type HealthCheckKey =
  'srm' | 'multiple_exposures' | 'pre_exposure_bias' | 'suspicious_uplift' | 'minimum_data'

export interface HealthCheck {
  key: HealthCheckKey
  label: string
  definition: string
  state: HealthState
  /** What was measured, in one sentence. */
  detail: string
}

/** Pre-period sums of a metric's covariate for one variant (Σx and Σx² before exposure). */
export interface PreExposureVariant {
  key: string
  isControl: boolean
  n: number
  sum: number
  sumSquares: number
}

export interface HealthThresholds {
  /** Share of subjects seen in more than one variant that calls for a look. Default 1 %. */
  multipleExposureShare?: number
  /** |relative lift| beyond which a result is suspicious. Default 50 %. */
  suspiciousLift?: number
  /** p-value below which pre-period means differ between variants. Default 0.001 (as SRM). */
  preExposureAlpha?: number
}

export interface HealthInput {
  /** The primary metric's analysis: SRM and the minimum sample. */
  primary: ExperimentAnalysis
  /** Every metric analysed, by name (suspicious uplift). */
  metrics: { name: string; analysis: ExperimentAnalysis }[]
  /** Exposed subjects, and how many of them were also seen in another variant. */
  exposures: { subjects: number; inOtherVariants: number }
  /** Metrics with a pre-exposure covariate; empty when none has one. */
  preExposure: { name: string; variants: PreExposureVariant[] }[]
  /** Days since the experiment started, and the minimum before a verdict. */
  age: { days: number; minimumDays: number }
  thresholds?: HealthThresholds
}

export interface HealthReport {
  checks: HealthCheck[]
  /** The minimum sample and age are reached: verdicts and alerts may be given. */
  enoughData: boolean
}

const DEFINITIONS: Record<HealthCheckKey, { label: string; definition: string }> = {
  srm: {
    label: 'Sample ratio mismatch',
    definition:
      'Whether the split of subjects between variants matches the configured weights (χ² test, p below the threshold means it does not).',
  },
  multiple_exposures: {
    label: 'Multiple exposures',
    definition:
      'Subjects seen in more than one variant (an event sent for another variant than theirs). They blur the difference between variants.',
  },
  pre_exposure_bias: {
    label: 'Pre-exposure bias',
    definition:
      'Whether the variants already differed before exposure on a metric’s pre-period covariate (Welch t test); if they did, assignment is not random.',
  },
  suspicious_uplift: {
    label: 'Suspicious uplift',
    definition:
      'A relative lift so large that a tracking bug is a likelier explanation than the change itself; review before trusting it.',
  },
  minimum_data: {
    label: 'Minimum data',
    definition:
      'The experiment has its minimum sample size and has run its minimum number of days; before that no verdict is given and no alert sent.',
  },
}

function check(key: HealthCheckKey, state: HealthState, detail: string): HealthCheck {
  return { key, ...DEFINITIONS[key], state, detail }
}

function srmCheck(primary: ExperimentAnalysis): HealthCheck {
  const { srm } = primary
  if (srm.pValue === null) return check('srm', 'not_applicable', 'No subjects to compare yet.')
  const p = formatPValue(srm.pValue)
  return srm.detected
    ? check(
        'srm',
        'warning',
        `The split differs from the weights (${p}, threshold ${srm.threshold}).`
      )
    : check('srm', 'ok', `The split matches the weights (${p}).`)
}

function multipleExposuresCheck(input: HealthInput, limit: number): HealthCheck {
  const { subjects, inOtherVariants } = input.exposures
  if (subjects === 0) return check('multiple_exposures', 'not_applicable', 'No subjects yet.')
  const share = inOtherVariants / subjects
  const detail = `${formatCount(inOtherVariants)} of ${formatCount(subjects)} subjects (${formatPercent(share)}) seen in another variant`
  return share >= limit
    ? check('multiple_exposures', 'warning', `${detail}: at least ${formatPercent(limit)}.`)
    : check('multiple_exposures', 'ok', `${detail}.`)
}

/** Welch t test of each variant's pre-period mean against the control's; the smallest p. */
function preExposureP(variants: PreExposureVariant[]): number | null {
  const moments = (v: PreExposureVariant) => {
    const mean = v.sum / v.n
    return { mean, sd: Math.sqrt(Math.max(0, (v.sumSquares - v.n * mean * mean) / (v.n - 1))) }
  }
  const control = variants.find((v) => v.isControl)
  if (!control || control.n < 2) return null
  const a = moments(control)
  const pValues = variants
    .filter((v) => !v.isControl && v.n >= 2)
    .map((v) => {
      const b = moments(v)
      const test = welchTTest({
        meanA: a.mean,
        sdA: a.sd,
        nA: control.n,
        meanB: b.mean,
        sdB: b.sd,
        nB: v.n,
      })
      return isStatsError(test) ? null : test.pValue
    })
    .filter((p): p is number => p !== null)
  return pValues.length ? Math.min(...pValues) : null
}

function preExposureCheck(input: HealthInput, alpha: number): HealthCheck {
  const tested = input.preExposure
    .map((metric) => ({ name: metric.name, p: preExposureP(metric.variants) }))
    .filter((m): m is { name: string; p: number } => m.p !== null)
  if (tested.length === 0)
    return check(
      'pre_exposure_bias',
      'not_applicable',
      'No metric has pre-exposure data (a CUPED covariate).'
    )
  const biased = tested.filter((m) => m.p < alpha)
  return biased.length
    ? check(
        'pre_exposure_bias',
        'warning',
        `The variants differed before exposure on ${biased.map((m) => m.name).join(', ')} (p < ${alpha}).`
      )
    : check(
        'pre_exposure_bias',
        'ok',
        `No difference before exposure on ${tested.map((m) => m.name).join(', ')}.`
      )
}

function suspiciousUpliftCheck(input: HealthInput, limit: number): HealthCheck {
  const lifts = input.metrics.flatMap((m) =>
    m.analysis.variants.flatMap((v) =>
      typeof v.comparison?.relativeLift === 'number'
        ? [{ label: `${v.name} on ${m.name}`, lift: v.comparison.relativeLift }]
        : []
    )
  )
  if (lifts.length === 0)
    return check('suspicious_uplift', 'not_applicable', 'No lift can be computed yet.')
  const suspicious = lifts.filter((l) => Math.abs(l.lift) > limit)
  const list = (items: typeof lifts) =>
    items.map((l) => `${l.label} ${formatPercent(l.lift, true)}`).join(', ')
  return suspicious.length
    ? check(
        'suspicious_uplift',
        'warning',
        `Beyond ±${formatPercent(limit)}: ${list(suspicious)}. Check the tracking before trusting it.`
      )
    : check('suspicious_uplift', 'ok', `Every lift is within ±${formatPercent(limit)}.`)
}

function minimumDataCheck(input: HealthInput): { check: HealthCheck; enough: boolean } {
  const { sampleSize } = input.primary
  const { days, minimumDays } = input.age
  const enough = sampleSize.reached && days >= minimumDays
  const subjects = `${formatCount(sampleSize.totalN)} of ${formatCount(sampleSize.minimumSampleSize)} subjects`
  // Without a minimum age, the age is not worth a mention.
  const age =
    minimumDays > 0 ? `, ${formatCount(Math.floor(days))} of ${formatCount(minimumDays)} days` : ''
  return {
    enough,
    check: check(
      'minimum_data',
      enough ? 'ok' : 'warning',
      enough ? `Reached: ${subjects}${age}.` : `Not enough data yet: ${subjects}${age}.`
    ),
  }
}

/** Every health check of an experiment's results, in the order the page lists them. */
export function healthChecks(input: HealthInput): HealthReport {
  const thresholds = input.thresholds ?? {}
  const minimum = minimumDataCheck(input)
  return {
    checks: [
      srmCheck(input.primary),
      multipleExposuresCheck(input, thresholds.multipleExposureShare ?? 0.01),
      preExposureCheck(input, thresholds.preExposureAlpha ?? 0.001),
      suspiciousUpliftCheck(input, thresholds.suspiciousLift ?? 0.5),
      minimum.check,
    ],
    enoughData: minimum.enough,
  }
}
