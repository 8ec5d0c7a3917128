import { test } from '@japa/runner'
import type { ExperimentDefinition, SubjectContext, VariantDefinition } from '#evaluation/types'
import { bucketRanges, chooseVariation, hash } from '#evaluation/bucketing'
import {
  controlVariant,
  evaluateAssignment,
  servedVariantForStatus,
  unitIdOf,
} from '#evaluation/evaluator'

function variant(key: string, weight: number, isControl = false): VariantDefinition {
  return { id: key.length, key, name: key, weight, isControl, config: { color: key } }
}

function experiment(overrides: Partial<ExperimentDefinition> = {}): ExperimentDefinition {
  return {
    id: 1,
    key: 'new-inbox',
    name: 'New inbox',
    status: 'running',
    unit: 'user',
    assignment: 'deterministic',
    coverage: 1,
    hashSeed: 'inbox-seed',
    hashVersion: 2,
    targeting: null,
    variants: [variant('control', 0.5, true), variant('treatment', 0.5)],
    namespaces: [],
    kind: 'experiment',
    holdoutId: null,
    winnerVariantKey: null,
    ...overrides,
  }
}

const user = (id: string, attributes: Record<string, unknown> = {}): SubjectContext => ({
  userId: id,
  attributes,
})

test.group('Evaluator / outcomes', () => {
  test('assigns deterministically, as GrowthBook buckets', ({ assert }) => {
    const definition = experiment()
    for (let i = 0; i < 200; i++) {
      const result = evaluateAssignment(definition, user(`user-${i}`))
      const bucket = hash('inbox-seed', `user-${i}`, 2)!
      const expectedIndex = chooseVariation(bucket, bucketRanges(2, 1, [0.5, 0.5]))
      assert.deepEqual(result, {
        outcome: 'assigned',
        variant: definition.variants[expectedIndex],
        variantIndex: expectedIndex,
        bucket,
        how: 'deterministic',
      })
    }
  })

  test('the same subject always gets the same variant', ({ assert }) => {
    const definition = experiment()
    const first = evaluateAssignment(definition, user('stable'))
    for (let i = 0; i < 5; i++)
      assert.deepEqual(evaluateAssignment(definition, user('stable')), first)
    assert.deepEqual(evaluateAssignment(experiment(), user('stable')), first)
  })

  test('the experiment key seeds the hash when the seed is empty', ({ assert }) => {
    const result = evaluateAssignment(experiment({ hashSeed: '' }), user('u-1'))
    assert.strictEqual(result.outcome === 'assigned' && result.bucket, hash('new-inbox', 'u-1', 2))
  })

  test('hash version 1 is honoured', ({ assert }) => {
    const result = evaluateAssignment(experiment({ hashVersion: 1 }), user('u-1'))
    assert.strictEqual(result.outcome === 'assigned' && result.bucket, hash('inbox-seed', 'u-1', 1))
  })

  test('an unsupported hash version is a loud error', ({ assert }) => {
    assert.throws(
      () => evaluateAssignment(experiment({ hashVersion: 3 as 2 }), user('u-1')),
      /unsupported hash version 3/
    )
  })

  test('no unit id: no_unit, for each unit', ({ assert }) => {
    const subject: SubjectContext = { userId: 'u-1', teamId: null, visitorId: '', attributes: {} }
    assert.deepEqual(evaluateAssignment(experiment({ unit: 'team' }), subject), {
      outcome: 'no_unit',
    })
    assert.deepEqual(evaluateAssignment(experiment({ unit: 'visitor' }), subject), {
      outcome: 'no_unit',
    })
    assert.deepEqual(evaluateAssignment(experiment(), { attributes: {} }), { outcome: 'no_unit' })
    assert.equal(evaluateAssignment(experiment({ unit: 'user' }), subject).outcome, 'assigned')
  })

  test('disjoint ranges of a namespace never share a subject; every range must hold', ({
    assert,
  }) => {
    const left = experiment({ namespaces: [{ namespace: 'checkout', start: 0, end: 0.3 }] })
    const right = experiment({
      key: 'other',
      namespaces: [{ namespace: 'checkout', start: 0.3, end: 1 }],
    })
    const both = experiment({
      namespaces: [
        { namespace: 'checkout', start: 0, end: 0.3 },
        { namespace: 'pricing', start: 0, end: 0.5 },
      ],
    })
    let inLeft = 0
    for (let i = 0; i < 2000; i++) {
      const subject = user(`user-${i}`)
      const a = evaluateAssignment(left, subject).outcome === 'assigned'
      const b = evaluateAssignment(right, subject).outcome === 'assigned'
      assert.notEqual(a, b, `user-${i} is in exactly one range`)
      if (a) inLeft++
      if (evaluateAssignment(both, subject).outcome === 'assigned') assert.isTrue(a)
    }
    assert.closeTo(inLeft / 2000, 0.3, 0.04)
    assert.deepEqual(
      evaluateAssignment(
        experiment({ namespaces: [{ namespace: 'n', start: 0, end: 0 }] }),
        user('x')
      ),
      { outcome: 'not_in_namespace' }
    )
  })

  test('the unit decides which id is hashed', ({ assert }) => {
    const subject: SubjectContext = {
      userId: 'u-1',
      teamId: 't-9',
      visitorId: 'v-4',
      attributes: {},
    }
    for (const [unit, id] of [
      ['user', 'u-1'],
      ['team', 't-9'],
      ['visitor', 'v-4'],
    ] as const) {
      assert.strictEqual(unitIdOf(unit, subject), id)
      const result = evaluateAssignment(experiment({ unit }), subject)
      assert.strictEqual(result.outcome === 'assigned' && result.bucket, hash('inbox-seed', id, 2))
    }
  })

  test('targeting is evaluated first, then the unit, then coverage, then the variant', ({
    assert,
  }) => {
    const definition = experiment({
      coverage: 0,
      targeting: { attribute: 'country', op: 'eq', value: 'US' },
    })
    // Not targeted wins even without a unit id and with zero coverage.
    assert.deepEqual(evaluateAssignment(definition, { attributes: { country: 'FR' } }), {
      outcome: 'not_targeted',
    })
    assert.deepEqual(evaluateAssignment(definition, { attributes: { country: 'US' } }), {
      outcome: 'no_unit',
    })
    const excluded = evaluateAssignment(definition, user('u-1', { country: 'US' }))
    assert.deepEqual(excluded, { outcome: 'excluded', bucket: hash('inbox-seed', 'u-1', 2)! })
    const full = experiment({ targeting: definition.targeting })
    assert.equal(evaluateAssignment(full, user('u-1', { country: 'US' })).outcome, 'assigned')
  })

  test('targeting reads segments', ({ assert }) => {
    const definition = experiment({ targeting: { segment: 'creators' } })
    const segments = { creators: { attribute: 'userType', op: 'eq' as const, value: 'creator' } }
    const creator = user('u-1', { userType: 'creator' })
    assert.equal(evaluateAssignment(definition, creator, segments).outcome, 'assigned')
    assert.equal(evaluateAssignment(definition, creator).outcome, 'not_targeted')
  })

  test('coverage excludes the subjects outside it, and only those', ({ assert }) => {
    const definition = experiment({ coverage: 0.4 })
    const ranges = bucketRanges(2, 0.4)
    let excluded = 0
    for (let i = 0; i < 2000; i++) {
      const result = evaluateAssignment(definition, user(`user-${i}`))
      const bucket = hash('inbox-seed', `user-${i}`, 2)!
      assert.strictEqual(result.outcome === 'excluded', chooseVariation(bucket, ranges) < 0)
      if (result.outcome === 'excluded') excluded++
    }
    assert.closeTo(excluded / 2000, 0.6, 0.04)
  })

  test('weights come from the variants', ({ assert }) => {
    const definition = experiment({
      variants: [variant('a', 0.1, true), variant('b', 0.2), variant('c', 0.7)],
    })
    const counts = [0, 0, 0]
    for (let i = 0; i < 10_000; i++) {
      const result = evaluateAssignment(definition, user(`user-${i}`))
      if (result.outcome === 'assigned') counts[result.variantIndex]++
    }
    assert.closeTo(counts[0] / 10_000, 0.1, 0.03)
    assert.closeTo(counts[1] / 10_000, 0.2, 0.03)
    assert.closeTo(counts[2] / 10_000, 0.7, 0.03)
  })

  test('a reassigned field is picked up despite the cache', ({ assert }) => {
    const definition = experiment()
    assert.equal(evaluateAssignment(definition, user('u-1')).outcome, 'assigned')
    definition.coverage = 0
    assert.equal(evaluateAssignment(definition, user('u-1')).outcome, 'excluded')
    definition.coverage = 1
    definition.targeting = { attribute: 'beta', op: 'eq', value: true }
    assert.equal(evaluateAssignment(definition, user('u-1')).outcome, 'not_targeted')
    definition.targeting = null
    definition.variants = [variant('only', 1, true)]
    const result = evaluateAssignment(definition, user('u-1'))
    assert.isTrue(result.outcome === 'assigned' && result.variant.key === 'only')
  })

  test('no variants: everyone is excluded', ({ assert }) => {
    assert.equal(evaluateAssignment(experiment({ variants: [] }), user('u-1')).outcome, 'excluded')
  })
})

