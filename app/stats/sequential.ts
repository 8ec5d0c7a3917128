/**
 * Always-valid sequential inference (spec §9): the normal-mixture mSPRT of
 * Johari, Koomen, Pekelis & Walsh, and GrowthBook's asymptotic confidence
 * sequence (Waudby-Smith et al.), which is the same mSPRT with τ² = ρ²·N·σ̂².
 * Everything is computed in log space; Λ itself may overflow for huge data.
 */
import { relativeLiftSe } from './proportions.js'
import { DEFAULT_ALPHA, type Interval, type StatsError } from './types.js'

export interface MsprtStatistic {
  logLambda: number
  /** min(1, 1/Λ) at this look. */
  pValue: number
  /** Half-width of the always-valid CI at this look. */
  halfWidth: number
}

/**
 * Normal-mixture mSPRT for an estimate θ̂ with variance V and mixing prior
 * θ ~ N(θ₀, τ²): log Λ = ½·ln(V/(V+τ²)) + τ²(θ̂−θ₀)²/(2V(V+τ²)).
 * Requires V > 0 and τ² > 0.
 */
export function msprtStatistic(
  thetaHat: number,
  variance: number,
  tau2: number,
  theta0: number,
  alpha: number
): MsprtStatistic {
  const logRatio = Math.log1p(tau2 / variance) // ln((V + τ²)/V)
  const deviation = thetaHat - theta0
  const logLambda =
    -0.5 * logRatio + (tau2 * deviation * deviation) / (2 * variance * (variance + tau2))
  const pValue = Math.min(1, Math.exp(-logLambda))
  const halfWidth = Math.sqrt(
    ((variance * (variance + tau2)) / tau2) * (-2 * Math.log(alpha) + logRatio)
  )
  return { logLambda, pValue, halfWidth }
}

export interface MsprtLook {
  conversionsA: number
  nA: number
  conversionsB: number
  nB: number
}

export interface MsprtInput {
  /** Cumulative counts at each look, in time order. */
  looks: MsprtLook[]
  /** Mixing variance τ², on the scale of θ² (e.g. 0.0004 for ±2 points). */
  tau2: number
  alpha?: number
  theta0?: number
}

export interface MsprtLookResult {
  /** pB − pA; null when an arm has no subjects. */
  thetaHat: number | null
  /** pA(1−pA)/nA + pB(1−pB)/nB */
  variance: number | null
  /** null when V = 0 (undefined likelihood ratio). */
  lambda: number | null
  logLambda: number | null
  pValueThisLook: number
  /** Running minimum of the per-look p-values. */
  pValue: number
  ciThisLook: Interval | null
  /** Running intersection of the per-look CIs. */
  ci: Interval | null
  /** pValue ≤ alpha */
  reject: boolean
}

export interface MsprtResult {
  looks: MsprtLookResult[]
  finalPValue: number
  finalReject: boolean
}

/** mSPRT for the difference of two proportions over a sequence of looks. */
export function msprtTwoProportions(input: MsprtInput): MsprtResult | StatsError {
  const alpha = input.alpha ?? DEFAULT_ALPHA
  const theta0 = input.theta0 ?? 0
  const { tau2 } = input
  if (!(tau2 > 0) || !(alpha > 0 && alpha < 1)) return { error: 'invalid_input' }

  const looks: MsprtLookResult[] = []
  let runningP = 1
  let runningCi: Interval | null = null
  for (const look of input.looks) {
    let thetaHat: number | null = null
    let variance: number | null = null
    let logLambda: number | null = null
    let pValueThisLook = 1
    let ciThisLook: Interval | null = null
    if (look.nA > 0 && look.nB > 0) {
      const pA = look.conversionsA / look.nA
      const pB = look.conversionsB / look.nB
      thetaHat = pB - pA
      variance = (pA * (1 - pA)) / look.nA + (pB * (1 - pB)) / look.nB
      // V = 0 (both arms at 0% or 100%): Λ undefined, p = 1, no CI (spec §9a).
      if (variance > 0) {
        const stat = msprtStatistic(thetaHat, variance, tau2, theta0, alpha)
        logLambda = stat.logLambda
        pValueThisLook = stat.pValue
        ciThisLook = [thetaHat - stat.halfWidth, thetaHat + stat.halfWidth]
      }
    }
    runningP = Math.min(runningP, pValueThisLook)
    if (ciThisLook !== null) {
      runningCi =
        runningCi === null
          ? ciThisLook
          : [Math.max(runningCi[0], ciThisLook[0]), Math.min(runningCi[1], ciThisLook[1])]
    }
    looks.push({
      thetaHat,
      variance,
      lambda: logLambda === null ? null : Math.exp(logLambda),
      logLambda,
      pValueThisLook,
      pValue: runningP,
      ciThisLook,
      ci: runningCi,
      reject: runningP <= alpha,
    })
  }
  return { looks, finalPValue: runningP, finalReject: runningP <= alpha }
}

