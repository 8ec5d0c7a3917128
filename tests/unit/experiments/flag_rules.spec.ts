import { test } from '@japa/runner'
import type { FlagDefinition, SubjectContext } from '#evaluation/types'
import { hash } from '#evaluation/bucketing'
import { evaluateFlag, validateFlagValue } from '#evaluation/flag_rules'

function flag(overrides: Partial<FlagDefinition> = {}): FlagDefinition {
  return {
    id: 1,
    key: 'new-editor',
    type: 'boolean',
    enabled: true,
    defaultValue: false,
    rules: [],
    experimentKey: null,
    experimentConfigKey: null,
    unit: 'user',
    ...overrides,
  }
}

const user = (id: string | null, attributes: Record<string, unknown> = {}): SubjectContext => ({
  userId: id,
  attributes,
})

test.group('Flags / evaluation order', () => {
  test('a disabled flag serves its default, whatever its rules and experiment', ({ assert }) => {
    const disabled = flag({
      enabled: false,
      rules: [{ rollout: 100, value: true }],
      experimentKey: 'exp',
    })
    const result = evaluateFlag(disabled, user('u-1'), {
      experimentVariantConfig: () => ({ 'new-editor': true }),
    })
    assert.deepEqual(result, { value: false, reason: 'disabled' })
  })

  test('no rules: the default, reason default', ({ assert }) => {
    assert.deepEqual(evaluateFlag(flag(), user('u-1')), { value: false, reason: 'default' })
  })

  test('rules are tried in order; the first that matches wins', ({ assert }) => {
    const ordered = flag({
      type: 'string',
      defaultValue: 'classic',
      rules: [
        {
          targeting: { attribute: 'plan', op: 'eq', value: 'enterprise' },
          rollout: 100,
          value: 'ent',
        },
        {
          targeting: { attribute: 'country', op: 'in', value: ['US', 'CA'] },
          rollout: 100,
          value: 'na',
        },
        { rollout: 100, value: 'everyone' },
      ],
    })
    assert.deepEqual(evaluateFlag(ordered, user('u-1', { plan: 'enterprise', country: 'US' })), {
      value: 'ent',
      reason: 'rule_match',
      ruleIndex: 0,
    })
    assert.deepEqual(evaluateFlag(ordered, user('u-1', { country: 'CA' })), {
      value: 'na',
      reason: 'rule_match',
      ruleIndex: 1,
    })
    assert.deepEqual(evaluateFlag(ordered, user('u-1', { country: 'FR' })), {
      value: 'everyone',
      reason: 'rule_match',
      ruleIndex: 2,
    })
  })

  test('no rule applies: the default, reason no_match', ({ assert }) => {
    const rules = flag({
      rules: [
        { targeting: { attribute: 'beta', op: 'eq', value: true }, rollout: 100, value: true },
      ],
    })
    assert.deepEqual(evaluateFlag(rules, user('u-1')), { value: false, reason: 'no_match' })
  })

  test('rule targeting can use segments', ({ assert }) => {
    const bySegment = flag({
      rules: [{ targeting: { segment: 'staff' }, rollout: 100, value: true }],
    })
    const segments = { staff: { attribute: 'email', op: 'regex' as const, value: '@acme\\.io$' } }
    const staff = user('u-1', { email: 'jo@acme.io' })
    assert.strictEqual(evaluateFlag(bySegment, staff, { segments }).value, true)
    assert.strictEqual(evaluateFlag(bySegment, staff).reason, 'no_match')
  })
})

