/**
 * The one-sentence, plain-language recommendation of analyzeExperiment.
 * Deterministic formatting (no locale dependence): "1,240", "20.0%".
 */
import type {
  AnalysisMethod,
  AnalysisStatus,
  ComparisonResult,
  ConfidenceInterval,
  MetricType,
  ResolvedSettings,
  SampleSizeStatus,
  SrmCheck,
  VariantResult,
} from './analyze_types.js'

/** 1240 → "1,240" */
export function formatCount(n: number): string {
  return Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

/** 0.2 → "20.0%" (never "-0.0%"). */
export function formatPercent(x: number, signed = false): string {
  const text = (x * 100).toFixed(1)
  const clean = text === '-0.0' ? '0.0' : text
  return `${signed && !clean.startsWith('-') ? '+' : ''}${clean}%`
}

/** Percentage points for absolute differences of rates: 0.012 → "1.2". */
function formatPoints(x: number): string {
  const text = (x * 100).toFixed(1)
  return text === '-0.0' ? '0.0' : text
}

/** Plain number with three significant digits for absolute differences of means. */
function formatNumber(x: number): string {
  if (x === 0) return '0'
  return Number(x.toPrecision(3)).toString()
}

/** Probabilities near certainty are not rounded to "100.0%". */
export function formatChance(p: number): string {
  if (p >= 0.9995) return 'over 99.9%'
  if (p < 0.0005) return 'under 0.1%'
  return formatPercent(p)
}

/** "p = 0.0123", or "p < 0.0001". */
export function formatPValue(p: number): string {
  return p < 0.0001 ? 'p < 0.0001' : `p = ${p.toFixed(4)}`
}

function levelText(level: number): string {
  return `${Number((level * 100).toFixed(1))}%`
}

function intervalName(method: AnalysisMethod): string {
  if (method === 'bayesian') return 'credible interval'
  if (method === 'sequential') return 'always-valid CI'
  return 'CI'
}

export interface LiftDescription {
  /** e.g. "converts 20.0% better than control" */
  phrase: string
  /** e.g. "95% CI 4.1% to 35.9%" (empty when no interval) */
  interval: string
}

/**
 * Describes a comparison in words, preferring the relative lift and falling
 * back to the absolute difference when the control rate/mean is zero.
 */
export function describeLift(
  comparison: ComparisonResult,
  metricType: MetricType,
  method: AnalysisMethod,
  higherIsBetter: boolean
): LiftDescription | null {
  const relative = comparison.relativeLift
  const absolute = comparison.absoluteLift
  const name = intervalName(method)
  const formatCi = (ci: ConfidenceInterval | null, format: (x: number) => string, unit = '') =>
    ci === null
      ? ''
      : `${levelText(ci.level)} ${name} ${format(ci.lower)}${unit} to ${format(ci.upper)}${unit}`

  if (relative !== null) {
    const size = formatPercent(Math.abs(relative))
    const up = relative >= 0
    let phrase: string
    if (metricType === 'binomial') {
      phrase = higherIsBetter
        ? `converts ${size} ${up ? 'better' : 'worse'} than control`
        : `has a ${size} ${up ? 'higher' : 'lower'} conversion rate than control`
    } else {
      phrase = `has a ${size} ${up ? 'higher' : 'lower'} mean than control`
    }
    return { phrase, interval: formatCi(comparison.relativeLiftCi, (x) => formatPercent(x)) }
  }
  if (absolute !== null) {
    const up = absolute >= 0
    if (metricType === 'binomial') {
      return {
        phrase: `converts ${formatPoints(Math.abs(absolute))} percentage points ${up ? 'more' : 'less'} than control`,
        interval: formatCi(comparison.absoluteLiftCi, formatPoints, ' points'),
      }
    }
    return {
      phrase: `has a mean ${formatNumber(Math.abs(absolute))} ${up ? 'higher' : 'lower'} than control`,
      interval: formatCi(comparison.absoluteLiftCi, formatNumber),
    }
  }
  return null
}

/** "(95% CI 4.1% to 35.9%)" plus the chance to beat control for Bayesian results. */
export function parenthetical(description: LiftDescription, comparison: ComparisonResult): string {
  const parts = [description.interval]
  if (comparison.chanceToBeatControl !== null) {
    parts.push(`${formatChance(comparison.chanceToBeatControl)} chance to beat control`)
  }
  const text = parts.filter((p) => p.length > 0).join(', ')
  return text.length > 0 ? ` (${text})` : ''
}

/** Lift in the good direction, for ranking variants (relative, else absolute). */
export function liftScore(c: ComparisonResult, higherIsBetter: boolean): number {
  const lift = c.relativeLift ?? c.absoluteLift ?? 0
  return higherIsBetter ? lift : -lift
}

/** The recommendation sentence for a status. */
export function recommend(
  status: AnalysisStatus,
  results: VariantResult[],
  context: {
    metricType: MetricType
    settings: ResolvedSettings
    srm: SrmCheck
    sampleSize: SampleSizeStatus
    problem: string | null
    winnerKey: string | null
  }
): string {
  const { metricType, settings, srm, sampleSize } = context
  const { method, higherIsBetter } = settings
  const treatments = results.filter((r) => !r.isControl && r.comparison !== null)
  const sentence = (r: VariantResult, ending: string) => {
    const c = r.comparison as ComparisonResult
    const description = describeLift(c, metricType, method, higherIsBetter)
    if (description === null) return `${r.name} differs from control; ${ending}.`
    return `${r.name} ${description.phrase}${parenthetical(description, c)}; ${ending}.`
  }

  switch (status) {
    case 'invalid':
      return `Cannot analyze this metric: ${context.problem}.`
    case 'no_data':
      return 'No data yet: no subjects have been exposed to this experiment.'
    case 'srm':
      return `Sample ratio mismatch detected (${formatPValue(srm.pValue ?? 0)}): traffic does not match the configured split, so do not trust these results until the assignment is fixed.`
    case 'collecting': {
      if (sampleSize.totalN < sampleSize.minimumSampleSize) {
        return `Not enough data yet: ${formatCount(sampleSize.totalN)} of ${formatCount(sampleSize.minimumSampleSize)} subjects.`
      }
      const short = results.find(
        (r) => r.n < (metricType === 'continuous' ? 2 : 1)
      ) as VariantResult
      const who = short.isControl ? 'the control' : short.name
      return short.n === 0
        ? `Not enough data yet: ${who} has no subjects.`
        : `Not enough data yet: ${who} has only one subject.`
    }
    case 'winner': {
      const winner = results.find((r) => r.key === context.winnerKey) as VariantResult
      return sentence(winner, 'ship it')
    }
    case 'loser': {
      const best = [...treatments].sort(
        (a, b) =>
          liftScore(b.comparison!, higherIsBetter) - liftScore(a.comparison!, higherIsBetter)
      )[0]
      if (treatments.length === 1) return sentence(best, 'keep control')
      const description = describeLift(best.comparison!, metricType, method, higherIsBetter)
      const detail = description ? ` (the best, ${best.name}, ${description.phrase})` : ''
      return `Every variant performs significantly worse than control${detail}; keep control.`
    }
    case 'inconclusive': {
      const ending =
        method === 'sequential'
          ? 'keep collecting data or stop and keep control'
          : sampleSize.minimumSampleSize > 0
            ? 'keep control'
            : 'keep collecting data'
      const best = [...treatments].sort(
        (a, b) =>
          liftScore(b.comparison!, higherIsBetter) - liftScore(a.comparison!, higherIsBetter)
      )[0]
      const description = best
        ? describeLift(best.comparison!, metricType, method, higherIsBetter)
        : null
      if (!best || description === null) return `No significant difference from control; ${ending}.`
      const details = parenthetical(description, best.comparison!)
      return `No significant difference from control yet: ${best.name} ${description.phrase}${details}; ${ending}.`
    }
  }
}
