import { test } from '@japa/runner'
import type { Condition, SegmentMap, TargetingRule } from '#evaluation/types'
import {
  MAX_RULE_DEPTH,
  MAX_RULE_NODES,
  evaluateRule,
  parseIsoDate,
  validateRule,
} from '#evaluation/targeting'

const subject = {
  country: 'US',
  age: 34,
  beta: true,
  nickname: null,
  tags: ['creator', 'early', 7],
  email: 'ana@example.com',
  signedUpAt: '2024-03-10T12:00:00Z',
  lastSeen: new Date('2024-06-01T00:00:00Z'),
  version: '10.2',
  plan: { tier: 'pro', seats: 5, billing: { cycle: 'yearly' } },
}

function matches(condition: Condition, attributes: Record<string, unknown> = subject) {
  return evaluateRule(condition, attributes)
}

test.group('Targeting / eq and neq', () => {
  test('eq matches strictly equal scalars', ({ assert }) => {
    assert.isTrue(matches({ attribute: 'country', op: 'eq', value: 'US' }))
    assert.isTrue(matches({ attribute: 'age', op: 'eq', value: 34 }))
    assert.isTrue(matches({ attribute: 'beta', op: 'eq', value: true }))
    assert.isTrue(matches({ attribute: 'nickname', op: 'eq', value: null }))
    assert.isFalse(matches({ attribute: 'country', op: 'eq', value: 'us' }))
  })

  test('eq never coerces types and a missing attribute equals nothing', ({ assert }) => {
    assert.isFalse(matches({ attribute: 'age', op: 'eq', value: '34' }))
    assert.isFalse(matches({ attribute: 'beta', op: 'eq', value: 1 }))
    assert.isFalse(matches({ attribute: 'missing', op: 'eq', value: null }))
  })

  test('neq is the negation of eq, so a missing attribute matches', ({ assert }) => {
    assert.isTrue(matches({ attribute: 'country', op: 'neq', value: 'FR' }))
    assert.isFalse(matches({ attribute: 'country', op: 'neq', value: 'US' }))
    assert.isTrue(matches({ attribute: 'age', op: 'neq', value: '34' }))
    assert.isTrue(matches({ attribute: 'missing', op: 'neq', value: 'US' }))
  })
})

test.group('Targeting / in and nin', () => {
  test('in matches a scalar in the list', ({ assert }) => {
    assert.isTrue(matches({ attribute: 'country', op: 'in', value: ['FR', 'US'] }))
    assert.isFalse(matches({ attribute: 'country', op: 'in', value: ['FR', 'DE'] }))
    assert.isFalse(matches({ attribute: 'age', op: 'in', value: ['34'] }))
    assert.isFalse(matches({ attribute: 'missing', op: 'in', value: ['US'] }))
  })

  test('in with a list attribute matches when they share an element', ({ assert }) => {
    assert.isTrue(matches({ attribute: 'tags', op: 'in', value: ['admin', 'creator'] }))
    assert.isTrue(matches({ attribute: 'tags', op: 'in', value: [7] }))
    assert.isFalse(matches({ attribute: 'tags', op: 'in', value: ['admin', '7'] }))
  })

  test('nin is the negation of in, so a missing attribute matches', ({ assert }) => {
    assert.isTrue(matches({ attribute: 'country', op: 'nin', value: ['FR', 'DE'] }))
    assert.isFalse(matches({ attribute: 'country', op: 'nin', value: ['US'] }))
    assert.isFalse(matches({ attribute: 'tags', op: 'nin', value: ['early'] }))
    assert.isTrue(matches({ attribute: 'tags', op: 'nin', value: ['admin'] }))
    assert.isTrue(matches({ attribute: 'missing', op: 'nin', value: ['US'] }))
  })
})

test.group('Targeting / contains', () => {
  test('a string attribute contains a substring (case-sensitive)', ({ assert }) => {
    assert.isTrue(matches({ attribute: 'email', op: 'contains', value: '@example.' }))
    assert.isFalse(matches({ attribute: 'email', op: 'contains', value: '@EXAMPLE.' }))
  })

  test('a list attribute contains an element', ({ assert }) => {
    assert.isTrue(matches({ attribute: 'tags', op: 'contains', value: 'early' }))
    assert.isTrue(matches({ attribute: 'tags', op: 'contains', value: 7 }))
    assert.isFalse(matches({ attribute: 'tags', op: 'contains', value: 'ear' }))
  })

  test('type mismatches and missing attributes do not match', ({ assert }) => {
    assert.isFalse(matches({ attribute: 'version', op: 'contains', value: 10 }))
    assert.isFalse(matches({ attribute: 'age', op: 'contains', value: 3 }))
    assert.isFalse(matches({ attribute: 'missing', op: 'contains', value: 'a' }))
  })
})

