/*
 * The experiment form (Alpine): variant rows with a live weight total, one control,
 * JSON config checks, and a targeting builder that writes the rule language as JSON
 * (docs/targeting.md). The server validates everything again.
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

export function experimentForm(state) {
  let parsed = null
  try {
    parsed = state.targeting ? JSON.parse(state.targeting) : null
  } catch {}
  const builder = builderFromRule(parsed)
  return {
    ...state,
    operators: OPERATORS,
    builder: builder ?? { mode: 'all', items: [] },
    advancedTargeting: builder === null,

    /** Until the person types a minimum sample, it follows the sample-size helper's total. */
    init() {
      this.$el.addEventListener('htmx:after:swap', (event) => {
        if (event.target.id !== 'sample-size-result' || !this.minimumFollowsPlan) return
        const total = event.target.querySelector('[data-sample-total]')?.dataset.sampleTotal
        if (total) this.minimumSampleSize = Number(total)
      })
    },
    keepOwnMinimum() {
      this.minimumFollowsPlan = false
    },

    get weightTotal() {
      return this.variants.reduce((sum, v) => sum + (Number(v.weightPercent) || 0), 0)
    },
    get weightsOk() {
      return Math.abs(this.weightTotal - 100) < 0.05
    },
    configError(variant) {
      try {
        const value = JSON.parse(variant.config || '{}')
        return value && typeof value === 'object' && !Array.isArray(value) ? '' : 'Config must be a JSON object'
      } catch {
        return 'Config must be valid JSON'
      }
    },
    fieldErrors(field) {
      return this.errors[field] ?? []
    },
    variantErrors(index, ...parts) {
      return parts.flatMap((part) => this.fieldErrors(`variants.${index}.${part}`))
    },
    /** A list's field name, e.g. `variants[2][key]`. */
    fieldName(list, index, part) {
      return `${list}[${index}][${part}]`
    },
    addVariant() {
      const n = this.variants.length
      this.variants.push({ key: `variant_${n}`, name: `Variant ${String.fromCharCode(64 + n)}`, weightPercent: 0, config: '{}', description: '' })
    },
    removeVariant(index) {
      this.variants.splice(index, 1)
      if (this.control >= this.variants.length) this.control = 0
    },
    splitEvenly() {
      const share = Math.floor((10000 / this.variants.length)) / 100
      this.variants.forEach((v, i) => (v.weightPercent = i === 0 ? +(100 - share * (this.variants.length - 1)).toFixed(2) : share))
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
      this.targeting = rule ? JSON.stringify(rule, null, 2) : ''
    },
    /** Leaving the JSON editor: back to the builder when the rule is simple enough. */
    leaveJsonEditor() {
      if (this.readTargetingJson()) this.advancedTargeting = false
    },
    readTargetingJson() {
      try {
        const rule = this.targeting.trim() ? JSON.parse(this.targeting) : null
        const simple = builderFromRule(rule)
        if (simple) this.builder = simple
        return simple !== null
      } catch {
        return false
      }
    },
    removeMetric(list, index) {
      this[list].splice(index, 1)
    },
    addMetric(list) {
      this[list].push({ metricId: '', event: '', kind: 'conversion', name: '', direction: list === 'guardrailMetrics' ? 'down' : 'up' })
    },
  }
}

/**
 * The sample-size panel sends the planning inputs with its request: read here, since the
 * Content-Security-Policy allows no `js:` expressions in hx-vals.
 */
export function sendSampleSizeInputs(event) {
  if (event.target?.id !== 'sample-size-result') return
  const body = event.detail.ctx.request.body
  const value = (selector) => document.querySelector(selector)?.value ?? ''
  body.set('baselinePercent', value('[name=_baselinePercent]'))
  body.set('mdePercent', value('[name=_mdePercent]'))
  body.set('mdeType', value('[name=_mdeType]'))
  body.set('dailyTraffic', value('[name=_dailyTraffic]'))
  body.set('significanceLevel', value('#f-alpha'))
  body.set('power', value('#f-power'))
  body.set('trafficPercent', value('#f-traffic'))
  body.set('variants', String(document.querySelectorAll('[name$="[weightPercent]"]').length || 2))
}
