/** Small assertions shared by the statistics specs. */
import { isStatsError, type StatsError } from '#stats/index'

interface Assert {
  isTrue(value: unknown, message?: string): void
  fail(message?: string): never
}

/** Narrows `T | StatsError` to T, failing the test on an error result. */
export function ok<T extends object>(result: T | StatsError): T {
  if (isStatsError(result)) throw new Error(`unexpected error result: ${result.error}`)
  return result
}

/** |actual − expected| ≤ rel·|expected| (or ≤ abs). */
export function assertClose(
  assert: Assert,
  actual: number | null | undefined,
  expected: number,
  rel = 1e-9,
  abs = 0
): void {
  const close =
    typeof actual === 'number' &&
    (Math.abs(actual - expected) <= abs || Math.abs(actual - expected) <= rel * Math.abs(expected))
  assert.isTrue(close, `expected ${expected} (rel ${rel}, abs ${abs}), got ${actual}`)
}

/** Paths of every NaN, ±Infinity or undefined value inside a result. */
export function nonFiniteValues(value: unknown, path = ''): string[] {
  if (typeof value === 'number') return Number.isFinite(value) ? [] : [`${path} = ${value}`]
  if (value === undefined) return [`${path} = undefined`]
  if (Array.isArray(value)) return value.flatMap((v, i) => nonFiniteValues(v, `${path}[${i}]`))
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => nonFiniteValues(v, path ? `${path}.${k}` : k))
  }
  return []
}