test.group('Targeting / gt, gte, lt, lte', () => {
  test('numbers compare numerically, boundaries included by gte/lte only', ({ assert }) => {
    assert.isTrue(matches({ attribute: 'age', op: 'gt', value: 33 }))
    assert.isFalse(matches({ attribute: 'age', op: 'gt', value: 34 }))
    assert.isTrue(matches({ attribute: 'age', op: 'gte', value: 34 }))
    assert.isTrue(matches({ attribute: 'age', op: 'lt', value: 34.5 }))
    assert.isFalse(matches({ attribute: 'age', op: 'lt', value: 34 }))
    assert.isTrue(matches({ attribute: 'age', op: 'lte', value: 34 }))
    assert.isTrue(matches({ attribute: 'plan.seats', op: 'lt', value: 10 }))
  })

  test('a number never compares with a string', ({ assert }) => {
    assert.isFalse(matches({ attribute: 'version', op: 'gt', value: 5 }))
    assert.isFalse(matches({ attribute: 'age', op: 'gt', value: '5' }))
    assert.isFalse(matches({ attribute: 'missing', op: 'lt', value: 5 }))
    assert.isFalse(matches({ attribute: 'nickname', op: 'lt', value: 5 }))
  })

  test('other strings compare lexically', ({ assert }) => {
    assert.isTrue(matches({ attribute: 'country', op: 'gt', value: 'FR' }))
    assert.isTrue(matches({ attribute: 'country', op: 'gte', value: 'US' }))
    // Lexical, not numeric: "10.2" < "9".
    assert.isTrue(matches({ attribute: 'version', op: 'lt', value: '9' }))
  })

  test('ISO dates compare as instants', ({ assert }) => {
    assert.isTrue(matches({ attribute: 'signedUpAt', op: 'gt', value: '2024-03-10' }))
    assert.isTrue(matches({ attribute: 'signedUpAt', op: 'lt', value: '2024-03-10T13:00' }))
    // 12:00Z is 14:00+02:00: lexically "2024-03-10T13:30:00+02:00" is greater, as a date it is not.
    assert.isTrue(
      matches({ attribute: 'signedUpAt', op: 'gt', value: '2024-03-10T13:30:00+02:00' })
    )
    assert.isTrue(
      matches({ attribute: 'signedUpAt', op: 'lte', value: '2024-03-10T07:00:00-05:00' })
    )
    assert.isTrue(
      matches({ attribute: 'signedUpAt', op: 'gte', value: '2024-03-10T12:00:00.000Z' })
    )
  })

  test('a Date attribute compares with an ISO date', ({ assert }) => {
    assert.isTrue(matches({ attribute: 'lastSeen', op: 'gte', value: '2024-06-01' }))
    assert.isFalse(matches({ attribute: 'lastSeen', op: 'gt', value: '2024-06-01T00:00:00Z' }))
    assert.isTrue(matches({ attribute: 'lastSeen', op: 'lt', value: '2024-06-01T00:00:01Z' }))
    assert.isFalse(matches({ attribute: 'lastSeen', op: 'lt', value: 'zzz' }))
  })

  test('an attribute that is not a date falls back to lexical order', ({ assert }) => {
    assert.isTrue(matches({ attribute: 'country', op: 'gt', value: '2024-01-01' }))
    // Impossible dates are not dates.
    assert.isTrue(matches({ attribute: 'd', op: 'lt', value: '2024-03-01' }, { d: '2024-02-30' }))
    assert.isTrue(matches({ attribute: 'd', op: 'gt', value: '2024-02-29' }, { d: '2024-02-30' }))
  })
})

