/*
 * Small Alpine components. The CSP build of Alpine evaluates expressions without eval,
 * so anything beyond reading, comparing and calling (statements, globals such as JSON
 * or navigator, template strings) lives here.
 */

/** The JSON a page embeds for a component: <script type="application/json" id="…">. */
export function embeddedJson(id) {
  return JSON.parse(document.getElementById(id)?.textContent || 'null')
}

/** A value with a "Copy" button: <code x-ref="text">. */
export function copyable() {
  return {
    copied: false,
    copy() {
      navigator.clipboard.writeText(this.$refs.text.textContent)
      this.copied = true
    },
  }
}

/** The feature-flag form's rules (partials/experiments/flag_form.edge). */
export function flagRules() {
  return {
    rules: embeddedJson('flag-form-rules') ?? [],
    addRule() {
      this.rules.push({ targeting: '', rollout: 100, value: '' })
    },
    removeRule(index) {
      this.rules.splice(index, 1)
    },
    ruleField(index, part) {
      return `rules[${index}][${part}]`
    },
    ruleId(index, part) {
      return `rule-${part}-${index}`
    },
  }
}

/** The growth dashboard's filters: a preset period submits at once, "custom" waits for dates. */
export function growthFilters() {
  return {
    period: '',
    init() {
      this.period = this.$el.dataset.period
    },
    get custom() {
      return this.period === 'custom'
    },
    periodChanged() {
      if (!this.custom) this.$el.form.requestSubmit()
    },
  }
}
