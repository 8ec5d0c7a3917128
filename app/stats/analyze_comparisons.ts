/**
 * Variant-vs-control statistics of analyzeExperiment, one function per
 * method, plus the per-variant estimates and the significance decision.
 */
import type {
  ComparisonResult,
  MetricType,
  ResolvedSettings,
  VariantEstimate,
} from './analyze_types.js'
import { bayesianBetaBinomial, betaCredibleInterval } from './bayesian.js'
import {
  normalCdf,
  normalInv,
  normalIsf,
  normalPdf,
  normalSf,
  studentTIsf,
} from './distributions.js'
import { differenceCredibleInterval, relativeLiftCredibleInterval } from './lift_intervals.js'
import { welchTTest } from './means.js'
import { benjaminiHochbergAdjust, holmAdjust } from './multiple_comparisons.js'
import {
  betaDistribution,
  normalDistribution,
  type PosteriorDistribution,
} from './posterior_distributions.js'
import { wilsonInterval } from './proportions.js'
import { fiellerRelativeInterval } from './fieller.js'
import { relativeLiftTest } from './relative_lift_test.js'
import { asymptoticConfidenceSequence, msprtStatistic } from './sequential.js'
import { isStatsError } from './types.js'
import { emptyComparison, finite, interval, type Arm } from './analyze_common.js'

/** Rate or mean of one variant with its interval (the kind depends on method and metric). */
export function estimateOf(
  arm: Arm,
  metricType: MetricType,
  settings: ResolvedSettings
): VariantEstimate {
  const level = 1 - settings.alpha
  const sd = metricType === 'continuous' && arm.variance !== null ? Math.sqrt(arm.variance) : null
  if (arm.mean === null) return { value: null, ci: null, sd }
  if (metricType === 'binomial') {
    const conversions = arm.conversions as number
    if (settings.method === 'bayesian') {
      return {
        value: arm.mean,
        ci: interval(betaCredibleInterval(1 + conversions, 1 + arm.n - conversions, level), level),
        sd,
      }
    }
    const wilson = wilsonInterval({ conversions, n: arm.n, confidence: level })
    return {
      value: arm.mean,
      ci: isStatsError(wilson) ? null : interval([wilson.lower, wilson.upper], level),
      sd,
    }
  }
  if (sd === null) return { value: arm.mean, ci: null, sd }
  const se = sd / Math.sqrt(arm.n)
  const critical =
    settings.method === 'bayesian'
      ? normalIsf(settings.alpha / 2)
      : studentTIsf(settings.alpha / 2, arm.n - 1)
  return {
    value: arm.mean,
    ci: interval([arm.mean - critical * se, arm.mean + critical * se], level),
    sd,
  }
}

/** Fixed-horizon MDE at the current sizes: (z_{α/2} + z_power)·SE under the null (control's variance in both arms). */
export function minimumDetectableEffect(
  control: Arm,
  variant: Arm,
  settings: ResolvedSettings
): ComparisonResult['minimumDetectableEffect'] {
  if (control.variance === null || control.mean === null || control.n === 0 || variant.n === 0) {
    return { absolute: null, relative: null }
  }
  const se = Math.sqrt(control.variance * (1 / control.n + 1 / variant.n))
  if (!(se > 0)) return { absolute: null, relative: null }
  const absolute = (normalIsf(settings.alpha / 2) + normalInv(settings.power)) * se
  return {
    absolute: finite(absolute),
    relative: control.mean === 0 ? null : finite(absolute / Math.abs(control.mean)),
  }
}

/** Why a comparison cannot be computed at all, or null. */
export function missingDataReason(
  control: Arm,
  variant: Arm,
  metricType: MetricType
): string | null {
  if (control.n === 0) return 'control_no_subjects'
  if (variant.n === 0) return 'no_subjects'
  if (metricType === 'continuous' && (control.n < 2 || variant.n < 2)) return 'n_lt_2'
  return null
}

/**
 * Sets the absolute interval d ± halfWidth and the relative interval that inverts the
 * same test (Fieller), so that both contain 0 or neither does: the verdict is read off
 * the absolute one (decide), and never contradicts either interval.
 */