test.group('Evaluator / random assignment', () => {
  test('draws exactly once from the random source and maps it like a bucket', ({ assert }) => {
    const definition = experiment({ assignment: 'random' })
    const draws: number[] = []
    const source = (value: number) => () => {
      draws.push(value)
      return value
    }
    const low = evaluateAssignment(definition, user('u-1'), undefined, source(0.2))
    const high = evaluateAssignment(definition, user('u-1'), undefined, source(0.7))
    assert.deepEqual(draws, [0.2, 0.7])
    assert.deepInclude(low, { outcome: 'assigned', variantIndex: 0, bucket: 0.2, how: 'random' })
    assert.deepInclude(high, { outcome: 'assigned', variantIndex: 1, bucket: 0.7, how: 'random' })
  })

  test('coverage applies to the draw too', ({ assert }) => {
    const definition = experiment({ assignment: 'random', coverage: 0.5 })
    assert.deepEqual(
      evaluateAssignment(definition, user('u-1'), undefined, () => 0.3),
      {
        outcome: 'excluded',
        bucket: 0.3,
      }
    )
    assert.equal(
      evaluateAssignment(definition, user('u-1'), undefined, () => 0.1).outcome,
      'assigned'
    )
  })

  test('no draw when the subject is not targeted or has no unit', ({ assert }) => {
    let draws = 0
    const source = () => {
      draws++
      return 0.5
    }
    const definition = experiment({
      assignment: 'random',
      targeting: { attribute: 'beta', op: 'eq', value: true },
    })
    evaluateAssignment(definition, user('u-1'), undefined, source)
    evaluateAssignment(definition, { attributes: { beta: true } }, undefined, source)
    assert.strictEqual(draws, 0)
  })

  test('defaults to Math.random', ({ assert }) => {
    const definition = experiment({ assignment: 'random' })
    const indexes = new Set<number>()
    for (let i = 0; i < 200; i++) {
      const result = evaluateAssignment(definition, user('same-user'))
      if (result.outcome === 'assigned') indexes.add(result.variantIndex)
    }
    assert.deepEqual([...indexes].sort(), [0, 1])
  })
})