test.group('Flags / percentage rollout', () => {
  test('rolls in exactly the subjects whose sticky hash is below the rollout', ({ assert }) => {
    const partial = flag({
      rules: [
        { targeting: { attribute: 'never', op: 'exists' }, rollout: 100, value: 'skipped' },
        { rollout: 30, value: true },
      ],
    })
    let rolledIn = 0
    for (let i = 0; i < 5000; i++) {
      const result = evaluateFlag(partial, user(`user-${i}`))
      const expected = hash('new-editor:1', `user-${i}`, 2)! < 0.3
      assert.strictEqual(result.reason === 'rule_match', expected)
      if (expected) {
        rolledIn++
        assert.deepEqual(result, { value: true, reason: 'rule_match', ruleIndex: 1 })
      }
    }
    assert.closeTo(rolledIn / 5000, 0.3, 0.03)
  })

  test('is sticky: raising the rollout keeps everyone already in', ({ assert }) => {
    const at = (rollout: number) => flag({ rules: [{ rollout, value: true }] })
    const steps = [0, 10, 25, 50, 75, 100].map(at)
    for (let i = 0; i < 2000; i++) {
      const subject = user(`user-${i}`)
      let wasIn = false
      for (const step of steps) {
        const isIn = evaluateFlag(step, subject).reason === 'rule_match'
        assert.isTrue(isIn || !wasIn, `user-${i} dropped out`)
        wasIn = isIn
      }
      assert.isTrue(wasIn)
    }
  })

  test('a subject falling out of one rule can still match the next', ({ assert }) => {
    const twoRules = flag({
      rules: [
        { rollout: 50, value: 'first' },
        { rollout: 100, value: 'second' },
      ],
    })
    const reasons = new Set<unknown>()
    for (let i = 0; i < 200; i++) reasons.add(evaluateFlag(twoRules, user(`user-${i}`)).value)
    assert.deepEqual([...reasons].sort(), ['first', 'second'])
  })

  test('the flag key and rule index seed the hash, so rules roll out independently', ({
    assert,
  }) => {
    const a = flag({ rules: [{ rollout: 50, value: true }] })
    const b = flag({ key: 'other-flag', rules: [{ rollout: 50, value: true }] })
    let differ = 0
    for (let i = 0; i < 1000; i++) {
      const subject = user(`user-${i}`)
      if (evaluateFlag(a, subject).reason !== evaluateFlag(b, subject).reason) differ++
    }
    assert.isAbove(differ, 350)
  })

  test('without a unit id, only a 100% rollout rolls the subject in', ({ assert }) => {
    const anonymous = user(null)
    assert.strictEqual(
      evaluateFlag(flag({ rules: [{ rollout: 99.9, value: true }] }), anonymous).reason,
      'no_match'
    )
    assert.deepEqual(evaluateFlag(flag({ rules: [{ rollout: 100, value: true }] }), anonymous), {
      value: true,
      reason: 'rule_match',
      ruleIndex: 0,
    })
  })

  test('0% rolls nobody in; the unit decides the hashed id', ({ assert }) => {
    assert.strictEqual(
      evaluateFlag(flag({ rules: [{ rollout: 0, value: true }] }), user('u')).reason,
      'no_match'
    )
    const byTeam = flag({ unit: 'team', rules: [{ rollout: 50, value: true }] })
    for (let i = 0; i < 100; i++) {
      const subject: SubjectContext = { userId: 'same-user', teamId: `team-${i}`, attributes: {} }
      const expected = hash('new-editor:0', `team-${i}`, 2)! < 0.5
      assert.strictEqual(evaluateFlag(byTeam, subject).reason === 'rule_match', expected)
    }
  })

  test('rules added later to the same list get their own hasher', ({ assert }) => {
    const growing = flag({ rules: [{ rollout: 0, value: 'a' }] })
    assert.strictEqual(evaluateFlag(growing, user('u-1')).reason, 'no_match')
    growing.rules.push({ rollout: 100, value: 'b' })
    assert.deepEqual(evaluateFlag(growing, user('u-1')), {
      value: 'b',
      reason: 'rule_match',
      ruleIndex: 1,
    })
  })
})

