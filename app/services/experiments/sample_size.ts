import {
  experimentDuration,
  isStatsError,
  mdeForSample,
  normalIndPower,
  powerTwoProportions,
  sampleSizeMeans,
  sampleSizeTwoProportions,
} from '#stats/index'

export interface SampleSizePlan {
  perVariant: number
  total: number
  /** Days at the given daily traffic, or null when no traffic was given. */
  days: number | null
  /** The other conventions, for readers who compare with another calculator. */
  unpooledPerVariant: number
  cohenHPerVariant: number
  evanMillerPerVariant: number | null
  p1: number
  p2: number
}

export interface SampleSizeQuestion {
  baseline: number
  mde: number
  mdeType: 'relative' | 'absolute'
  alpha: number
  power: number
  variants: number
  dailyTraffic?: number | null
  trafficAllocation?: number
}

/**
 * Subjects needed per variant (classic two-proportion formula, rounded up) and the
 * expected duration; an error message instead when the question has no answer.
 */
export function planSampleSize(question: SampleSizeQuestion): SampleSizePlan | { error: string } {
  const size = sampleSizeTwoProportions({
    baseline: question.baseline,
    ...(question.mdeType === 'relative'
      ? { mdeRelative: question.mde }
      : { mdeAbsolute: question.mde }),
    alpha: question.alpha,
    power: question.power,
  })
  if (isStatsError(size)) {
    const messages: Record<string, string> = {
      invalid_rate: 'The baseline and the target rate must both be between 0 % and 100 %.',
      zero_effect: 'The minimum detectable effect cannot be zero.',
      missing_mde: 'Enter a minimum detectable effect.',
    }
    return { error: messages[size.error] ?? 'These numbers have no sample size.' }
  }
  return {
    perVariant: size.nClassicCeil,
    total: size.nClassicCeil * question.variants,
    days: durationDays(size.nClassicCeil, question),
    unpooledPerVariant: size.nUnpooledCeil,
    cohenHPerVariant: size.nCohenHClosedFormCeil,
    evanMillerPerVariant: size.nEvanMillerCeil,
    p1: size.p1,
    p2: size.p2,
  }
}

export interface MeansPlan {
  perVariant: number
  total: number
  days: number | null
  /** The absolute difference of means to detect, and Cohen's d = δ/sd. */
  delta: number
  effectSize: number
}

/** Subjects per variant to detect a difference of two means (normal closed form, rounded up). */
export function planMeansSampleSize(
  question: Omit<SampleSizeQuestion, 'baseline'> & { baselineMean: number; sd: number }
): MeansPlan | { error: string } {
  const size = sampleSizeMeans({
    baselineMean: question.baselineMean,
    sd: question.sd,
    ...(question.mdeType === 'relative'
      ? { mdeRelative: question.mde }
      : { mdeAbsolute: question.mde }),
    alpha: question.alpha,
    power: question.power,
  })
  if (isStatsError(size) || !Number.isFinite(size.nNormalCeil)) {
    return {
      error:
        'These numbers have no sample size: the standard deviation must be above zero, and a relative effect needs a baseline mean other than zero.',
    }
  }
  return {
    perVariant: size.nNormalCeil,
    total: size.nNormalCeil * question.variants,
    days: durationDays(size.nNormalCeil, question),
    delta: size.delta,
    effectSize: size.effectSize,
  }
}

function durationDays(
  perVariant: number,
  question: Pick<SampleSizeQuestion, 'variants' | 'dailyTraffic' | 'trafficAllocation'>
) {
  if (!question.dailyTraffic || question.dailyTraffic <= 0) return null
  const duration = experimentDuration({
    nPerVariant: perVariant,
    variants: question.variants,
    dailyEligibleUsers: question.dailyTraffic,
    trafficFraction: question.trafficAllocation ?? 1,
  })
  return isStatsError(duration) ? null : duration.days
}

/** The API's power analysis: give the effect, the sample size, or both. */
export interface PowerQuestion {
  metric: 'proportion' | 'mean'
  /** A rate (0..1) for proportions, the control's mean for means. */
  baseline: number
  /** Standard deviation of the metric (means only). */
  sd?: number
  mde?: number
  mdeType: 'relative' | 'absolute'
  sampleSizePerVariant?: number
  alpha: number
  power: number
  variants: number
  dailyTraffic?: number | null
  trafficAllocation?: number
}

export interface PowerAnswer {
  metric: 'proportion' | 'mean'
  sampleSizePerVariant: number
  totalSampleSize: number
  expectedDays: number | null
  minimumDetectableEffect: { absolute: number; relative: number | null }
  /** The power asked for, or (with both an effect and a sample size) the power reached. */
  statisticalPower: number
  isAdequatelyPowered: boolean
}

/** The power of the test at n per variant for an absolute effect, or null when it has none. */
function powerReached(q: PowerQuestion, effect: number, n: number): number | null {
  if (q.metric === 'mean') return normalIndPower(effect / q.sd!, n, q.alpha, 2)
  const result = powerTwoProportions({
    p1: q.baseline,
    p2: q.baseline + effect,
    nPerArm: n,
    alpha: q.alpha,
  })
  return isStatsError(result) ? null : result.powerClassic
}

/**
 * Power analysis (Pitchey's calculateSampleSize / performPowerAnalysis, GrowthBook's MDE):
 * an effect alone gives the sample size; a sample size alone gives the minimum detectable
 * effect; both give the power reached. Two-sided, normal approximation throughout.
 */
export function analyzePower(q: PowerQuestion): PowerAnswer | { error: string } {
  if (q.metric === 'mean' && !(q.sd && q.sd > 0))
    return { error: 'A mean metric needs its standard deviation (sd) above zero.' }
  if (q.mde === undefined && q.sampleSizePerVariant === undefined)
    return { error: 'Give the minimum detectable effect (mde), the sample size, or both.' }
  const effect =
    q.mde === undefined ? null : q.mdeType === 'relative' ? Math.abs(q.baseline) * q.mde : q.mde
  const relativeOf = (absolute: number) =>
    q.baseline === 0 ? null : absolute / Math.abs(q.baseline)

  let perVariant = q.sampleSizePerVariant
  let mde = effect
  let power = q.power
  if (perVariant === undefined) {
    const plan =
      q.metric === 'mean'
        ? planMeansSampleSize({ ...q, baselineMean: q.baseline, sd: q.sd!, mde: q.mde! })
        : planSampleSize({ ...q, mde: q.mde! })
    if ('error' in plan) return plan
    perVariant = plan.perVariant
  } else if (effect === null) {
    const found = mdeForSample({
      metricType: q.metric,
      baseline: q.baseline,
      sd: q.sd,
      nPerArm: perVariant,
      alpha: q.alpha,
      power: q.power,
    })
    if (isStatsError(found) || found.mdeAbsolute === null)
      return { error: 'These numbers have no minimum detectable effect.' }
    mde = found.mdeAbsolute
  } else {
    const reached = powerReached(q, effect, perVariant)
    if (reached === null)
      return { error: 'The baseline and the target rate must both be between 0 % and 100 %.' }
    power = reached
  }
  return {
    metric: q.metric,
    sampleSizePerVariant: perVariant,
    totalSampleSize: perVariant * q.variants,
    expectedDays: durationDays(perVariant, q),
    minimumDetectableEffect: { absolute: mde!, relative: relativeOf(mde!) },
    statisticalPower: power,
    isAdequatelyPowered: power >= q.power,
  }
}