function setIntervals(
  result: ComparisonResult,
  control: Arm,
  variant: Arm,
  metricType: MetricType,
  halfWidth: number,
  level: number
): void {
  const meanA = control.mean as number
  const meanB = variant.mean as number
  const d = meanB - meanA
  result.absoluteLiftCi = interval([d - halfWidth, d + halfWidth], level)
  if (meanA === 0) {
    result.reason = metricType === 'binomial' ? 'control_rate_zero' : 'control_mean_zero'
    return
  }
  const relative = fiellerRelativeInterval(
    meanA,
    (control.variance as number) / control.n,
    meanB,
    (variant.variance as number) / variant.n,
    halfWidth
  )
  result.relativeLiftCi = interval(relative, level)
  if (result.relativeLiftCi === null) result.reason = 'control_mean_near_zero'
}

/** Observed lifts B − A and (B − A)/|A| (null when A = 0). */
function observedLifts(control: Arm, variant: Arm): ComparisonResult {
  const result = emptyComparison(null)
  const meanA = control.mean as number
  const meanB = variant.mean as number
  result.absoluteLift = finite(meanB - meanA)
  result.relativeLift = meanA === 0 ? null : finite((meanB - meanA) / Math.abs(meanA))
  return result
}

/**
 * Proportions, fixed horizon: the §20 relative-lift test decides, and the relative interval
 * r ± z*·SE_r is quoted beside it. The absolute interval is the same interval times the
 * control rate (the same test on the absolute scale), so neither can contradict the
 * verdict. Null where the test is undefined (a rate of 0 or 1): the Wald test then decides.
 */
function relativeLiftComparison(
  result: ComparisonResult,
  control: Arm,
  variant: Arm,
  alpha: number
): ComparisonResult | null {
  const test = relativeLiftTest({
    conversionsA: control.conversions as number,
    nA: control.n,
    conversionsB: variant.conversions as number,
    nB: variant.n,
    alpha,
  })
  if (isStatsError(test)) return null
  const [lower, upper] = test.ciRelativeLift
  result.pValue = finite(test.pValue)
  result.relativeLiftCi = interval(test.ciRelativeLift, 1 - alpha)
  result.absoluteLiftCi = interval([lower * test.pA, upper * test.pA], 1 - alpha)
  return result
}

/**
 * Fixed-horizon: for proportions the §20 relative-lift test (relativeLiftComparison), else
 * (a rate of 0 or 1) the unpooled Wald z-test its interval inverts; for means the Welch
 * t-test. `alpha` is the per-comparison level after the multiple-comparison correction.
 */
export function frequentistComparison(
  control: Arm,
  variant: Arm,
  metricType: MetricType,
  alpha: number
): ComparisonResult {
  const result = observedLifts(control, variant)
  const d = (variant.mean as number) - (control.mean as number)
  if (metricType === 'binomial') {
    const relative = relativeLiftComparison(result, control, variant, alpha)
    if (relative !== null) return relative
    const se = Math.sqrt(
      (control.variance as number) / control.n + (variant.variance as number) / variant.n
    )
    if (se === 0) {
      // Every arm at 0% or 100%: no evidence when equal (§2 convention), undefined otherwise.
      if (d !== 0) return { ...result, reason: 'zero_variance' }
      result.pValue = 1
    } else {
      result.pValue = finite(2 * normalSf(Math.abs(d) / se))
    }
    setIntervals(result, control, variant, metricType, normalIsf(alpha / 2) * se, 1 - alpha)
    return result
  }
  const welch = welchTTest({
    meanA: control.mean as number,
    sdA: Math.sqrt(control.variance as number),
    nA: control.n,
    meanB: variant.mean as number,
    sdB: Math.sqrt(variant.variance as number),
    nB: variant.n,
    alpha,
  })
  if (isStatsError(welch)) return { ...result, reason: welch.error }
  result.pValue = finite(welch.pValue)
  setIntervals(result, control, variant, metricType, welch.tCrit * welch.se, 1 - alpha)
  return result
}

/**
 * Always-valid: mSPRT at the current look, or GrowthBook's asymptotic CS without τ²
 * (continuous). Both intervals come from the same always-valid boundary.
 */
