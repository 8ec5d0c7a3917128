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

/** A flag key made from its name: "New dashboard layout" → "new_dashboard_layout". */
function keyFromName(name) {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 100)
}

/**
 * The feature-flag form (partials/experiments/flag_form.edge): the key follows the name
 * until it is edited, boolean flags take true/false, each rule has the targeting builder,
 * and the server's messages of a rule's field go as soon as that field is edited.
 */
export function flagForm() {
  const state = embeddedJson('flag-form-state')
  return {
    ...state,
    get isBoolean() {
      return this.type === 'boolean'
    },
    nameChanged() {
      if (!this.keyEdited) this.key = keyFromName(this.name)
    },
    keyChanged() {
      this.keyEdited = this.key !== ''
    },
    addRule() {
      this.rules.push({ targeting: '', rollout: 100, value: this.isBoolean ? 'true' : '' })
    },
    removeRule(index) {
      this.rules.splice(index, 1)
      this.errors = {}
    },
    ruleField(index, part) {
      return `rules[${index}][${part}]`
    },
    ruleId(index, part) {
      return `rule-${part}-${index}`
    },
    ruleErrors(index, part) {
      return this.errors[`rules.${index}.${part}`] ?? []
    },
    forget(index, part) {
      delete this.errors[`rules.${index}.${part}`]
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

/** The audience form: its rule (JSON text) is the targeting builder's model and the field sent. */
export function audienceForm() {
  return { rule: embeddedJson('audience-form-rule') ?? '' }
}
