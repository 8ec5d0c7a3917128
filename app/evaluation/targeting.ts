/**
 * The targeting rule language (see docs/targeting.md): validation before a rule is stored,
 * and evaluation on the assignment hot path.
 *
 * Evaluation compiles each rule object once into a tree of small closures (cached per object
 * in a WeakMap): attribute paths are split, `in` lists become Sets, regexes and date
 * operands are parsed ahead of time, so the common path allocates nothing. Rules are treated as
 * immutable once evaluated; store a new object to change one.
 */
import type { Condition, ConditionOperator, SegmentMap, TargetingRule } from './types.js'

type Attributes = Record<string, unknown>
type Matcher = (attributes: Attributes, segments: SegmentMap | undefined) => boolean

export const MAX_RULE_DEPTH = 8
export const MAX_RULE_NODES = 100
export const MAX_REGEX_LENGTH = 200
export const MAX_LIST_VALUES = 1000

const OPERATORS: readonly ConditionOperator[] = [
  'eq',
  'neq',
  'in',
  'nin',
  'contains',
  'gt',
  'gte',
  'lt',
  'lte',
  'exists',
  'regex',
]
const CONDITION_KEYS = ['attribute', 'op', 'value']
const SHAPE_KEYS = ['all', 'any', 'not', 'segment', 'attribute']

/* ---------- Values ---------- */

type Scalar = string | number | boolean | null

function isScalar(value: unknown): value is Scalar {
  return (
    value === null ||
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
  )
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Reads a dotted path through nested objects. With `ownOnly`, inherited properties read as
 * missing; needed only for keys that exist on Object.prototype ("constructor", "toString").
 */
function readPath(attributes: Attributes, path: string[], ownOnly: boolean): unknown {
  let current: unknown = attributes
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined
    if (ownOnly && !Object.hasOwn(current, key)) return undefined
    current = (current as Record<string, unknown>)[key]
  }
  return current
}

const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?$/

/**
 * Milliseconds since the epoch for an ISO 8601 date or date-time, or NaN when `text` is not
 * one. Parsed here rather than with Date.parse so that impossible dates (2024-02-30) are
 * rejected and a date-time without an offset is always UTC, whatever the server's zone.
 */
export function parseIsoDate(text: string): number {
  const m = ISO_DATE.exec(text)
  if (!m) return Number.NaN
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const [hour, minute, second] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)]
  const millis = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return Number.NaN
  const time = Date.UTC(year, month - 1, day, hour, minute, second, millis)
  if (new Date(time).getUTCDate() !== day) return Number.NaN
  const zone = m[8]
  if (!zone || zone === 'Z') return time
  const offsetMinutes = Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))
  return zone[0] === '+' ? time - offsetMinutes * 60_000 : time + offsetMinutes * 60_000
}

/* ---------- Compilation ---------- */

class MalformedRule extends Error {}

const NEVER: Matcher = () => false
const compiled = new WeakMap<object, Matcher>()

/** Segments being evaluated right now, innermost last; a reference back into one is a cycle. */
const activeSegments: string[] = []

/**
 * The compiled form of a rule. A rule that is malformed (e.g. stored without validation)
 * never matches as a whole, so a broken rule fails closed.
 */
export function compileRule(rule: TargetingRule): Matcher {
  if (typeof rule !== 'object' || rule === null) return NEVER
  let matcher = compiled.get(rule)
  if (!matcher) {
    try {
      matcher = compileNode(rule, 1)
    } catch (error) {
      if (!(error instanceof MalformedRule)) throw error
      matcher = NEVER
    }
    compiled.set(rule, matcher)
  }
  return matcher
}

function compileNode(rule: unknown, depth: number): Matcher {
  // Far beyond what validation allows; only guards the stack against unvalidated input.
  if (depth > 64 || !isPlainObject(rule)) throw new MalformedRule()
  if ('all' in rule) return compileAll(compileChildren(rule.all, depth))
  if ('any' in rule) return compileAny(compileChildren(rule.any, depth))
  if ('not' in rule) {
    const inner = compileNode(rule.not, depth + 1)
    return (attributes, segments) => !inner(attributes, segments)
  }
  if ('segment' in rule) {
    if (typeof rule.segment !== 'string') throw new MalformedRule()
    return compileSegment(rule.segment)
  }
  return compileCondition(rule as unknown as Condition)
}