export function sequentialComparison(
  control: Arm,
  variant: Arm,
  metricType: MetricType,
  settings: ResolvedSettings,
  alpha: number
): ComparisonResult {
  const result = observedLifts(control, variant)
  const meanA = control.mean as number
  const meanB = variant.mean as number
  const varA = control.variance as number
  const varB = variant.variance as number

  if (settings.tau2 === null) {
    // Continuous metric without τ²: GrowthBook's scale-free asymptotic confidence sequence.
    const absolute = asymptoticConfidenceSequence({
      metric: 'mean',
      nA: control.n,
      nB: variant.n,
      meanA,
      meanB,
      sdA: Math.sqrt(varA),
      sdB: Math.sqrt(varB),
      alpha,
      differenceType: 'absolute',
    })
    if (isStatsError(absolute)) return { ...result, reason: absolute.error }
    result.pValue = finite(absolute.pValue)
    setIntervals(result, control, variant, metricType, absolute.halfwidth, 1 - alpha)
    return result
  }

  // Normal-mixture mSPRT at the current look (always valid at any stopping time).
  const variance = varA / control.n + varB / variant.n
  if (!(variance > 0)) {
    result.pValue = 1 // Λ undefined: no evidence (spec §9a)
    result.reason = 'zero_variance'
    return result
  }
  const absolute = msprtStatistic(meanB - meanA, variance, settings.tau2, 0, alpha)
  result.pValue = finite(absolute.pValue)
  setIntervals(result, control, variant, metricType, absolute.halfWidth, 1 - alpha)
  return result
}

/** Posterior of a variant's rate (Beta(1 + x, 1 + n − x)) or mean (flat-prior Gaussian). */
export function posteriorOf(arm: Arm, metricType: MetricType): PosteriorDistribution | null {
  if (arm.n === 0 || arm.mean === null) return null
  if (metricType === 'binomial') {
    const conversions = arm.conversions as number
    return betaDistribution(1 + conversions, 1 + arm.n - conversions)
  }
  if (arm.variance === null || !(arm.variance > 0)) return null
  return normalDistribution(arm.mean, Math.sqrt(arm.variance / arm.n))
}

/** Bayesian: exact Beta-Binomial chance/loss and credible intervals of the lift. */
export function bayesianComparison(
  control: Arm,
  variant: Arm,
  metricType: MetricType,
  settings: ResolvedSettings
): ComparisonResult {
  const level = 1 - settings.alpha
  const result = emptyComparison(null)
  const meanA = control.mean as number
  const meanB = variant.mean as number
  result.absoluteLift = finite(meanB - meanA)
  result.relativeLift = meanA === 0 ? null : finite((meanB - meanA) / Math.abs(meanA))
  const up = settings.higherIsBetter

  if (metricType === 'binomial') {
    const bayes = bayesianBetaBinomial({
      conversionsA: control.conversions as number,
      nA: control.n,
      conversionsB: variant.conversions as number,
      nB: variant.n,
      credibleLevel: level,
    })
    if (isStatsError(bayes)) return emptyComparison(bayes.error)
    result.chanceToBeatControl = finite(up ? bayes.probBBeatsA : bayes.probABeatsB)
    result.expectedLoss = finite(up ? bayes.expectedLossChooseB : bayes.expectedLossChooseA)
    result.controlExpectedLoss = finite(up ? bayes.expectedLossChooseA : bayes.expectedLossChooseB)
    const x = betaDistribution(bayes.posteriorA.alpha, bayes.posteriorA.beta)
    const y = betaDistribution(bayes.posteriorB.alpha, bayes.posteriorB.beta)
    result.absoluteLiftCi = interval(differenceCredibleInterval(x, y, level), level)
    // Observed control rate 0: no relative lift, so no interval for it either.
    if (result.relativeLift === null) result.reason = 'control_rate_zero'
    else result.relativeLiftCi = interval(relativeLiftCredibleInterval(x, y, level), level)
    return result
  }

  // Continuous: flat prior and Gaussian sampling distribution of each mean,
  // so the difference is N(d, SE²) and chance/loss have closed forms.
  const seA2 = (control.variance as number) / control.n
  const seB2 = (variant.variance as number) / variant.n
  const se = Math.sqrt(seA2 + seB2)
  if (!(se > 0)) {
    result.reason = 'zero_variance'
    return result
  }
  const d = meanB - meanA
  const z = d / se
  const chanceHigher = normalCdf(z)
  // E[max(A − B, 0)] and E[max(B − A, 0)] for B − A ~ N(d, SE²).
  const lossIfHigherWrong = Math.max(0, se * normalPdf(z) - d * normalCdf(-z))
  const lossIfLowerWrong = Math.max(0, se * normalPdf(z) + d * chanceHigher)
  result.chanceToBeatControl = finite(up ? chanceHigher : normalCdf(-z))
  result.expectedLoss = finite(up ? lossIfHigherWrong : lossIfLowerWrong)
  result.controlExpectedLoss = finite(up ? lossIfLowerWrong : lossIfHigherWrong)
  const critical = normalIsf(settings.alpha / 2)
  result.absoluteLiftCi = interval([d - critical * se, d + critical * se], level)
  if (result.relativeLift === null) {
    result.reason = 'control_mean_zero'
  } else if (seA2 === 0) {
    // Control mean known exactly: the relative lift is Gaussian too.
    const scale = Math.abs(meanA)
    result.relativeLiftCi = interval(
      [(d - critical * se) / scale, (d + critical * se) / scale],
      level
    )
  } else if (seB2 > 0) {
    const x = normalDistribution(meanA, Math.sqrt(seA2))
    const y = normalDistribution(meanB, Math.sqrt(seB2))
    result.relativeLiftCi = interval(relativeLiftCredibleInterval(x, y, level), level)
    if (result.relativeLiftCi === null) result.reason = 'control_mean_near_zero'
  } else {
    result.reason = 'zero_variance_variant'
  }
  return result
}

