import { experimentDuration, isStatsError, sampleSizeTwoProportions } from '#stats/index'

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
  let days: number | null = null
  if (question.dailyTraffic && question.dailyTraffic > 0) {
    const duration = experimentDuration({
      nPerVariant: size.nClassicCeil,
      variants: question.variants,
      dailyEligibleUsers: question.dailyTraffic,
      trafficFraction: question.trafficAllocation ?? 1,
    })
    days = isStatsError(duration) ? null : duration.days
  }
  return {
    perVariant: size.nClassicCeil,
    total: size.nClassicCeil * question.variants,
    days,
    unpooledPerVariant: size.nUnpooledCeil,
    cohenHPerVariant: size.nCohenHClosedFormCeil,
    evanMillerPerVariant: size.nEvanMillerCeil,
    p1: size.p1,
    p2: size.p2,
  }
}