export interface AsymptoticCsInput {
  /** 'proportion' (conversions) or 'mean' (meanX, sdX). Inferred when absent. */
  metric?: 'proportion' | 'mean'
  nA: number
  nB: number
  conversionsA?: number
  conversionsB?: number
  meanA?: number
  /** Sample SD of the metric (or give varianceA). */
  sdA?: number
  varianceA?: number
  meanB?: number
  sdB?: number
  varianceB?: number
  differenceType?: 'absolute' | 'relative'
  alpha?: number
  /** GrowthBook's N*, default 5000. */
  tuningParameterNStar?: number
}

export interface AsymptoticCsResult {
  pointEstimate: number
  se: number
  /** nA + nB (the two arms compared). */
  N: number
  /** Same as N, under the lower-case key. */
  n: number
  rho: number
  halfwidth: number
  ci: Interval
  /** Current look only: no running minimum (as GrowthBook). */
  pValue: number
  logEvalue: number
}

/** GrowthBook's asymptotic confidence sequence (spec §9b). */
export function asymptoticConfidenceSequence(
  input: AsymptoticCsInput
): AsymptoticCsResult | StatsError {
  const alpha = input.alpha ?? DEFAULT_ALPHA
  const nStar = input.tuningParameterNStar ?? 5000
  const differenceType = input.differenceType ?? 'absolute'
  const { nA, nB } = input
  const metric = input.metric ?? (input.conversionsA !== undefined ? 'proportion' : 'mean')
  if (!(nA > 0) || !(nB > 0) || !(alpha > 0 && alpha < 1) || !(nStar > 0))
    return { error: 'invalid_input' }

  let meanA: number
  let meanB: number
  let varA: number
  let varB: number
  if (metric === 'proportion') {
    if (input.conversionsA === undefined || input.conversionsB === undefined)
      return { error: 'invalid_input' }
    meanA = input.conversionsA / nA
    meanB = input.conversionsB / nB
    varA = meanA * (1 - meanA)
    varB = meanB * (1 - meanB)
  } else {
    const vA = input.varianceA ?? (input.sdA === undefined ? undefined : input.sdA ** 2)
    const vB = input.varianceB ?? (input.sdB === undefined ? undefined : input.sdB ** 2)
    if (
      input.meanA === undefined ||
      input.meanB === undefined ||
      vA === undefined ||
      vB === undefined
    ) {
      return { error: 'invalid_input' }
    }
    meanA = input.meanA
    meanB = input.meanB
    varA = vA
    varB = vB
  }

  let pointEstimate: number
  let se: number
  if (differenceType === 'relative') {
    const seRelative = relativeLiftSe(Math.abs(meanA), varA, nA, meanB, varB, nB)
    if (seRelative === null) return { error: 'zero_baseline' }
    pointEstimate = (meanB - meanA) / Math.abs(meanA)
    se = seRelative
  } else {
    pointEstimate = meanB - meanA
    se = Math.sqrt(varA / nA + varB / nB)
  }
  if (!(se > 0)) return { error: 'zero_variance' }

  const N = nA + nB
  const logTerm = -2 * Math.log(alpha)
  const rho = Math.sqrt((logTerm + Math.log(logTerm + 1)) / nStar)
  const nRho2 = N * rho * rho
  const halfwidth =
    se *
    Math.sqrt(N) *
    Math.sqrt(((2 * (nRho2 + 1)) / (N * N * rho * rho)) * Math.log(Math.sqrt(nRho2 + 1) / alpha))
  const zScore = pointEstimate / se
  const logEvalue = -0.5 * Math.log1p(nRho2) + (nRho2 * zScore * zScore) / (2 * (nRho2 + 1))
  return {
    pointEstimate,
    se,
    N,
    n: N,
    rho,
    halfwidth,
    ci: [pointEstimate - halfwidth, pointEstimate + halfwidth],
    pValue: Math.min(1, Math.exp(-logEvalue)),
    logEvalue,
  }
}