/**
 * Sets adjustedPValue (frequentist and sequential) and returns each comparison's level
 * after the correction: α·p/p̃. An interval at that level excludes 0 exactly when
 * p < α·p/p̃, that is p̃ < α, so the printed interval carries the corrected decision.
 * `family` holds the raw p-values of the other comparisons corrected together with these
 * (other metrics'); the correction runs over all of them, and these keep their own share.
 */
export function correctedAlphas(
  comparisons: Array<ComparisonResult | null>,
  settings: ResolvedSettings,
  family: number[]
): { alphas: Array<number | null>; familySize: number } {
  const { alpha } = settings
  const tested = comparisons.filter((c): c is ComparisonResult => c !== null && c.pValue !== null)
  const pValues = [...tested.map((c) => c.pValue as number), ...family]
  const adjusted =
    settings.correction === 'holm'
      ? holmAdjust(pValues)
      : settings.correction === 'bh'
        ? benjaminiHochbergAdjust(pValues)
        : pValues
  tested.forEach((c, i) => (c.adjustedPValue = adjusted[i]))
  const alphas = comparisons.map((c) => {
    if (c === null || c.pValue === null || c.adjustedPValue === null) return null
    if (c.adjustedPValue <= c.pValue || c.pValue === 0) return alpha
    return (alpha * c.pValue) / c.adjustedPValue
  })
  return { alphas, familySize: settings.correction === 'none' ? 0 : pValues.length }
}

/**
 * Sets significant and direction on every comparison, from what is printed beside it:
 * - frequentist and sequential: the absolute interval (at the corrected level) excludes
 *   0; the relative interval agrees by construction (setIntervals);
 * - Bayesian: the chance to beat control is above 1 − α/2 (or below α/2), which is
 *   exactly when the equal-tailed 1 − α credible intervals of B − A and of (B − A)/|A|
 *   exclude 0 (P(B − A > 0) = P((B − A)/|A| > 0) = the chance).
 */
export function decide(
  comparisons: Array<ComparisonResult | null>,
  settings: ResolvedSettings
): void {
  const { alpha, higherIsBetter } = settings
  for (const c of comparisons) {
    if (c === null) continue
    if (settings.method === 'bayesian') {
      if (c.chanceToBeatControl === null) continue
      if (c.chanceToBeatControl > 1 - alpha / 2) c.direction = 'better'
      else if (c.chanceToBeatControl < alpha / 2) c.direction = 'worse'
    } else {
      const ci = c.absoluteLiftCi
      if (ci === null) continue
      if (ci.lower > 0) c.direction = higherIsBetter ? 'better' : 'worse'
      else if (ci.upper < 0) c.direction = higherIsBetter ? 'worse' : 'better'
    }
    c.significant = c.direction !== 'none'
  }
}
