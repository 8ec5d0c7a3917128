/**
 * Runs reference-vector cases (spec §0 format) through the library and checks
 * them with the spec's tolerance rules. Used by the public_vectors*_stats specs; the
 * private set has the same format, so this file can run it too.
 */
import { readFileSync } from 'node:fs'
import * as stats from '#stats/index'

export interface Tolerance {
  abs?: number
  rel?: number
  exact?: boolean
}

export interface VectorCase {
  name: string
  method: string
  inputs: Record<string, unknown>
  expected: Record<string, unknown>
  tolerance?: { default?: Tolerance; fields?: Record<string, Tolerance> }
  tags?: string[]
}

/** Spec §0 defaults. */
const DEFAULT_TOLERANCE: Tolerance = { abs: 1e-9, rel: 1e-6 }
const TAIL_PRECISION: Tolerance = { abs: 0, rel: 1e-6 }

type CaseFunction = (input: never) => unknown

/** Method name in the cases → library function (input keys camelCased). */
export const METHOD_FUNCTIONS: Record<string, CaseFunction> = {
  two_proportion_ztest: stats.twoProportionZTest,
  wilson_interval: stats.wilsonInterval,
  chi_square_independence: stats.chiSquareIndependence,
  welch_t_test: stats.welchTTest,
  bayesian_beta_binomial: stats.bayesianBetaBinomial,
  bayesian_beta_binomial_multi: stats.bayesianBetaBinomialMulti,
  sample_size_two_proportions: stats.sampleSizeTwoProportions,
  power_two_proportions: stats.powerTwoProportions,
  experiment_duration: stats.experimentDuration,
  srm_chi_square_gof: stats.sampleRatioMismatch,
  multiple_comparisons: stats.multipleComparisons,
  msprt_two_proportions: stats.msprtTwoProportions,
  sequential_asymptotic_cs_growthbook: stats.asymptoticConfidenceSequence,
  k_factor: stats.kFactor,
  viral_growth_skok: stats.viralGrowth,
  cuped_means: stats.cupedMeans,
  ratio_metric: stats.ratioMetric,
  gaussian_bayesian_effect: stats.gaussianBayesianEffect,
  quantile_metric: stats.quantileMetric,
  sample_size_means: stats.sampleSizeMeans,
  mde_for_sample: stats.mdeForSample,
  bandit_weights: stats.banditWeights,
  relative_lift_test: stats.relativeLiftTest,
}

/** snake_case → camelCase (`ci_abs_diff` → `ciAbsDiff`, `adequately_powered_0_8` → `adequatelyPowered08`). */
export function toCamel(key: string): string {
  return key.replace(/_([a-z0-9])/gi, (_, c: string) => c.toUpperCase())
}

export function camelizeDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelizeDeep)
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [toCamel(k), camelizeDeep(v)]))
  }
  return value
}

type JsonReviver = (
  this: unknown,
  key: string,
  value: unknown,
  context?: { source?: string }
) => unknown

/**
 * Loads a vector file. `expected` values written as integer literals (no '.'
 * or exponent, e.g. `41` but not `41.0`) become bigint, so that they are
 * compared exactly (spec §0: integers match exactly). Needs Node ≥ 21.
 */
export function loadVectors(path: string): VectorCase[] {
  const text = readFileSync(path, 'utf8')
  const plain = JSON.parse(text) as { cases: VectorCase[] }
  const reviver: JsonReviver = (_key, value, context) =>
    typeof value === 'number' && context?.source !== undefined && /^-?\d+$/.test(context.source)
      ? BigInt(context.source)
      : value
  const typed = (JSON.parse as (text: string, reviver: JsonReviver) => unknown)(text, reviver) as {
    cases: VectorCase[]
  }
  return plain.cases.map((c, i) => ({ ...c, expected: typed.cases[i].expected }))
}

/** Runs one case through its function (camelCased inputs). */
export function runCase(vectorCase: VectorCase): unknown {
  const fn = METHOD_FUNCTIONS[vectorCase.method]
  if (!fn) throw new Error(`no function for method ${vectorCase.method}`)
  return fn(camelizeDeep(vectorCase.inputs) as never)
}

function toleranceFor(vectorCase: VectorCase, path: string[]): Tolerance {
  const fields = vectorCase.tolerance?.fields ?? {}
  for (let i = path.length - 1; i >= 0; i--) {
    const override = fields[path[i]]
    if (override?.exact) return override
    if (override && vectorCase.tags?.includes('tail_precision')) return TAIL_PRECISION
    if (override) return override
  }
  if (vectorCase.tags?.includes('tail_precision')) return TAIL_PRECISION
  return vectorCase.tolerance?.default ?? DEFAULT_TOLERANCE
}

function isUndefinedValue(actual: unknown): boolean {
  return (
    actual === null || actual === undefined || (typeof actual === 'number' && Number.isNaN(actual))
  )
}

/**
 * Compares a result with a case's `expected`; returns one message per failing
 * field (empty array = pass). Keys of `expected` are looked up in camelCase.
 */
export function compareCase(vectorCase: VectorCase, actual: unknown): string[] {
  const failures: string[] = []
  const resultIsError =
    actual !== null &&
    typeof actual === 'object' &&
    typeof (actual as { error?: unknown }).error === 'string'

  const visit = (expected: unknown, got: unknown, path: string[], label: string) => {
    if (expected === null) {
      if (!isUndefinedValue(got) && !resultIsError)
        failures.push(`${label}: expected undefined (null), got ${String(got)}`)
      return
    }
    if (typeof expected === 'bigint') {
      // Integer literal (a Python int in the generator): exact match.
      if (got !== Number(expected))
        failures.push(`${label}: expected exactly ${expected}, got ${String(got)}`)
      return
    }
    if (typeof expected === 'boolean' || typeof expected === 'string') {
      if (got !== expected)
        failures.push(`${label}: expected ${String(expected)}, got ${String(got)}`)
      return
    }
    if (typeof expected === 'number') {
      const tolerance = toleranceFor(vectorCase, path)
      if (typeof got !== 'number' || Number.isNaN(got)) {
        failures.push(`${label}: expected ${expected}, got ${String(got)}`)
        return
      }
      if (tolerance.exact) {
        if (got !== expected) failures.push(`${label}: expected exactly ${expected}, got ${got}`)
        return
      }
      const diff = Math.abs(got - expected)
      const abs = tolerance.abs ?? 0
      const rel = tolerance.rel ?? 0
      if (!(diff <= abs || diff <= rel * Math.abs(expected))) {
        failures.push(
          `${label}: expected ${expected}, got ${got} (|Δ| = ${diff}, abs ${abs}, rel ${rel})`
        )
      }
      return
    }
    if (Array.isArray(expected)) {
      if (!Array.isArray(got)) {
        failures.push(`${label}: expected an array, got ${String(got)}`)
        return
      }
      if (got.length !== expected.length)
        failures.push(`${label}: expected ${expected.length} items, got ${got.length}`)
      expected.forEach((item, i) => visit(item, got[i], path, `${label}[${i}]`))
      return
    }
    if (typeof expected === 'object') {
      if (got === null || typeof got !== 'object') {
        failures.push(`${label}: expected an object, got ${String(got)}`)
        return
      }
      for (const [key, value] of Object.entries(expected)) {
        visit(
          value,
          (got as Record<string, unknown>)[toCamel(key)],
          [...path, key],
          label ? `${label}.${key}` : key
        )
      }
    }
  }

  visit(vectorCase.expected, actual, [], '')
  return failures
}
