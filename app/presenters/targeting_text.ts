import type { TargetingRule } from '#evaluation/types'

/** One line of a rule in words, with the lines of its group nested below it. */
export interface RuleLine {
  text: string
  children: RuleLine[]
}

const PHRASES: Record<string, string> = {
  eq: 'is',
  neq: 'is not',
  in: 'is one of',
  nin: 'is none of',
  contains: 'contains',
  gt: 'is greater than',
  gte: 'is at least',
  lt: 'is less than',
  lte: 'is at most',
  regex: 'matches',
}

const valueText = (value: unknown): string =>
  Array.isArray(value)
    ? value.map(valueText).join(', ')
    : typeof value === 'string'
      ? `“${value}”`
      : String(value)

/**
 * A targeting rule (docs/targeting.md) as readable lines: "country is one of “DE”, “FR”",
 * "All of:" with its conditions below. Shown where people read a rule; the JSON stays in the
 * form's editor.
 */
export function targetingLines(rule: TargetingRule): RuleLine {
  if ('all' in rule) return { text: 'All of:', children: rule.all.map(targetingLines) }
  if ('any' in rule) return { text: 'Any of:', children: rule.any.map(targetingLines) }
  if ('not' in rule) return { text: 'Not:', children: [targetingLines(rule.not)] }
  if ('segment' in rule) return { text: `in segment “${rule.segment}”`, children: [] }
  if (rule.op === 'exists')
    return {
      text: `${rule.attribute} ${rule.value === false ? 'is not set' : 'is set'}`,
      children: [],
    }
  const value = rule.op === 'regex' ? `/${String(rule.value)}/` : valueText(rule.value)
  return { text: `${rule.attribute} ${PHRASES[rule.op] ?? rule.op} ${value}`, children: [] }
}
