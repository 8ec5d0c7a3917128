/**
 * Sample size and minimum detectable effect for means, and the MDE of proportions
 * (spec §18). The primary fields are closed forms; the `*Statsmodels` fields are exact
 * roots of statsmodels' NormalIndPower / TTestIndPower power functions (ratio 1).
 */
import { noncentralTCdf, normalInv, normalPdf, studentTIsf } from './distributions.js'
import { isOpenUnit } from './effect_moments.js'
import { solveIncreasing } from './integration.js'
import {
  classicSampleSize,
  normalIndPowerEffect,
  normalIndPowerSampleSize,
  zAlphaFor,
} from './power.js'
import { DEFAULT_ALPHA, type StatsError } from './types.js'

/** Power of the equal-variance two-sample t test (statsmodels TTestIndPower, ratio 1). */
function tTestIndPower(effect: number, nPerArm: number, alpha: number, sides: number): number {
  const df = 2 * nPerArm - 2
  const shift = effect * Math.sqrt(nPerArm / 2)
  const crit = studentTIsf(alpha / sides, df)
  const power = 1 - noncentralTCdf(crit, df, shift)
  return sides === 2 ? power + noncentralTCdf(-crit, df, shift) : power
}

/** Common design inputs; `null` for a bad value, else z_α, z_β and Z = z_α + z_β. */
function design(alpha: number, power: number, sides: number) {
  if (!isOpenUnit(alpha) || !isOpenUnit(power) || (sides !== 1 && sides !== 2)) return null
  const zAlpha = zAlphaFor(alpha, sides)
  const zBeta = normalInv(power)
  return zAlpha + zBeta > 0 ? { zAlpha, zBeta, total: zAlpha + zBeta } : null
}

/** The n per arm where the t test reaches `power` (root of TTestIndPower). */
function tTestSampleSize(
  effect: number,
  alpha: number,
  power: number,
  sides: number,
  start: number
) {
  return solveIncreasing(
    (n) => {
      const shift = effect * Math.sqrt(n / 2)
      // Newton slope from the normal approximation; the bracket makes any slope safe.
      const slope = normalPdf(shift - zAlphaFor(alpha, sides)) * (shift / (2 * n))
      return { value: tTestIndPower(effect, n, alpha, sides), derivative: slope }
    },
    power,
    start,
    [1, Number.POSITIVE_INFINITY],
    1
  )
}

/** The standardized effect where the t test reaches `power` at n per arm. */
function tTestEffect(nPerArm: number, alpha: number, power: number, sides: number, start: number) {
  const root = Math.sqrt(nPerArm / 2)
  return solveIncreasing(
    (effect) => ({
      value: tTestIndPower(effect, nPerArm, alpha, sides),
      derivative: normalPdf(effect * root - zAlphaFor(alpha, sides)) * root,
    }),
    power,
    start,
    [0, Number.POSITIVE_INFINITY],
    start
  )
}

export interface SampleSizeMeansInput {
  baselineMean: number
  sd: number
  /** Exactly one of the two: δ = |baseline|·|mdeRelative| or δ = |mdeAbsolute|. */
  mdeRelative?: number
  mdeAbsolute?: number
  alpha?: number
  power?: number
  sides?: number
}

export interface SampleSizeMeansResult {
  delta: number
  /** Cohen's d = δ/sd */
  effectSize: number
  zAlpha: number
  zBeta: number
  /** 2(z_α + z_β)²·sd²/δ² per arm (primary). */
  nNormal: number
  nNormalCeil: number
  totalNormal: number
  /** Exact roots of statsmodels NormalIndPower / TTestIndPower power. */
  nNormalStatsmodels: number
  nNormalStatsmodelsCeil: number
  nTtestStatsmodels: number
  nTtestStatsmodelsCeil: number
}

const given = (x: number | null | undefined): x is number => x !== undefined && x !== null

