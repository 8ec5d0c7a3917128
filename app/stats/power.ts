/**
 * Sample size, power and duration for two proportions (spec §6).
 * Sample sizes are per arm and rounded up; duration is whole days, rounded up.
 */
import { normalCdf, normalIsf, normalInv, normalPdf, normalSf } from './distributions.js'
import { solveIncreasing } from './integration.js'
import { DEFAULT_ALPHA, isStatsError, type StatsError } from './types.js'

/**
 * ceil that ignores floating-point noise, for durations: a value that is an
 * integer up to 1e-9 relative (10.000000000000002 days from a ratio that is
 * exactly 10) gives that integer, not the next one (spec §6). Sample sizes
 * use a plain ceil: they come from irrational quantiles, never exact integers.
 */
export function ceilTolerant(x: number): number {
  const nearest = Math.round(x)
  if (Math.abs(x - nearest) <= 1e-9 * Math.max(1, Math.abs(x))) return nearest
  return Math.ceil(x)
}

function cohenH(p1: number, p2: number): number {
  return 2 * Math.asin(Math.sqrt(p2)) - 2 * Math.asin(Math.sqrt(p1))
}

/** z_α for a one- or two-sided test: Φ⁻¹(1 − α/sides), from the upper tail. */
export function zAlphaFor(alpha: number, sides: number): number {
  return normalIsf(alpha / sides)
}

/**
 * statsmodels NormalIndPower.power for a standardized effect (Cohen's h or d) with
 * ratio 1 (nobs = n/2): two-sided adds the (negligible) opposite tail; one-sided
 * assumes the effect's direction.
 */
export function normalIndPower(
  effect: number,
  nPerArm: number,
  alpha: number,
  sides: number
): number {
  const shift = Math.abs(effect) * Math.sqrt(nPerArm / 2)
  const crit = zAlphaFor(alpha, sides)
  const power = normalSf(crit - shift)
  return sides === 2 ? power + normalCdf(-crit - shift) : power
}

/** ∂ normalIndPower / ∂ shift, where shift = |effect|·√(n/2). */
function normalIndPowerSlope(shift: number, zAlpha: number, sides: number): number {
  return sides === 2
    ? normalPdf(shift - zAlpha) - normalPdf(shift + zAlpha)
    : normalPdf(shift - zAlpha)
}

/** The n per arm where normalIndPower reaches `power` exactly (statsmodels solve_power). */
export function normalIndPowerSampleSize(
  effect: number,
  alpha: number,
  power: number,
  sides: number,
  start: number
): number {
  const zAlpha = zAlphaFor(alpha, sides)
  return solveIncreasing(
    (n) => {
      const shift = Math.abs(effect) * Math.sqrt(n / 2)
      return {
        value: normalIndPower(effect, n, alpha, sides),
        derivative: normalIndPowerSlope(shift, zAlpha, sides) * (shift / (2 * n)),
      }
    },
    power,
    start,
    [0, Number.POSITIVE_INFINITY],
    1
  )
}

/** The standardized effect where normalIndPower reaches `power` at n per arm. */
export function normalIndPowerEffect(
  nPerArm: number,
  alpha: number,
  power: number,
  sides: number,
  start: number
): number {
  const zAlpha = zAlphaFor(alpha, sides)
  const root = Math.sqrt(nPerArm / 2)
  return solveIncreasing(
    (effect) => ({
      value: normalIndPower(effect, nPerArm, alpha, sides),
      derivative: normalIndPowerSlope(effect * root, zAlpha, sides) * root,
    }),
    power,
    start,
    [0, Number.POSITIVE_INFINITY],
    start
  )
}

/** §6(a) classic per-arm sample size (R power.prop.test), unrounded. */
export function classicSampleSize(p1: number, p2: number, zAlpha: number, zBeta: number): number {
  const pBar = (p1 + p2) / 2
  const delta = p2 - p1
  const sdAlternative = Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))
  return (zAlpha * Math.sqrt(2 * pBar * (1 - pBar)) + zBeta * sdAlternative) ** 2 / (delta * delta)
}

export interface SampleSizeInput {
  /** Baseline conversion rate p₁. */
  baseline: number
  /** Relative minimum detectable effect: p₂ = p₁(1 + mdeRelative). */
  mdeRelative?: number
  /** Absolute minimum detectable effect: p₂ = p₁ + mdeAbsolute. */
  mdeAbsolute?: number
  alpha?: number
  power?: number
  /** 1 or 2 (default 2). */
  sides?: number
}

