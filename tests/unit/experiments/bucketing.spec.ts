import { readFileSync } from 'node:fs'
import { test } from '@japa/runner'
import {
  bucketRanges,
  chooseVariation,
  equalWeights,
  hash,
  inNamespace,
  inRange,
  seededHasher,
  type BucketRange,
} from '#evaluation/bucketing'

interface Cases {
  hash: [string, string, number, number | null][]
  getBucketRange: [string, [number, number, number[] | null], BucketRange[]][]
  chooseVariation: [string, number, BucketRange[], number][]
  getEqualWeights: [number, number[]][]
  inNamespace: [string, string, [string, number, number], boolean][]
}

const cases: Cases = JSON.parse(
  readFileSync(new URL('../../fixtures/growthbook-bucketing-cases.json', import.meta.url), 'utf8')
)

/** Straight from the definition (string concatenation, String()), to check the fast path. */
function referenceFnv(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h = (h ^ text.charCodeAt(i)) >>> 0
    h = Number((BigInt(h) * 16777619n) % 4294967296n)
  }
  return h
}
function referenceHash(seed: string, value: string, version: 1 | 2): number {
  return version === 1
    ? (referenceFnv(value + seed) % 1000) / 1000
    : (referenceFnv(String(referenceFnv(seed + value))) % 10000) / 10000
}

/** Deterministic pseudo-random strings (includes non-ASCII and surrogate code units). */
function* randomStrings(count: number) {
  let state = 12345
  const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0)
  for (let i = 0; i < count; i++) {
    const length = next() % 40
    let text = ''
    for (let j = 0; j < length; j++) {
      const roll = next() % 10
      text += String.fromCharCode(roll < 7 ? 32 + (next() % 95) : next() % 0xffff)
    }
    yield text
  }
}

function close(actual: number, expected: number) {
  return Math.abs(actual - expected) < 1e-9
}

test.group('Bucketing / GrowthBook conformance cases', () => {
  test('the fixture holds every section', ({ assert }) => {
    assert.lengthOf(cases.hash, 15)
    assert.lengthOf(cases.getBucketRange, 13)
    assert.lengthOf(cases.chooseVariation, 13)
    assert.lengthOf(cases.getEqualWeights, 6)
    assert.lengthOf(cases.inNamespace, 16)
  })

  for (const [name, unitId, [namespace, start, end], expected] of cases.inNamespace) {
    test(`in namespace: ${name}`, ({ assert }) => {
      assert.strictEqual(inNamespace(unitId, { namespace, start, end }), expected)
    })
  }

  for (const [seed, value, version, expected] of cases.hash) {
    test(`hash(${JSON.stringify(seed)}, ${JSON.stringify(value)}, v${version}) = ${expected}`, ({
      assert,
    }) => {
      assert.strictEqual(hash(seed, value, version), expected)
      if (expected !== null) assert.strictEqual(seededHasher(seed, version)!(value), expected)
      else assert.isNull(seededHasher(seed, version))
    })
  }

  for (const [name, [count, coverage, weights], expected] of cases.getBucketRange) {
    test(`bucket ranges: ${name}`, ({ assert }) => {
      const ranges = bucketRanges(count, coverage, weights ?? undefined)
      assert.lengthOf(ranges, expected.length)
      ranges.forEach((range, i) => {
        assert.isTrue(
          close(range[0], expected[i][0]) && close(range[1], expected[i][1]),
          `range ${i}: expected ${expected[i]}, got ${range}`
        )
      })
    })
  }

  for (const [name, n, ranges, expected] of cases.chooseVariation) {
    test(`choose variation: ${name}`, ({ assert }) => {
      assert.strictEqual(chooseVariation(n, ranges), expected)
    })
  }

  for (const [count, expected] of cases.getEqualWeights) {
    test(`equal weights for ${count}`, ({ assert }) => {
      const weights = equalWeights(count)
      assert.lengthOf(weights, expected.length)
      weights.forEach((weight, i) => assert.closeTo(weight, expected[i], 1e-8))
    })
  }
})