function compileChildren(children: unknown, depth: number): Matcher[] {
  if (!Array.isArray(children)) throw new MalformedRule()
  return children.map((child) => compileNode(child, depth + 1))
}

function compileAll(children: Matcher[]): Matcher {
  return (attributes, segments) => {
    for (const child of children) if (!child(attributes, segments)) return false
    return true
  }
}

function compileAny(children: Matcher[]): Matcher {
  return (attributes, segments) => {
    for (const child of children) if (child(attributes, segments)) return true
    return false
  }
}

/** Unknown segments and references that close a cycle do not match. */
function compileSegment(name: string): Matcher {
  return (attributes, segments) => {
    if (!segments || !Object.hasOwn(segments, name) || activeSegments.includes(name)) return false
    activeSegments.push(name)
    try {
      return compileRule(segments[name])(attributes, segments)
    } finally {
      activeSegments.pop()
    }
  }
}

function compileCondition(condition: Condition): Matcher {
  const { attribute, op, value } = condition
  if (typeof attribute !== 'string' || attribute === '') throw new MalformedRule()
  const test = compileTest(op, value)
  const path = attribute.split('.')
  // A plain property read is the fast path; it is only unsafe for keys every object inherits.
  const ownOnly = path.some((key) => key in Object.prototype)
  if (path.length === 1 && !ownOnly) {
    const key = path[0]
    return (attributes) => test(attributes[key])
  }
  return (attributes) => test(readPath(attributes, path, ownOnly))
}

type Test = (actual: unknown) => boolean

function compileTest(op: ConditionOperator, expected: unknown): Test {
  switch (op) {
    case 'eq':
      requireScalar(expected)
      return (actual) => actual === expected
    case 'neq':
      requireScalar(expected)
      return (actual) => actual !== expected
    case 'in':
      return compileIn(expected, true)
    case 'nin':
      return compileIn(expected, false)
    case 'contains':
      requireScalar(expected)
      return (actual) => contains(actual, expected)
    case 'gt':
      return compileComparison(expected, (order) => order > 0)
    case 'gte':
      return compileComparison(expected, (order) => order >= 0)
    case 'lt':
      return compileComparison(expected, (order) => order < 0)
    case 'lte':
      return compileComparison(expected, (order) => order <= 0)
    case 'exists':
      return expected === false ? (actual) => !isPresent(actual) : isPresent
    case 'regex':
      return compileRegex(expected)
    default:
      throw new MalformedRule()
  }
}

function requireScalar(value: unknown): void {
  if (!isScalar(value)) throw new MalformedRule()
}

/** Null counts as absent: an attribute explicitly set to null does not "exist". */
function isPresent(actual: unknown): boolean {
  return actual !== undefined && actual !== null
}

/** `in` matches a scalar in the list, or a list attribute sharing at least one element. */
function compileIn(expected: unknown, wanted: boolean): Test {
  if (!Array.isArray(expected)) throw new MalformedRule()
  const values = new Set<unknown>(expected)
  return (actual) => {
    if (!Array.isArray(actual)) return values.has(actual) === wanted
    for (const element of actual) if (values.has(element)) return wanted
    return !wanted
  }
}

function contains(actual: unknown, expected: unknown): boolean {
  if (typeof actual === 'string') return typeof expected === 'string' && actual.includes(expected)
  return Array.isArray(actual) && actual.includes(expected)
}

/**
 * Numbers compare with numbers; two ISO dates (or a Date attribute and an ISO date) compare
 * as instants; other strings compare lexically (UTF-16 code units). Anything else: no match.
 */
function compileComparison(expected: unknown, accept: (order: number) => boolean): Test {
  if (typeof expected === 'number') {
    return (actual) => typeof actual === 'number' && accept(Math.sign(actual - expected))
  }
  if (typeof expected !== 'string') throw new MalformedRule()
  const expectedTime = parseIsoDate(expected)
  const lexical = (actual: string) => accept(actual < expected ? -1 : actual > expected ? 1 : 0)
  if (Number.isNaN(expectedTime)) {
    return (actual) => typeof actual === 'string' && lexical(actual)
  }
  return (actual) => {
    if (actual instanceof Date) return accept(Math.sign(actual.getTime() - expectedTime))
    if (typeof actual !== 'string') return false
    const actualTime = parseIsoDate(actual)
    return Number.isNaN(actualTime) ? lexical(actual) : accept(Math.sign(actualTime - expectedTime))
  }
}