test.group('Flags / experiment-linked', () => {
  const linked = flag({
    type: 'string',
    key: 'button-color',
    defaultValue: 'grey',
    experimentKey: 'checkout-test',
    rules: [{ rollout: 100, value: 'blue' }],
  })

  test('the value comes from the variant config, under the flag key', ({ assert }) => {
    const asked: string[] = []
    const result = evaluateFlag(linked, user('u-1'), {
      experimentVariantConfig: (key) => {
        asked.push(key)
        return { 'button-color': 'green', 'other': 1 }
      },
    })
    assert.deepEqual(result, { value: 'green', reason: 'experiment' })
    assert.deepEqual(asked, ['checkout-test'])
  })

  test('experimentConfigKey picks another key of the config', ({ assert }) => {
    const result = evaluateFlag({ ...linked, experimentConfigKey: 'color' }, user('u-1'), {
      experimentVariantConfig: () => ({ 'color': 'red', 'button-color': 'green' }),
    })
    assert.strictEqual(result.value, 'red')
  })

  test('the variant is named when the lookup returns it', ({ assert }) => {
    const result = evaluateFlag(linked, user('u-1'), {
      experimentVariant: () => ({ key: 'treatment', config: { 'button-color': 'green' } }),
      experimentVariantConfig: () => ({ 'button-color': 'ignored' }),
    })
    assert.deepEqual(result, { value: 'green', reason: 'experiment', variant: 'treatment' })
  })

  test('falls through to the rules without a variant or without the key', ({ assert }) => {
    const fallback = { value: 'blue', reason: 'rule_match', ruleIndex: 0 }
    assert.deepEqual(
      evaluateFlag(linked, user('u-1'), { experimentVariantConfig: () => null }),
      fallback
    )
    assert.deepEqual(
      evaluateFlag(linked, user('u-1'), { experimentVariantConfig: () => ({ color: 'red' }) }),
      fallback
    )
    assert.deepEqual(evaluateFlag(linked, user('u-1'), { experimentVariant: () => null }), fallback)
    assert.deepEqual(evaluateFlag(linked, user('u-1')), fallback)
  })

  test('a falsy configured value is still served', ({ assert }) => {
    const result = evaluateFlag({ ...linked, type: 'boolean' }, user('u-1'), {
      experimentVariantConfig: () => ({ 'button-color': false }),
    })
    assert.deepEqual(result, { value: false, reason: 'experiment' })
  })

  test('an unlinked flag never asks for a variant', ({ assert }) => {
    let asked = false
    evaluateFlag(flag(), user('u-1'), {
      experimentVariantConfig: () => {
        asked = true
        return {}
      },
    })
    assert.isFalse(asked)
  })
})

test.group('Flags / value validation', () => {
  test('boolean, string, number', ({ assert }) => {
    assert.isNull(validateFlagValue('boolean', false))
    assert.strictEqual(validateFlagValue('boolean', 'true'), 'must be true or false')
    assert.isNull(validateFlagValue('string', ''))
    assert.strictEqual(validateFlagValue('string', 3), 'must be a string')
    assert.isNull(validateFlagValue('number', -2.5))
    assert.strictEqual(validateFlagValue('number', '3'), 'must be a finite number')
    assert.strictEqual(
      validateFlagValue('number', Number.POSITIVE_INFINITY),
      'must be a finite number'
    )
    assert.strictEqual(validateFlagValue('number', Number.NaN), 'must be a finite number')
  })

  test('json accepts any JSON value and nothing else', ({ assert }) => {
    for (const value of [{ a: [1, 'x', null, { b: true }] }, [], 'text', 0, false, null]) {
      assert.isNull(validateFlagValue('json', value), JSON.stringify(value))
    }
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    const shared = { x: 1 }
    assert.isNull(validateFlagValue('json', { a: shared, b: shared }))
    for (const value of [
      undefined,
      () => 1,
      { when: new Date() },
      [Number.NaN],
      { n: 10n },
      cyclic,
    ]) {
      assert.strictEqual(
        validateFlagValue('json', value),
        'must be a JSON value (object, array, string, finite number, true, false or null)'
      )
    }
  })

  test('an unknown type is reported', ({ assert }) => {
    assert.strictEqual(validateFlagValue('date' as 'json', 1), 'unknown flag type "date"')
  })
})
