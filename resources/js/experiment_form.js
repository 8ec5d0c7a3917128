/*
 * The experiment form (Alpine): variant rows with a live weight total, one control and
 * JSON config checks; its targeting is the shared builder (targeting_builder.js). The
 * server validates everything again.
 */
export function experimentForm(state) {
  return {
    ...state,

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
