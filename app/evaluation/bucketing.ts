/**
 * Deterministic bucketing, compatible with the GrowthBook SDKs: the same seed, subject id,
 * hash version, weights and coverage give the same variant here and in any GrowthBook SDK.
 */

import type { NamespaceRange } from './types.js'

export type BucketRange = [number, number]

const FNV_OFFSET_BASIS = 0x811c9dc5
const FNV_PRIME = 0x01000193

/** Feeds the UTF-16 code units of `text` into a 32-bit FNV-1a state. */
function fnvUpdate(state: number, text: string): number {
  let h = state
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME)
  }
  return h >>> 0
}

const digits = new Uint8Array(10)

/**
 * Feeds the decimal digits of an unsigned 32-bit integer, as `String(n)` would spell them,
 * without building the string. `n` is split at 10^5 so that both halves are small integers
 * and digit extraction stays in integer arithmetic (float division was the slow part).
 */
function fnvUpdateDecimal(state: number, n: number): number {
  let high = Math.floor(n / 100_000)
  let low = (n - high * 100_000) | 0
  let count = 0
  // The low half is zero-padded to five digits when the high half has digits of its own.
  do {
    const quotient = (low / 10) | 0
    digits[count++] = low - quotient * 10
    low = quotient
  } while (high > 0 ? count < 5 : low > 0)
  while (high > 0) {
    const quotient = (high / 10) | 0
    digits[count++] = high - quotient * 10
    high = quotient
  }
  let h = state
  while (count > 0) h = Math.imul(h ^ (48 + digits[--count]), FNV_PRIME)
  return h >>> 0
}

/** Version 2 finishes by re-hashing the decimal form of the first hash (removes v1's bias). */
function finishV2(firstHash: number): number {
  return (fnvUpdateDecimal(FNV_OFFSET_BASIS, firstHash) % 10000) / 10000
}

/**
 * GrowthBook's hash: a number in [0, 1), or null for an unknown version.
 * v1 = fnv1a32(value + seed) % 1000 / 1000; v2 = fnv1a32(String(fnv1a32(seed + value))) % 10000 / 10000.
 */
export function hash(seed: string, value: string, version: number): number | null {
  if (version === 2) return finishV2(fnvUpdate(fnvUpdate(FNV_OFFSET_BASIS, seed), value))
  if (version === 1) return (fnvUpdate(fnvUpdate(FNV_OFFSET_BASIS, value), seed) % 1000) / 1000
  return null
}

/**
 * `hash` with the seed fixed, for hot paths: the FNV state after the seed is computed once
 * (v2 hashes the seed first) and no string is concatenated per call.
 * Returns null for an unknown version.
 */
export function seededHasher(seed: string, version: number): ((value: string) => number) | null {
  if (version === 2) {
    const seedState = fnvUpdate(FNV_OFFSET_BASIS, seed)
    return (value) => finishV2(fnvUpdate(seedState, value))
  }
  if (version === 1) {
    return (value) => (fnvUpdate(fnvUpdate(FNV_OFFSET_BASIS, value), seed) % 1000) / 1000
  }
  return null
}

/** `count` equal weights (empty for count ≤ 0). */
export function equalWeights(count: number): number[] {
  if (count <= 0) return []
  return new Array<number>(count).fill(1 / count)
}

function usableWeights(count: number, weights: number[] | undefined): number[] {
  if (!weights || weights.length !== count) return equalWeights(count)
  let total = 0
  for (const weight of weights) total += weight
  // GrowthBook tolerates rounding (e.g. three weights of 0.3333) but not real mistakes.
  if (!(total >= 0.99 && total <= 1.01)) return equalWeights(count)
  return weights
}

/**
 * One [start, end) range per variant. Each variant owns a slice of [0, 1) as wide as its
 * weight and is assigned only in the first `coverage` share of that slice, so raising
 * coverage only grows ranges and never moves an assigned subject to another variant.
 * Coverage is clamped to 0..1; missing or invalid weights fall back to equal weights.
 */
export function bucketRanges(count: number, coverage = 1, weights?: number[]): BucketRange[] {
  const share = coverage < 0 ? 0 : coverage > 1 ? 1 : coverage
  let start = 0
  return usableWeights(count, weights).map((weight) => {
    const range: BucketRange = [start, start + share * weight]
    start += weight
    return range
  })
}

/**
 * GrowthBook's namespace test: the subject's v1 hash with the seed "__" + namespace falls
 * in the range. The seed ignores the experiment, so every experiment of the namespace sees
 * the same number for a subject, and disjoint ranges exclude each other.
 */
export function inNamespace(unitId: string, range: NamespaceRange): boolean {
  const n = hash(`__${range.namespace}`, unitId, 1)!
  return n >= range.start && n < range.end
}

export function inRange(n: number, range: BucketRange): boolean {
  return n >= range[0] && n < range[1]
}

/** Index of the range holding `n`, or -1 when `n` falls outside every range (not covered). */
export function chooseVariation(n: number, ranges: BucketRange[]): number {
  let index = 0
  for (const range of ranges) {
    if (inRange(n, range)) return index
    index++
  }
  return -1
}