test.group('Targeting / parseIsoDate', () => {
  test('reads dates and date-times, UTC unless an offset is given', ({ assert }) => {
    assert.strictEqual(parseIsoDate('2024-02-29'), Date.UTC(2024, 1, 29))
    assert.strictEqual(parseIsoDate('2024-02-29T10:30'), Date.UTC(2024, 1, 29, 10, 30))
    assert.strictEqual(
      parseIsoDate('2024-02-29T10:30:15.5Z'),
      Date.UTC(2024, 1, 29, 10, 30, 15, 500)
    )
    assert.strictEqual(
      parseIsoDate('2024-02-29T10:30:15.123456+01:30'),
      Date.UTC(2024, 1, 29, 9, 0, 15, 123)
    )
    assert.strictEqual(parseIsoDate('2024-02-29T00:30-01:00'), Date.UTC(2024, 1, 29, 1, 30))
  })

  test('rejects anything else', ({ assert }) => {
    for (const text of [
      '2023-02-29',
      '2024-13-01',
      '2024-04-31',
      '2024-01-01T24:00',
      '2024-01-01T10:60',
      '2024-1-1',
      '01/02/2024',
      '2024-01-01 10:00',
      'yesterday',
      '',
    ]) {
      assert.isNaN(parseIsoDate(text), text)
    }
  })
})

test.group('Targeting / exists and regex', () => {
  test('exists: present and not null', ({ assert }) => {
    assert.isTrue(matches({ attribute: 'country', op: 'exists' }))
    assert.isTrue(matches({ attribute: 'beta', op: 'exists', value: true }))
    assert.isFalse(matches({ attribute: 'nickname', op: 'exists' }))
    assert.isFalse(matches({ attribute: 'missing', op: 'exists' }))
    assert.isTrue(matches({ attribute: 'missing', op: 'exists', value: false }))
    assert.isTrue(matches({ attribute: 'nickname', op: 'exists', value: false }))
    assert.isFalse(matches({ attribute: 'country', op: 'exists', value: false }))
  })

  test('regex tests string attributes only', ({ assert }) => {
    assert.isTrue(matches({ attribute: 'email', op: 'regex', value: '@example\\.com$' }))
    assert.isFalse(matches({ attribute: 'email', op: 'regex', value: '^bob@' }))
    assert.isTrue(matches({ attribute: 'email', op: 'regex', value: '(?i:ANA)@' }))
    assert.isFalse(matches({ attribute: 'age', op: 'regex', value: '^34$' }))
    assert.isFalse(matches({ attribute: 'missing', op: 'regex', value: '.*' }))
  })

  test('an invalid pattern never matches, nor does any rule holding one', ({ assert }) => {
    assert.isFalse(matches({ attribute: 'email', op: 'regex', value: '([a-z' }))
    assert.isFalse(
      evaluateRule({ not: { attribute: 'email', op: 'regex', value: '([a-z' } }, subject)
    )
  })
})

test.group('Targeting / attribute paths', () => {
  test('dotted paths read nested objects', ({ assert }) => {
    assert.isTrue(matches({ attribute: 'plan.tier', op: 'eq', value: 'pro' }))
    assert.isTrue(matches({ attribute: 'plan.billing.cycle', op: 'eq', value: 'yearly' }))
    assert.isTrue(matches({ attribute: 'tags.0', op: 'eq', value: 'creator' }))
  })

  test('a path through a missing or non-object value is missing', ({ assert }) => {
    assert.isFalse(matches({ attribute: 'plan.missing.cycle', op: 'exists' }))
    assert.isFalse(matches({ attribute: 'country.length', op: 'exists' }))
    assert.isFalse(matches({ attribute: 'nickname.first', op: 'exists' }))
    assert.isTrue(matches({ attribute: 'plan.tier.name', op: 'neq', value: 'pro' }))
  })

  test('inherited properties are never read', ({ assert }) => {
    assert.isFalse(matches({ attribute: 'constructor', op: 'exists' }))
    assert.isFalse(matches({ attribute: 'plan.toString', op: 'exists' }))
    assert.isTrue(matches({ attribute: 'constructor', op: 'eq', value: 'x' }, { constructor: 'x' }))
  })
})