export interface SampleSizeResult {
  p1: number
  p2: number
  delta: number
  zAlpha: number
  zBeta: number
  /** (a) classic formula (R power.prop.test), per arm. */
  nClassic: number
  nClassicCeil: number
  /** Both arms. */
  totalClassic: number
  nUnpooled: number
  nUnpooledCeil: number
  cohenH: number
  /** statsmodels NormalIndPower().solve_power (includes the opposite tail). */
  nCohenHStatsmodels: number
  nCohenHStatsmodelsCeil: number
  nCohenHClosedForm: number
  nCohenHClosedFormCeil: number
  /** Evan Miller's calculator convention; null for baselines above 0.5. */
  nEvanMiller: number | null
  nEvanMillerCeil: number | null
  nEvanMillerRound: number | null
}

/** Per-arm sample size for comparing two proportions. */
export function sampleSizeTwoProportions(input: SampleSizeInput): SampleSizeResult | StatsError {
  const p1 = input.baseline
  const alpha = input.alpha ?? DEFAULT_ALPHA
  const targetPower = input.power ?? 0.8
  const sides = input.sides ?? 2
  let p2: number
  if (input.mdeRelative !== undefined && input.mdeRelative !== null)
    p2 = p1 * (1 + input.mdeRelative)
  else if (input.mdeAbsolute !== undefined && input.mdeAbsolute !== null)
    p2 = p1 + input.mdeAbsolute
  else return { error: 'missing_mde' }
  if (!(p1 > 0 && p1 < 1) || !(p2 > 0 && p2 < 1)) return { error: 'invalid_rate' }
  if (
    !(alpha > 0 && alpha < 1) ||
    !(targetPower > 0 && targetPower < 1) ||
    (sides !== 1 && sides !== 2)
  ) {
    return { error: 'invalid_input' }
  }
  const delta = p2 - p1
  if (delta === 0) return { error: 'zero_effect' }

  const zAlpha = zAlphaFor(alpha, sides)
  const zBeta = normalInv(targetPower)
  const q1 = 1 - p1
  const q2 = 1 - p2
  const delta2 = delta * delta
  const sdAlternative = Math.sqrt(p1 * q1 + p2 * q2)

  const nClassic = classicSampleSize(p1, p2, zAlpha, zBeta)
  const nUnpooled = ((zAlpha + zBeta) ** 2 * (p1 * q1 + p2 * q2)) / delta2

  const h = cohenH(p1, p2)
  const nCohenHClosedForm = 2 * ((zAlpha + zBeta) / h) ** 2
  // Solve power(n) = target exactly, as statsmodels' solve_power does.
  const nCohenHStatsmodels = normalIndPowerSampleSize(
    h,
    alpha,
    targetPower,
    sides,
    nCohenHClosedForm
  )

  // Evan Miller: baseline p₁ in the null term; its calculator folds p₁ > ½, so undefined there.
  let nEvanMiller: number | null = null
  if (p1 <= 0.5) {
    nEvanMiller = (zAlpha * Math.sqrt(2 * p1 * q1) + zBeta * sdAlternative) ** 2 / delta2
  }

  const nClassicCeil = Math.ceil(nClassic)
  return {
    p1,
    p2,
    delta,
    zAlpha,
    zBeta,
    nClassic,
    nClassicCeil,
    totalClassic: 2 * nClassicCeil,
    nUnpooled,
    nUnpooledCeil: Math.ceil(nUnpooled),
    cohenH: h,
    nCohenHStatsmodels,
    nCohenHStatsmodelsCeil: Math.ceil(nCohenHStatsmodels),
    nCohenHClosedForm,
    nCohenHClosedFormCeil: Math.ceil(nCohenHClosedForm),
    nEvanMiller,
    nEvanMillerCeil: nEvanMiller === null ? null : Math.ceil(nEvanMiller),
    nEvanMillerRound: nEvanMiller === null ? null : Math.round(nEvanMiller),
  }
}

export interface PowerInput {
  p1: number
  p2: number
  nPerArm: number
  alpha?: number
  sides?: number
}

export interface PowerResult {
  /** R power.prop.test (strict = FALSE). */
  powerClassic: number
  /** Adds the opposite tail for two-sided tests (R strict = TRUE). */
  powerClassicStrict: number
  cohenH: number
  /** statsmodels NormalIndPower.power */
  powerCohenH: number
  /** powerClassic ≥ 0.8 */
  adequatelyPowered08: boolean
}