function compileRegex(pattern: unknown): Test {
  if (typeof pattern !== 'string') throw new MalformedRule()
  let regex: RegExp
  try {
    regex = new RegExp(pattern)
  } catch {
    throw new MalformedRule()
  }
  return (actual) => typeof actual === 'string' && regex.test(actual)
}

/* ---------- Evaluation ---------- */

/** Whether the subject matches; no rule (null, or undefined from untyped code) targets everyone. */
export function evaluateRule(
  rule: TargetingRule | null,
  attributes: Record<string, unknown>,
  segments?: SegmentMap
): boolean {
  return rule === null || rule === undefined || compileRule(rule)(attributes, segments)
}

/* ---------- Validation ---------- */

export interface RuleError {
  /** Where in the rule, e.g. `all[1].value`; empty for the rule as a whole. */
  path: string
  message: string
}

export type RuleValidation =
  { valid: true; rule: TargetingRule } | { valid: false; errors: RuleError[] }

interface ValidationState {
  errors: RuleError[]
  nodes: number
  knownSegments?: ReadonlySet<string>
}

/**
 * Strict structural validation before a rule is stored: one shape per node, no unknown keys,
 * operands of the right type, at most MAX_RULE_DEPTH levels and MAX_RULE_NODES nodes,
 * regexes that compile and are short and free of nested repetition.
 */
export function validateRule(rule: unknown, knownSegments?: string[]): RuleValidation {
  const state: ValidationState = {
    errors: [],
    nodes: 0,
    knownSegments: knownSegments ? new Set(knownSegments) : undefined,
  }
  validateNode(rule, '', 1, state)
  if (state.nodes > MAX_RULE_NODES) {
    state.errors.unshift({
      path: '',
      message: `a rule can have at most ${MAX_RULE_NODES} parts (conditions, groups, segment references)`,
    })
  }
  if (state.errors.length > 0) return { valid: false, errors: state.errors }
  return { valid: true, rule: rule as TargetingRule }
}

