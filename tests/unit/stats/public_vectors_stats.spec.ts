import { test } from '@japa/runner'
import { fileURLToPath } from 'node:url'
import {
  compareCase,
  loadVectors,
  runCase,
  METHOD_FUNCTIONS,
  type VectorCase,
} from './vector_harness.js'

const fixture = fileURLToPath(
  new URL('../../fixtures/statistics-public-vectors.json', import.meta.url)
)
const cases = loadVectors(fixture)

test.group('Stats / public reference vectors', () => {
  test('the fixture holds every public case, each with a known method', ({ assert }) => {
    assert.lengthOf(cases, 13)
    for (const c of cases) assert.property(METHOD_FUNCTIONS, c.method, c.name)
  })

  for (const vectorCase of cases) {
    test(vectorCase.name, ({ assert }) => {
      const failures = compareCase(vectorCase, runCase(vectorCase))
      assert.deepEqual(failures, [])
    })
  }
})

test.group('Stats / vector harness', () => {
  const base: VectorCase = {
    name: 'harness_probe',
    method: 'wilson_interval',
    inputs: { conversions: 3, n: 20, confidence: 0.95 },
    expected: { p_hat: 0.15, lower: 0.052368745896216595 },
    tolerance: { default: { abs: 1e-9, rel: 1e-6 } },
  }

  test('passes a correct case', ({ assert }) => {
    assert.deepEqual(compareCase(base, runCase(base)), [])
  })

  test('fails a value outside both tolerances', ({ assert }) => {
    const wrong = { ...base, expected: { ...base.expected, lower: 0.0523688 } }
    assert.lengthOf(compareCase(wrong, runCase(wrong)), 1)
  })

  test('fails a number where the spec expects undefined', ({ assert }) => {
    const wrong = { ...base, expected: { p_hat: null } }
    assert.lengthOf(compareCase(wrong, runCase(wrong)), 1)
  })

  test('integer literals must match exactly and booleans too', ({ assert }) => {
    const z: VectorCase = {
      name: 'probe_z',
      method: 'sample_size_two_proportions',
      inputs: { baseline: 0.1, alpha: 0.05, power: 0.8, sides: 2, mde_relative: 0.2 },
      expected: { n_classic_ceil: 3841n, total_classic: 7683n },
    }
    const failures = compareCase(z, runCase(z))
    assert.lengthOf(failures, 1)
    assert.match(failures[0], /total_classic/)
  })

  test('tail_precision cases drop the absolute tolerance', ({ assert }) => {
    const tail: VectorCase = {
      name: 'probe_tail',
      method: 'two_proportion_ztest',
      inputs: { conversions_a: 200, n_a: 2000, conversions_b: 240, n_b: 2000 },
      expected: { p_value: 0.043244928043021755 * (1 + 3e-6) },
      tolerance: {
        default: { abs: 1e-9, rel: 1e-6 },
        fields: { p_value: { abs: 1e-6, rel: 1e-6 } },
      },
    }
    assert.lengthOf(compareCase(tail, runCase(tail)), 0)
    assert.lengthOf(compareCase({ ...tail, tags: ['tail_precision'] }, runCase(tail)), 1)
  })
})
