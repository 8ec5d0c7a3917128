import { test } from '@japa/runner'
import { fileURLToPath } from 'node:url'
import { compareCase, loadVectors, runCase, METHOD_FUNCTIONS } from './vector_harness.js'

// Part 2 of the spec (§13–§21), copied from the shared notes: the product never reads outside the repository.
const fixture = fileURLToPath(
  new URL('../../fixtures/statistics-public-vectors-2.json', import.meta.url)
)
const cases = loadVectors(fixture)

test.group('Stats / public reference vectors, part 2', () => {
  test('the fixture holds every public case, each with a known method', ({ assert }) => {
    assert.lengthOf(cases, 16)
    for (const c of cases) assert.property(METHOD_FUNCTIONS, c.method, c.name)
  })

  for (const vectorCase of cases) {
    test(vectorCase.name, ({ assert }) => {
      const failures = compareCase(vectorCase, runCase(vectorCase))
      assert.deepEqual(failures, [])
    })
  }
})