test.group('Evaluator / what a non-running experiment serves', () => {
  const variants = [variant('treatment', 0.5), variant('control', 0.5, true), variant('bold', 0)]

  test('draft serves nothing; running is decided per subject', ({ assert }) => {
    assert.isNull(servedVariantForStatus(experiment({ status: 'draft', variants })))
    assert.isNull(servedVariantForStatus(experiment({ status: 'running', variants })))
  })

  test('paused serves the control, even with a winner declared', ({ assert }) => {
    const paused = experiment({ status: 'paused', variants, winnerVariantKey: 'bold' })
    assert.strictEqual(servedVariantForStatus(paused)?.key, 'control')
  })

  test('completed serves the winner, else the control', ({ assert }) => {
    const completed = (winnerVariantKey: string | null) =>
      servedVariantForStatus(experiment({ status: 'completed', variants, winnerVariantKey }))
    assert.strictEqual(completed('bold')?.key, 'bold')
    assert.strictEqual(completed(null)?.key, 'control')
    assert.strictEqual(completed('deleted-variant')?.key, 'control')
  })

  test('without a flagged control, the first variant is the control', ({ assert }) => {
    const unflagged = [variant('a', 0.5), variant('b', 0.5)]
    assert.strictEqual(controlVariant(experiment({ variants: unflagged }))?.key, 'a')
    assert.isNull(servedVariantForStatus(experiment({ status: 'paused', variants: [] })))
  })
})