/** Per-arm sample size to detect a difference of two means (spec §18a). */
export function sampleSizeMeans(input: SampleSizeMeansInput): SampleSizeMeansResult | StatsError {
  const { baselineMean, sd, mdeRelative, mdeAbsolute } = input
  const alpha = input.alpha ?? DEFAULT_ALPHA
  const power = input.power ?? 0.8
  const sides = input.sides ?? 2
  const z = design(alpha, power, sides)
  const relative = given(mdeRelative)
  if (z === null || !(sd > 0) || !Number.isFinite(sd) || relative === given(mdeAbsolute))
    return { error: 'invalid_input' }
  const mde = (relative ? mdeRelative : mdeAbsolute) as number
  if (!Number.isFinite(mde) || (relative && !Number.isFinite(baselineMean)))
    return { error: 'invalid_input' }
  if (relative && baselineMean === 0) return { error: 'baseline_zero' }
  const delta = relative ? Math.abs(baselineMean) * Math.abs(mde) : Math.abs(mde)
  if (!(delta > 0)) return { error: 'invalid_input' }

  const effectSize = delta / sd
  const nNormal = (2 * z.total * z.total * sd * sd) / (delta * delta)
  const nNormalStatsmodels = normalIndPowerSampleSize(effectSize, alpha, power, sides, nNormal)
  const nTtestStatsmodels = tTestSampleSize(effectSize, alpha, power, sides, nNormal + 1)
  const nNormalCeil = Math.ceil(nNormal)
  return {
    delta,
    effectSize,
    zAlpha: z.zAlpha,
    zBeta: z.zBeta,
    nNormal,
    nNormalCeil,
    totalNormal: 2 * nNormalCeil,
    nNormalStatsmodels,
    nNormalStatsmodelsCeil: Math.ceil(nNormalStatsmodels),
    nTtestStatsmodels,
    nTtestStatsmodelsCeil: Math.ceil(nTtestStatsmodels),
  }
}

export interface MdeForSampleInput {
  metricType: 'proportion' | 'mean'
  /** Baseline rate p₁ (proportions) or mean. */
  baseline: number
  nPerArm: number
  /** Required for means. */
  sd?: number
  alpha?: number
  power?: number
  sides?: number
}

export interface MdeForMeansResult {
  zAlpha: number
  zBeta: number
  /** Z·sd·√(2/n), the inverse of nNormal. */
  mdeAbsolute: number
  /** Null when the baseline is 0. */
  mdeRelative: number | null
  effectSizeNormalStatsmodels: number
  mdeAbsoluteNormalStatsmodels: number
  effectSizeTtestStatsmodels: number
  mdeAbsoluteTtestStatsmodels: number
}

export interface MdeForProportionsResult {
  zAlpha: number
  zBeta: number
  /** Upward δ with n_classic(p₁, p₁ + δ) = n; the three are null when even p₂ = 1 needs more. */
  mdeAbsolute: number | null
  mdeRelative: number | null
  p2: number | null
  /** Inverts §6's unpooled formula; null beyond 1 − p₁. */
  mdeAbsoluteUnpooled: number | null
  /** Z·√(2p₁q₁/n): the control's variance in both arms (analyzeExperiment's MDE). */
  mdeAbsoluteBaselineVariance: number
  cohenHStatsmodels: number
  /** sin²(asin√p₁ + h/2) − p₁; null when asin√p₁ + h/2 > π/2. */
  mdeAbsoluteCohenHStatsmodels: number | null
}

/** n_classic is decreasing in δ on (0, 1 − p₁]: bisection to the last bit. */
function classicMde(p1: number, nPerArm: number, zAlpha: number, zBeta: number): number | null {
  let hi = 1 - p1
  if (classicSampleSize(p1, 1, zAlpha, zBeta) > nPerArm) return null
  let lo = 0
  for (let i = 0; i < 200 && hi - lo > 1e-17 * hi; i++) {
    const mid = 0.5 * (lo + hi)
    if (mid === lo || mid === hi) break
    if (classicSampleSize(p1, p1 + mid, zAlpha, zBeta) > nPerArm) lo = mid
    else hi = mid
  }
  return 0.5 * (lo + hi)
}

