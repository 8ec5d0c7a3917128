/*
 * The targeting builder (partials/experiments/targeting_builder.edge): conditions and
 * segments, all or any of them, written as the rule language's JSON (docs/targeting.md),
 * with a JSON editor for rules it cannot show. One component for every form that targets:
 * the experiment form, each rule of the feature-flag form and the audience form. The rule
 * text is the parent's (x-modelable), so the parent owns the field that is sent; each change
 * dispatches `targeting-changed` once the parent has it (the audience's live count listens).
 */
const OPERATORS = ['eq', 'neq', 'in', 'nin', 'contains', 'gt', 'gte', 'lt', 'lte', 'exists', 'regex']
const LIST_OPERATORS = ['in', 'nin']

/** Text typed in a value box → the JSON value the rule stores. */
function valueFromText(op, text) {
  if (op === 'exists') return text !== 'false'
  if (LIST_OPERATORS.includes(op)) return text.split(',').map((v) => v.trim()).filter(Boolean).map(scalar)
  if (op === 'regex') return text
  return scalar(text)
}

function scalar(text) {
  const trimmed = String(text).trim()
  if (trimmed === 'true' || trimmed === 'false') return trimmed === 'true'
  if (trimmed !== '' && !Number.isNaN(Number(trimmed))) return Number(trimmed)
  return trimmed
}

const textFromValue = (value) => (Array.isArray(value) ? value.join(', ') : value === undefined ? '' : String(value))

/** A rule the builder can show: one condition/segment, or one all/any group of them. */
function builderFromRule(rule) {
  if (!rule) return { mode: 'all', items: [] }
  const group = rule.all ? 'all' : rule.any ? 'any' : null
  const items = group ? rule[group] : [rule]
  const flat = items.every((item) => item.segment || (item.attribute && OPERATORS.includes(item.op)))
  if (!flat) return null
  return {
    mode: group ?? 'all',
    items: items.map((item) =>
      item.segment
        ? { kind: 'segment', segment: item.segment }
        : { kind: 'condition', attribute: item.attribute, op: item.op, value: textFromValue(item.value) }
    ),
  }
}

function ruleFromBuilder(builder) {
  const items = builder.items
    .filter((item) => (item.kind === 'segment' ? item.segment : item.attribute))
    .map((item) =>
      item.kind === 'segment'
        ? { segment: item.segment }
        : { attribute: item.attribute.trim(), op: item.op, value: valueFromText(item.op, item.value ?? '') }
    )
  if (items.length === 0) return null
  if (items.length === 1 && builder.mode === 'all') return items[0]
  return { [builder.mode]: items }
}

export function targetingBuilder() {
  return {
    ruleJson: '',
    operators: OPERATORS,
    builder: { mode: 'all', items: [] },
    advancedTargeting: false,
    init() {
      // x-modelable hands over the parent's rule after init: read it on the next tick.
      this.$nextTick(() => {
        this.advancedTargeting = !this.readTargetingJson()
      })
      this.$watch('ruleJson', () =>
        this.$nextTick(() =>
          this.$el.dispatchEvent(new CustomEvent('targeting-changed', { bubbles: true }))
        )
      )
    },
    addCondition() {
      this.builder.items.push({ kind: 'condition', attribute: '', op: 'eq', value: '' })
      this.syncTargeting()
    },
    addSegment(key) {
      this.builder.items.push({ kind: 'segment', segment: key })
      this.syncTargeting()
    },
    removeItem(index) {
      this.builder.items.splice(index, 1)
      this.syncTargeting()
    },
    syncTargeting() {
      const rule = ruleFromBuilder(this.builder)
      this.ruleJson = rule ? JSON.stringify(rule, null, 2) : ''
    },
    editAsJson() {
      this.advancedTargeting = true
    },
    /** Leaving the JSON editor: back to the builder when the rule is simple enough. */
    leaveJsonEditor() {
      if (this.readTargetingJson()) this.advancedTargeting = false
    },
    readTargetingJson() {
      try {
        const text = String(this.ruleJson ?? '').trim()
        const simple = builderFromRule(text ? JSON.parse(text) : null)
        if (simple) this.builder = simple
        return simple !== null
      } catch {
        return false
      }
    },
  }
}
