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
import { normalCdf, normalInv, normalIsf, normalPdf, studentTIsf } from './distributions.js'
import { differenceCredibleInterval, relativeLiftCredibleInterval } from './lift_intervals.js'
import { welchTTest } from './means.js'
import { benjaminiHochbergAdjust, holmAdjust } from './multiple_comparisons.js'
import {
  betaDistribution,
  normalDistribution,
  type PosteriorDistribution,
} from './posterior_distributions.js'
import { relativeLiftSe, twoProportionZTest, wilsonInterval } from './proportions.js'
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

/** Fixed-horizon: pooled z-test (binomial) or Welch t-test (continuous). */
export function frequentistComparison(
  control: Arm,
  variant: Arm,
  metricType: MetricType,
  settings: ResolvedSettings
): ComparisonResult {
  const level = 1 - settings.alpha
  const result = emptyComparison(null)
  if (metricType === 'binomial') {
    const z = twoProportionZTest({
      conversionsA: control.conversions as number,
      nA: control.n,
      conversionsB: variant.conversions as number,
      nB: variant.n,
      alpha: settings.alpha,
    })
    if (isStatsError(z)) return emptyComparison(z.error)
    result.absoluteLift = finite(z.absDiff)
    result.absoluteLiftCi = interval(z.ciAbsDiff, level)
    result.relativeLift = finite(z.relativeLift)
    result.relativeLiftCi = interval(z.ciRelativeLift, level)
    result.pValue = finite(z.pValue)
    if (z.relativeLift === null) result.reason = 'control_rate_zero'
    return result
  }
  const welch = welchTTest({
    meanA: control.mean as number,
    sdA: Math.sqrt(control.variance as number),
    nA: control.n,
    meanB: variant.mean as number,
    sdB: Math.sqrt(variant.variance as number),
    nB: variant.n,
    alpha: settings.alpha,
  })
  result.absoluteLift = finite((variant.mean as number) - (control.mean as number))
  if (isStatsError(welch)) {
    result.reason = welch.error
    return result
  }
  result.absoluteLiftCi = interval(welch.ciDiff, level)
  result.relativeLift = finite(welch.relativeLift)
  result.relativeLiftCi = interval(welch.ciRelativeLift, level)
  result.pValue = finite(welch.pValue)
  if (welch.relativeLift === null) result.reason = 'control_mean_zero'
  return result
}

/** Always-valid: mSPRT at the current look, or GrowthBook's asymptotic CS without τ² (continuous). */
export function sequentialComparison(
  control: Arm,
  variant: Arm,
  metricType: MetricType,
  settings: ResolvedSettings
): ComparisonResult {
  const level = 1 - settings.alpha
  const result = emptyComparison(null)
  const meanA = control.mean as number
  const meanB = variant.mean as number
  const varA = control.variance as number
  const varB = variant.variance as number
  result.absoluteLift = finite(meanB - meanA)
  result.relativeLift = meanA === 0 ? null : finite((meanB - meanA) / Math.abs(meanA))

  if (settings.tau2 === null) {
    // Continuous metric without τ²: GrowthBook's scale-free asymptotic confidence sequence.
    const common = {
      metric: 'mean' as const,
      nA: control.n,
      nB: variant.n,
      meanA,
      meanB,
      sdA: Math.sqrt(varA),
      sdB: Math.sqrt(varB),
      alpha: settings.alpha,
    }
    const absolute = asymptoticConfidenceSequence({ ...common, differenceType: 'absolute' })
    if (isStatsError(absolute)) {
      result.reason = absolute.error
      return result
    }
    result.absoluteLiftCi = interval(absolute.ci, level)
    result.pValue = finite(absolute.pValue)
    const relative = asymptoticConfidenceSequence({ ...common, differenceType: 'relative' })
    if (isStatsError(relative))
      result.reason = relative.error === 'zero_baseline' ? 'control_mean_zero' : relative.error
    else result.relativeLiftCi = interval(relative.ci, level)
    return result
  }

  // Normal-mixture mSPRT at the current look (always valid at any stopping time).
  const tau2 = settings.tau2
  const variance = varA / control.n + varB / variant.n
  if (!(variance > 0)) {
    result.pValue = 1 // Λ undefined: no evidence (spec §9a)
    result.reason = 'zero_variance'
    return result
  }
  const absolute = msprtStatistic(meanB - meanA, variance, tau2, 0, settings.alpha)
  result.pValue = finite(absolute.pValue)
  result.absoluteLiftCi = interval(
    [meanB - meanA - absolute.halfWidth, meanB - meanA + absolute.halfWidth],
    level
  )
  const seRelative =
    meanA === 0 ? null : relativeLiftSe(Math.abs(meanA), varA, control.n, meanB, varB, variant.n)
  if (result.relativeLift === null || seRelative === null) {
    result.reason = metricType === 'binomial' ? 'control_rate_zero' : 'control_mean_zero'
  } else if (seRelative > 0) {
    // Same prior on the relative scale: τ²_rel = τ²/control².
    const relative = msprtStatistic(
      result.relativeLift,
      seRelative * seRelative,
      tau2 / (meanA * meanA),
      0,
      settings.alpha
    )
    result.relativeLiftCi = interval(
      [result.relativeLift - relative.halfWidth, result.relativeLift + relative.halfWidth],
      level
    )
  }
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

/** Sets adjustedPValue, significant and direction on every comparison. */
export function decide(
  comparisons: Array<ComparisonResult | null>,
  settings: ResolvedSettings
): void {
  const { alpha, higherIsBetter } = settings
  if (settings.method === 'bayesian') {
    for (const c of comparisons) {
      if (c === null || c.chanceToBeatControl === null) continue
      if (c.chanceToBeatControl > 1 - alpha) c.direction = 'better'
      else if (c.chanceToBeatControl < alpha) c.direction = 'worse'
      c.significant = c.direction !== 'none'
    }
    return
  }
  const tested = comparisons.filter((c): c is ComparisonResult => c !== null && c.pValue !== null)
  const pValues = tested.map((c) => c.pValue as number)
  const adjusted =
    settings.correction === 'holm'
      ? holmAdjust(pValues)
      : settings.correction === 'bh'
        ? benjaminiHochbergAdjust(pValues)
        : pValues
  tested.forEach((c, i) => {
    c.adjustedPValue = adjusted[i]
    // Spec: p < α for a single test (§1); adjusted p ≤ α for Holm/BH rejections (§8).
    c.significant = settings.correction === 'none' ? adjusted[i] < alpha : adjusted[i] <= alpha
    const lift = c.absoluteLift
    if (c.significant && lift !== null && lift !== 0)
      c.direction = lift > 0 === higherIsBetter ? 'better' : 'worse'
  })
}