function proportionMde(
  p1: number,
  n: number,
  alpha: number,
  power: number,
  sides: number,
  z: { zAlpha: number; zBeta: number; total: number }
): MdeForProportionsResult {
  const q1 = 1 - p1
  const z2 = z.total * z.total
  const mdeAbsolute = classicMde(p1, n, z.zAlpha, z.zBeta)
  // Positive root of (n + Z²)δ² − Z²(1 − 2p₁)δ − 2Z²p₁q₁ = 0.
  const b = z2 * (1 - 2 * p1)
  const unpooled = (b + Math.sqrt(b * b + 8 * (n + z2) * z2 * p1 * q1)) / (2 * (n + z2))
  const h = normalIndPowerEffect(n, alpha, power, sides, z.total * Math.sqrt(2 / n))
  const angle = Math.asin(Math.sqrt(p1)) + h / 2
  return {
    zAlpha: z.zAlpha,
    zBeta: z.zBeta,
    mdeAbsolute,
    mdeRelative: mdeAbsolute === null ? null : mdeAbsolute / p1,
    p2: mdeAbsolute === null ? null : p1 + mdeAbsolute,
    mdeAbsoluteUnpooled: unpooled > q1 ? null : unpooled,
    mdeAbsoluteBaselineVariance: z.total * Math.sqrt((2 * p1 * q1) / n),
    cohenHStatsmodels: h,
    mdeAbsoluteCohenHStatsmodels: angle > Math.PI / 2 ? null : Math.sin(angle) ** 2 - p1,
  }
}

function meanMde(
  baseline: number,
  sd: number,
  n: number,
  alpha: number,
  power: number,
  sides: number,
  z: { zAlpha: number; zBeta: number; total: number }
): MdeForMeansResult {
  const closedForm = z.total * Math.sqrt(2 / n)
  const normal = normalIndPowerEffect(n, alpha, power, sides, closedForm)
  const t = tTestEffect(n, alpha, power, sides, closedForm)
  const mdeAbsolute = closedForm * sd
  return {
    zAlpha: z.zAlpha,
    zBeta: z.zBeta,
    mdeAbsolute,
    mdeRelative: baseline === 0 ? null : mdeAbsolute / Math.abs(baseline),
    effectSizeNormalStatsmodels: normal,
    mdeAbsoluteNormalStatsmodels: normal * sd,
    effectSizeTtestStatsmodels: t,
    mdeAbsoluteTtestStatsmodels: t * sd,
  }
}

/** Minimum detectable effect at a given sample size per arm (spec §18b). */
export function mdeForSample(
  input: MdeForSampleInput
): MdeForMeansResult | MdeForProportionsResult | StatsError {
  const { metricType, baseline, nPerArm, sd } = input
  const alpha = input.alpha ?? DEFAULT_ALPHA
  const power = input.power ?? 0.8
  const sides = input.sides ?? 2
  const z = design(alpha, power, sides)
  if (z === null || !(nPerArm >= 2) || !Number.isFinite(nPerArm)) return { error: 'invalid_input' }
  if (metricType === 'proportion') {
    if (!isOpenUnit(baseline)) return { error: 'invalid_input' }
    return proportionMde(baseline, nPerArm, alpha, power, sides, z)
  }
  if (metricType === 'mean') {
    if (typeof sd !== 'number' || !(sd > 0) || !Number.isFinite(sd))
      return { error: 'invalid_input' }
    if (typeof baseline !== 'number' || !Number.isFinite(baseline))
      return { error: 'invalid_input' }
    return meanMde(baseline, sd, nPerArm, alpha, power, sides, z)
  }
  return { error: 'invalid_input' }
}