test.group('Targeting / groups', () => {
  const us: Condition = { attribute: 'country', op: 'eq', value: 'US' }
  const fr: Condition = { attribute: 'country', op: 'eq', value: 'FR' }

  test('null targets everyone', ({ assert }) => {
    assert.isTrue(evaluateRule(null, {}))
  })

  test('all, any, not', ({ assert }) => {
    assert.isTrue(evaluateRule({ all: [us, { not: fr }] }, subject))
    assert.isFalse(evaluateRule({ all: [us, fr] }, subject))
    assert.isTrue(evaluateRule({ any: [fr, us] }, subject))
    assert.isFalse(evaluateRule({ any: [fr, { not: us }] }, subject))
    assert.isFalse(evaluateRule({ not: { any: [us, fr] } }, subject))
  })

  test('empty groups: all matches, any does not', ({ assert }) => {
    assert.isTrue(evaluateRule({ all: [] }, subject))
    assert.isFalse(evaluateRule({ any: [] }, subject))
  })

  test('a malformed rule never matches as a whole, even under not', ({ assert }) => {
    const bogus = { attribute: 'country', op: 'like', value: 'US' } as unknown as Condition
    assert.isFalse(evaluateRule({ not: bogus }, subject))
    assert.isFalse(evaluateRule({ any: [us, bogus] }, subject))
    assert.isFalse(evaluateRule({ all: 'nope' } as unknown as TargetingRule, subject))
    assert.isFalse(evaluateRule({ not: { attribute: 'age', op: 'eq' } }, subject))
    assert.isFalse(evaluateRule('US' as unknown as TargetingRule, subject))
  })

  test('the same rule object gives the same answers across subjects', ({ assert }) => {
    const rule: TargetingRule = { attribute: 'age', op: 'gte', value: 18 }
    assert.isTrue(evaluateRule(rule, { age: 20 }))
    assert.isFalse(evaluateRule(rule, { age: 10 }))
    assert.isFalse(evaluateRule(rule, {}))
  })
})

test.group('Targeting / segments', () => {
  const segments: SegmentMap = {
    creators: { attribute: 'tags', op: 'contains', value: 'creator' },
    americas: { attribute: 'country', op: 'in', value: ['US', 'CA', 'BR'] },
    americanCreators: { all: [{ segment: 'creators' }, { segment: 'americas' }] },
    loopA: { any: [{ segment: 'loopB' }, { attribute: 'country', op: 'eq', value: 'FR' }] },
    loopB: { segment: 'loopA' },
    self: { not: { segment: 'self' } },
  }

  test('references resolve through the segment map, nested too', ({ assert }) => {
    assert.isTrue(evaluateRule({ segment: 'creators' }, subject, segments))
    assert.isTrue(evaluateRule({ segment: 'americanCreators' }, subject, segments))
    assert.isFalse(
      evaluateRule({ segment: 'americanCreators' }, { ...subject, country: 'FR' }, segments)
    )
  })

  test('an unknown segment, or no segment map, does not match', ({ assert }) => {
    assert.isFalse(evaluateRule({ segment: 'nobody' }, subject, segments))
    assert.isFalse(evaluateRule({ segment: 'creators' }, subject))
    assert.isFalse(evaluateRule({ segment: 'toString' }, subject, segments))
  })

  test('a reference closing a cycle does not match, and evaluation terminates', ({ assert }) => {
    assert.isFalse(evaluateRule({ segment: 'loopA' }, subject, segments))
    assert.isTrue(evaluateRule({ segment: 'loopA' }, { country: 'FR' }, segments))
    assert.isFalse(evaluateRule({ segment: 'loopB' }, subject, segments))
    // self = not(self): the inner reference does not match, so self matches.
    assert.isTrue(evaluateRule({ segment: 'self' }, subject, segments))
    // And the evaluation state is clean afterwards.
    assert.isTrue(evaluateRule({ segment: 'americanCreators' }, subject, segments))
  })

  test('the same segment may appear twice without being a cycle', ({ assert }) => {
    const rule: TargetingRule = {
      all: [{ segment: 'creators' }, { not: { not: { segment: 'creators' } } }],
    }
    assert.isTrue(evaluateRule(rule, subject, segments))
  })
})

function nestedNot(depth: number): TargetingRule {
  let rule: TargetingRule = { attribute: 'country', op: 'eq', value: 'US' }
  for (let level = 1; level < depth; level++) rule = { not: rule }
  return rule
}