function childPath(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`
}

function fail(state: ValidationState, path: string, message: string): void {
  state.errors.push({ path, message })
}

function validateNode(node: unknown, path: string, depth: number, state: ValidationState): void {
  state.nodes++
  if (state.nodes > MAX_RULE_NODES) return
  if (depth > MAX_RULE_DEPTH) {
    return fail(state, path, `rules can be nested at most ${MAX_RULE_DEPTH} levels deep`)
  }
  if (!isPlainObject(node)) return fail(state, path, 'a rule must be an object')

  const shapes = SHAPE_KEYS.filter((key) => key in node)
  if (shapes.length !== 1) {
    const found = shapes.length === 0 ? 'none' : shapes.map((key) => `"${key}"`).join(', ')
    return fail(
      state,
      path,
      `a rule needs exactly one of "all", "any", "not", "segment" or a condition ("attribute", "op", "value"); found ${found}`
    )
  }
  const shape = shapes[0]
  const allowed = shape === 'attribute' ? CONDITION_KEYS : [shape]
  for (const key of Object.keys(node)) {
    if (!allowed.includes(key)) {
      const expected =
        shape === 'attribute'
          ? 'a condition takes "attribute", "op" and "value"'
          : `a "${shape}" rule takes only "${shape}"`
      fail(state, childPath(path, key), `unknown key "${key}" (${expected})`)
    }
  }

  if (shape === 'all' || shape === 'any') {
    return validateGroup(node[shape], shape, path, depth, state)
  }
  if (shape === 'not') return validateNode(node.not, childPath(path, 'not'), depth + 1, state)
  if (shape === 'segment') return validateSegment(node.segment, childPath(path, 'segment'), state)
  validateCondition(node, path, state)
}

function validateGroup(
  children: unknown,
  shape: 'all' | 'any',
  path: string,
  depth: number,
  state: ValidationState
): void {
  const groupPath = childPath(path, shape)
  if (!Array.isArray(children) || children.length === 0) {
    return fail(state, groupPath, `"${shape}" needs a non-empty list of rules`)
  }
  children.forEach((child, index) =>
    validateNode(child, `${groupPath}[${index}]`, depth + 1, state)
  )
}

function validateSegment(name: unknown, path: string, state: ValidationState): void {
  if (typeof name !== 'string' || name === '') return fail(state, path, 'needs a segment name')
  if (state.knownSegments && !state.knownSegments.has(name)) {
    fail(state, path, `unknown segment "${name}"`)
  }
}

function validateCondition(node: Record<string, unknown>, path: string, state: ValidationState) {
  const { attribute, op, value } = node
  if (typeof attribute !== 'string' || attribute === '') {
    fail(
      state,
      childPath(path, 'attribute'),
      'needs an attribute name, e.g. "country" or "plan.tier"'
    )
  } else if (attribute.split('.').includes('')) {
    fail(
      state,
      childPath(path, 'attribute'),
      `"${attribute}" is not a valid attribute path (each part between dots must be non-empty)`
    )
  }
  if (!OPERATORS.includes(op as ConditionOperator)) {
    const detail = op === undefined ? 'needs an operator' : `unknown operator ${JSON.stringify(op)}`
    return fail(state, childPath(path, 'op'), `${detail}; expected one of ${OPERATORS.join(', ')}`)
  }
  const problem = operandProblem(op as ConditionOperator, value, 'value' in node)
  if (problem) fail(state, childPath(path, 'value'), problem)
}

/** What is wrong with the operand of `op`, or null. */
function operandProblem(op: ConditionOperator, value: unknown, present: boolean): string | null {
  switch (op) {
    case 'eq':
    case 'neq':
      return present && isScalar(value) ? null : `"${op}" needs a string, number, boolean or null`
    case 'in':
    case 'nin':
      if (!Array.isArray(value) || value.length === 0) return `"${op}" needs a list of values`
      if (value.length > MAX_LIST_VALUES) {
        return `"${op}" takes at most ${MAX_LIST_VALUES} values (found ${value.length})`
      }
      return value.every(isScalar)
        ? null
        : `"${op}" takes only strings, numbers, booleans or null in its list`
    case 'contains':
      return isScalar(value) && value !== null
        ? null
        : '"contains" needs a string, number or boolean'
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return (typeof value === 'number' && Number.isFinite(value)) || typeof value === 'string'
        ? null
        : `"${op}" needs a number, a string or an ISO date`
    case 'exists':
      return !present || typeof value === 'boolean' ? null : '"exists" takes true or false'
    case 'regex':
      return regexProblem(value)
  }
}

/** Whether a quantifier that repeats more than once (+, *, {n,}, {n,m} with m > n) is at `index`. */
function repeatsAt(pattern: string, index: number): boolean {
  const char = pattern[index]
  if (char === '+' || char === '*') return true
  if (char !== '{') return false
  const braces = /^\{(\d+),(\d*)\}/.exec(pattern.slice(index, index + 24))
  return braces !== null && (braces[2] === '' || Number(braces[2]) > Number(braces[1]))
}

/**
 * Whether a repeated group contains something that repeats too, like (a+)+ or (\w*)* (the
 * "star height" test of tools like safe-regex): the usual shape of catastrophic backtracking.
 * Conservative (it also rejects some harmless patterns such as \d+(\.\d+)*) and incomplete
 * (alternations like (a|a)* pass); the length limit bounds the rest.
 */
function nestsRepetition(pattern: string): boolean {
  const outer: boolean[] = [] // for each enclosing open group: does its body repeat so far?
  let repeats = false // does the body of the group being read repeat so far?
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]
    if (char === '\\') {
      i++
    } else if (char === '[') {
      // Skip a character class; quantifier characters inside it are literals.
      for (i++; i < pattern.length && pattern[i] !== ']'; i++) if (pattern[i] === '\\') i++
    } else if (char === '(') {
      outer.push(repeats)
      repeats = false
    } else if (char === ')') {
      const groupRepeats = repeatsAt(pattern, i + 1)
      if (groupRepeats && repeats) return true
      repeats = (outer.pop() ?? false) || repeats || groupRepeats
    } else if (repeatsAt(pattern, i)) {
      repeats = true
    }
  }
  return false
}

function regexProblem(pattern: unknown): string | null {
  if (typeof pattern !== 'string' || pattern === '') return '"regex" needs a pattern string'
  if (pattern.length > MAX_REGEX_LENGTH) {
    return `the pattern has ${pattern.length} characters; at most ${MAX_REGEX_LENGTH} are allowed`
  }
  try {
    new RegExp(pattern)
  } catch (error) {
    // V8 says "Invalid regular expression: /<pattern>/: <reason>"; the reason is what helps.
    const reason = (error as Error).message.split(': ').at(-1)
    return `invalid regular expression: ${reason}`
  }
  if (nestsRepetition(pattern)) {
    return 'the pattern repeats a group that itself repeats (like (a+)+), which can take exponential time; simplify it'
  }
  return null
}
