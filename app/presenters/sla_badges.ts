import { escapeHtml } from '#services/platform'
import { BREACH_WARNING_MINUTES, SLA_TARGETS, type SlaTarget } from '#services/support'
import { formatDateTime, timeAgo } from '#presenters/format'

/** Where a due time stands: passed, within the warning, or further away. */
export function slaState(dueAt: Date, now = Date.now()) {
  const left = dueAt.getTime() - now
  if (left < 0) return 'breached'
  return left < BREACH_WARNING_MINUTES * 60_000 ? 'soon' : 'running'
}

const STYLES = { breached: 'danger', soon: 'warn', running: '' } as const

/**
 * A due time as a badge with a live countdown ("due in 40 minutes", "breached 2 hours
 * ago"): resources/js/countdown.js keeps the text and colour current between reloads.
 * Empty without a due time. HTML for the Edge global of the same name.
 *
 * With a target (the ticket page) the badge names it and its title gives the exact time.
 * Without (the inbox, one per row of 50) the `<time>` is the badge itself and
 * countdown.js adds the title: half the bytes.
 */
export function slaDueBadge(dueAt: Date | null, target?: SlaTarget | null) {
  if (!dueAt) return ''
  const state = slaState(dueAt)
  const countdown = `${state === 'breached' ? 'breached' : 'due'} ${escapeHtml(timeAgo(dueAt) ?? '')}`
  // Whole seconds: the countdown needs no more, and the inbox shows one per row.
  const datetime = dueAt.toISOString().replace(/\.\d{3}Z$/, 'Z')
  if (!target) {
    return `<time class="${STYLES[state] ? `badge ${STYLES[state]}` : 'badge'}" datetime="${datetime}" data-sla-state="${state}" data-countdown>${countdown}</time>`
  }
  return `<span class="badge ${STYLES[state]}" data-sla-state="${state}" title="${escapeHtml(formatDateTime(dueAt))}">${escapeHtml(SLA_TARGETS[target])} <time datetime="${datetime}" data-countdown>${countdown}</time></span>`
}