test.group('Targeting / validation', () => {
  test('accepts a valid rule and returns it', ({ assert }) => {
    const rule = {
      all: [
        { attribute: 'country', op: 'in', value: ['US', 'CA'] },
        { any: [{ segment: 'creators' }, { attribute: 'plan.tier', op: 'neq', value: 'free' }] },
        { not: { attribute: 'email', op: 'regex', value: '@competitor\\.com$' } },
        { attribute: 'signedUpAt', op: 'gte', value: '2024-01-01' },
        { attribute: 'beta', op: 'exists' },
      ],
    }
    const result = validateRule(rule, ['creators'])
    assert.deepEqual(result, { valid: true, rule: rule as TargetingRule })
  })

  test('points at the offending value with a readable message', ({ assert }) => {
    const result = validateRule({
      all: [
        { attribute: 'country', op: 'eq', value: 'US' },
        { attribute: 'country', op: 'in', value: 'US' },
      ],
    })
    assert.deepEqual(result, {
      valid: false,
      errors: [{ path: 'all[1].value', message: '"in" needs a list of values' }],
    })
  })

  test('reports every problem, with paths through not and groups', ({ assert }) => {
    const result = validateRule(
      {
        any: [
          { not: { attribute: '', op: 'gt', value: true } },
          { attribute: 'a..b', op: 'like' },
          { segment: 'ghosts' },
        ],
      },
      ['creators']
    )
    assert.isFalse(result.valid)
    if (result.valid) return
    assert.deepEqual(
      result.errors.map((error) => error.path),
      [
        'any[0].not.attribute',
        'any[0].not.value',
        'any[1].attribute',
        'any[1].op',
        'any[2].segment',
      ]
    )
    assert.include(result.errors[1].message, '"gt" needs a number, a string or an ISO date')
    assert.include(result.errors[2].message, 'is not a valid attribute path')
    assert.include(result.errors[3].message, 'unknown operator "like"')
    assert.strictEqual(result.errors[4].message, 'unknown segment "ghosts"')
  })

  test('rejects unknown keys and ambiguous shapes', ({ assert }) => {
    assert.deepEqual(validateRule({ attribute: 'a', op: 'eq', value: 1, note: 'x' }), {
      valid: false,
      errors: [
        {
          path: 'note',
          message: 'unknown key "note" (a condition takes "attribute", "op" and "value")',
        },
      ],
    })
    const both = validateRule({ all: [{ segment: 's' }], any: [{ segment: 's' }] })
    assert.isFalse(both.valid)
    if (!both.valid) {
      assert.strictEqual(both.errors[0].path, '')
      assert.include(both.errors[0].message, 'found "all", "any"')
    }
    const extra = validateRule({ not: { segment: 's' }, segment: 's' })
    assert.isFalse(extra.valid)
    const nothing = validateRule({})
    assert.isFalse(nothing.valid)
    if (!nothing.valid) assert.include(nothing.errors[0].message, 'found none')
  })

  test('rejects non-objects and empty groups', ({ assert }) => {
    for (const rule of [null, 'country = US', 42, [], undefined]) {
      const result = validateRule(rule)
      assert.isFalse(result.valid)
      if (!result.valid)
        assert.deepEqual(result.errors[0], { path: '', message: 'a rule must be an object' })
    }
    assert.deepEqual(validateRule({ all: [] }), {
      valid: false,
      errors: [{ path: 'all', message: '"all" needs a non-empty list of rules' }],
    })
    assert.deepEqual(validateRule({ not: 'x' }), {
      valid: false,
      errors: [{ path: 'not', message: 'a rule must be an object' }],
    })
  })

  test('checks each operator operand', ({ assert }) => {
    const problem = (condition: Record<string, unknown>) => {
      const result = validateRule(condition)
      return result.valid ? null : result.errors.map((error) => `${error.path}: ${error.message}`)
    }
    assert.deepEqual(problem({ attribute: 'a', op: 'eq' }), [
      'value: "eq" needs a string, number, boolean or null',
    ])
    assert.deepEqual(problem({ attribute: 'a', op: 'neq', value: { x: 1 } }), [
      'value: "neq" needs a string, number, boolean or null',
    ])
    assert.isNull(problem({ attribute: 'a', op: 'eq', value: null }))
    assert.deepEqual(problem({ attribute: 'a', op: 'nin', value: [] }), [
      'value: "nin" needs a list of values',
    ])
    assert.deepEqual(problem({ attribute: 'a', op: 'in', value: ['x', ['y']] }), [
      'value: "in" takes only strings, numbers, booleans or null in its list',
    ])
    assert.deepEqual(
      problem({ attribute: 'a', op: 'in', value: Array.from({ length: 1001 }, (_, i) => i) }),
      ['value: "in" takes at most 1000 values (found 1001)']
    )
    assert.deepEqual(problem({ attribute: 'a', op: 'contains', value: null }), [
      'value: "contains" needs a string, number or boolean',
    ])
    assert.deepEqual(problem({ attribute: 'a', op: 'lte', value: Number.NaN }), [
      'value: "lte" needs a number, a string or an ISO date',
    ])
    assert.deepEqual(problem({ attribute: 'a', op: 'exists', value: 'yes' }), [
      'value: "exists" takes true or false',
    ])
    assert.deepEqual(problem({ attribute: 'a' }), [
      'op: needs an operator; expected one of eq, neq, in, nin, contains, gt, gte, lt, lte, exists, regex',
    ])
    assert.isNull(problem({ attribute: 'a', op: 'exists' }))
  })

  test('regex patterns must compile, be short and not nest repetition', ({ assert }) => {
    const message = (value: unknown) => {
      const result = validateRule({ attribute: 'email', op: 'regex', value })
      return result.valid ? null : result.errors[0].message
    }
    assert.isNull(message('^[a-z]+@example\\.com$'))
    assert.isNull(message('^(ab)+c?$'))
    assert.isNull(message('^([+*])+(\\+)*(a{3})+$'))
    assert.strictEqual(message('([a-z'), 'invalid regular expression: Unterminated character class')
    assert.strictEqual(message('a**'), 'invalid regular expression: Nothing to repeat')
    assert.strictEqual(
      message('a'.repeat(201)),
      'the pattern has 201 characters; at most 200 are allowed'
    )
    assert.isNull(message('a'.repeat(200)))
    for (const catastrophic of [
      '(a+)+$',
      '^(\\w*)*@',
      '(x+x+){2,}y',
      '(.*a){3,}',
      '((a{1,3})b)+',
      '\\d+(\\.\\d+)*',
    ]) {
      assert.include(message(catastrophic), 'repeats a group that itself repeats', catastrophic)
    }
    assert.strictEqual(message(''), '"regex" needs a pattern string')
    assert.strictEqual(message(3), '"regex" needs a pattern string')
  })

  test(`nesting is limited to ${MAX_RULE_DEPTH} levels`, ({ assert }) => {
    assert.isTrue(validateRule(nestedNot(MAX_RULE_DEPTH)).valid)
    const tooDeep = validateRule(nestedNot(MAX_RULE_DEPTH + 1))
    assert.deepEqual(tooDeep, {
      valid: false,
      errors: [
        {
          path: 'not.not.not.not.not.not.not.not',
          message: 'rules can be nested at most 8 levels deep',
        },
      ],
    })
  })

  test(`a rule has at most ${MAX_RULE_NODES} nodes`, ({ assert }) => {
    const conditions = (count: number) =>
      Array.from({ length: count }, (_, i) => ({ attribute: `a${i}`, op: 'exists' }))
    assert.isTrue(validateRule({ any: conditions(MAX_RULE_NODES - 1) }).valid)
    // Validation stops counting past the limit: the broken 101st node is not examined.
    const tooBig = validateRule({
      any: [...conditions(MAX_RULE_NODES - 1), { attribute: 'x', op: 'bad' }],
    })
    assert.deepEqual(tooBig, {
      valid: false,
      errors: [
        {
          path: '',
          message: 'a rule can have at most 100 parts (conditions, groups, segment references)',
        },
      ],
    })
  })

  test('segment names are checked only when the known ones are given', ({ assert }) => {
    assert.isTrue(validateRule({ segment: 'anything' }).valid)
    assert.isTrue(validateRule({ segment: 'creators' }, ['creators']).valid)
    assert.deepEqual(validateRule({ segment: '' }), {
      valid: false,
      errors: [{ path: 'segment', message: 'needs a segment name' }],
    })
  })

  test('every rule that validates also evaluates without throwing', ({ assert }) => {
    const rules: unknown[] = [
      { attribute: 'x', op: 'gt', value: '2024-01-01' },
      { any: [{ attribute: 'x.y', op: 'nin', value: [1, 'a', null, true] }] },
      { not: { attribute: 'x', op: 'regex', value: '^a' } },
    ]
    for (const rule of rules) {
      const result = validateRule(rule)
      assert.isTrue(result.valid)
      if (result.valid) {
        for (const attributes of [{}, { x: null }, { x: { y: [1] } }, { x: 5 }, { x: 'abc' }]) {
          assert.isBoolean(evaluateRule(result.rule, attributes))
        }
      }
    }
  })
})