/** Power of the two-proportion test at a given sample size per arm. */
export function powerTwoProportions(input: PowerInput): PowerResult | StatsError {
  const { p1, p2, nPerArm } = input
  const alpha = input.alpha ?? DEFAULT_ALPHA
  const sides = input.sides ?? 2
  if (
    !(p1 >= 0 && p1 <= 1) ||
    !(p2 >= 0 && p2 <= 1) ||
    !(nPerArm > 0) ||
    (sides !== 1 && sides !== 2)
  ) {
    return { error: 'invalid_input' }
  }
  const q1 = 1 - p1
  const q2 = 1 - p2
  const pBar = (p1 + p2) / 2
  const sdAlternative = Math.sqrt(p1 * q1 + p2 * q2)
  if (sdAlternative === 0) return { error: 'zero_variance' }
  const z = zAlphaFor(alpha, sides)
  const shift = Math.sqrt(nPerArm) * Math.abs(p2 - p1)
  const nullTerm = z * Math.sqrt(2 * pBar * (1 - pBar))
  const powerClassic = normalCdf((shift - nullTerm) / sdAlternative)
  const powerClassicStrict =
    sides === 2 ? powerClassic + normalSf((shift + nullTerm) / sdAlternative) : powerClassic
  const h = cohenH(p1, p2)
  return {
    powerClassic,
    powerClassicStrict,
    cohenH: h,
    powerCohenH: normalIndPower(h, nPerArm, alpha, sides),
    adequatelyPowered08: powerClassic >= 0.8,
  }
}

export interface ExperimentDurationInput {
  /** Required subjects per variant (e.g. nClassicCeil); alias sampleSizePerVariant / nPerArm. */
  nPerVariant?: number
  sampleSizePerVariant?: number
  nPerArm?: number
  /** Or compute nPerVariant (classic formula, ceil) from a design. */
  baseline?: number
  mdeRelative?: number
  mdeAbsolute?: number
  alpha?: number
  power?: number
  sides?: number
  /** Number of variants including control (k), default 2. */
  variants?: number
  k?: number
  numVariants?: number
  nVariants?: number
  /** Users eligible for the experiment per day; alias dailyUsers / dailyTraffic. */
  dailyEligibleUsers?: number
  dailyUsers?: number
  dailyTraffic?: number
  /** Share of eligible users enrolled, default 1; alias trafficAllocation / fraction. */
  trafficFraction?: number
  trafficAllocation?: number
  fraction?: number
}

export interface ExperimentDurationResult {
  /** ceil(nPerVariant·k / (dailyEligibleUsers·trafficFraction)) */
  days: number
  /** The unrounded number of days. */
  daysExact: number
  nPerVariant: number
  /** nPerVariant·k */
  totalSampleSize: number
  /** dailyEligibleUsers·trafficFraction/k ("daily traffic per variant"). */
  dailyTrafficPerVariant: number
  /** dailyEligibleUsers·trafficFraction */
  dailyEnrolledUsers: number
}

function firstDefined(...values: Array<number | undefined | null>): number | undefined {
  for (const v of values) if (v !== undefined && v !== null) return v
  return undefined
}

/** Days needed to reach the per-variant sample size (spec §6). */
export function experimentDuration(
  input: ExperimentDurationInput
): ExperimentDurationResult | StatsError {
  const k = firstDefined(input.variants, input.k, input.numVariants, input.nVariants) ?? 2
  const fraction = firstDefined(input.trafficFraction, input.trafficAllocation, input.fraction) ?? 1
  const dailyEligibleUsers = firstDefined(
    input.dailyEligibleUsers,
    input.dailyUsers,
    input.dailyTraffic
  )
  let nPerVariant = firstDefined(input.nPerVariant, input.sampleSizePerVariant, input.nPerArm)
  if (nPerVariant === undefined && input.baseline !== undefined) {
    const size = sampleSizeTwoProportions(input as SampleSizeInput)
    if (isStatsError(size)) return size
    nPerVariant = size.nClassicCeil
  }
  if (
    nPerVariant === undefined ||
    !(nPerVariant >= 0) ||
    !Number.isFinite(nPerVariant) ||
    !(k >= 1)
  ) {
    return { error: 'invalid_input' }
  }
  if (
    dailyEligibleUsers === undefined ||
    !(dailyEligibleUsers > 0) ||
    !(fraction > 0 && fraction <= 1)
  ) {
    return { error: 'no_traffic' }
  }
  const dailyEnrolledUsers = dailyEligibleUsers * fraction
  const totalSampleSize = nPerVariant * k
  const daysExact = totalSampleSize / dailyEnrolledUsers
  return {
    days: ceilTolerant(daysExact),
    daysExact,
    nPerVariant,
    totalSampleSize,
    dailyTrafficPerVariant: dailyEnrolledUsers / k,
    dailyEnrolledUsers,
  }
}