test.group('Bucketing / hash', () => {
  test('matches the definition on 5,000 arbitrary strings, both versions', ({ assert }) => {
    const strings = [...randomStrings(5000)]
    let mismatches = 0
    strings.forEach((value, i) => {
      const seed = strings[(i * 7) % strings.length]
      for (const version of [1, 2] as const) {
        const expected = referenceHash(seed, value, version)
        if (hash(seed, value, version) !== expected) mismatches++
        if (seededHasher(seed, version)!(value) !== expected) mismatches++
      }
    })
    assert.strictEqual(mismatches, 0)
  })

  test('v2 re-hashes first hashes of every decimal length (1 to 10 digits)', ({ assert }) => {
    // Found by search: fnv1a32("s" + value) has 1, 2, ... 10 digits (e.g. "uuesr4" → 2).
    const values = ['uuesr4', 'ujvkx8', 'u8408', 'uoflc', 'u3e3u', 'u1i7', 'uh8', 'u5', 'u0', 'ua']
    values.forEach((value, i) => {
      assert.lengthOf(String(referenceFnv(`s${value}`)), i + 1)
      assert.strictEqual(hash('s', value, 2), referenceHash('s', value, 2), value)
    })
  })

  test('unknown versions give null', ({ assert }) => {
    assert.isNull(hash('abc', 'def', 99))
    assert.isNull(hash('abc', 'def', 0))
    assert.isNull(seededHasher('abc', 3))
  })

  test('stays in [0, 1)', ({ assert }) => {
    for (const value of randomStrings(2000)) {
      for (const version of [1, 2]) {
        const n = hash('seed', value, version)!
        assert.isTrue(n >= 0 && n < 1, `${n}`)
      }
    }
  })
})

test.group('Bucketing / ranges and variation', () => {
  test('inRange includes the start and excludes the end', ({ assert }) => {
    assert.isTrue(inRange(0.25, [0.25, 0.5]))
    assert.isFalse(inRange(0.5, [0.25, 0.5]))
    assert.isFalse(inRange(0.3, [0.3, 0.3]))
  })

  test('weights are kept within ±0.01 of summing to 1, replaced by equal ones beyond', ({
    assert,
  }) => {
    // Sums 0.995 and 1.01: kept.
    assert.deepEqual(bucketRanges(2, 1, [0.3, 0.695])[0], [0, 0.3])
    assert.deepEqual(bucketRanges(2, 1, [0.3, 0.71])[0], [0, 0.3])
    // Sums 0.98, 1.02 and 2: equal weights.
    for (const weights of [
      [0.3, 0.68],
      [0.3, 0.72],
      [1, 1],
    ]) {
      assert.deepEqual(bucketRanges(2, 1, weights), [
        [0, 0.5],
        [0.5, 1],
      ])
    }
  })

  test('no variants, no ranges', ({ assert }) => {
    assert.deepEqual(bucketRanges(0), [])
    assert.strictEqual(chooseVariation(0.5, []), -1)
  })

  test('raising coverage never moves an assigned subject to another variant', ({ assert }) => {
    const coverages = [0, 0.05, 0.1, 0.25, 0.4, 0.5, 0.75, 0.9, 1]
    const weightSets = [undefined, [0.2, 0.8], [0.1, 0.3, 0.6], [0.25, 0.25, 0.25, 0.25]]
    let moved = 0
    let checked = 0
    for (const weights of weightSets) {
      const count = weights?.length ?? 2
      const rangesByCoverage = coverages.map((c) => bucketRanges(count, c, weights))
      for (let i = 0; i < 5000; i++) {
        const bucket = hash('coverage-property', `user-${i}`, 2)!
        let previous = -1
        for (const ranges of rangesByCoverage) {
          const variant = chooseVariation(bucket, ranges)
          if (previous >= 0) {
            checked++
            if (variant !== previous) moved++
          }
          if (variant >= 0) previous = variant
        }
      }
    }
    assert.isAbove(checked, 10_000)
    assert.strictEqual(moved, 0)
  })

  test('the covered share of subjects follows coverage', ({ assert }) => {
    const ranges = bucketRanges(2, 0.3)
    let covered = 0
    for (let i = 0; i < 10_000; i++) {
      if (chooseVariation(hash('share', `user-${i}`, 2)!, ranges) >= 0) covered++
    }
    assert.closeTo(covered / 10_000, 0.3, 0.03)
  })

  for (const weights of [
    [0.5, 0.5],
    [0.2, 0.8],
  ]) {
    for (const version of [1, 2]) {
      test(`10,000 subjects split ${weights.join('/')} within ±3 points (hash v${version})`, ({
        assert,
      }) => {
        const ranges = bucketRanges(2, 1, weights)
        const counts = [0, 0]
        for (let i = 0; i < 10_000; i++) {
          counts[chooseVariation(hash('distribution', `user-${i}`, version)!, ranges)]++
        }
        assert.closeTo(counts[0] / 10_000, weights[0], 0.03)
        assert.closeTo(counts[1] / 10_000, weights[1], 0.03)
      })
    }
  }
})
