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
 * Empty without a due time. HTML for the Edge global of the same name (the inbox shows
 * one per row).
 */
export function slaDueBadge(dueAt: Date | null, target?: SlaTarget | null) {
  if (!dueAt) return ''
  const state = slaState(dueAt)
  const what = target ? `${SLA_TARGETS[target]} ` : ''
  const verb = state === 'breached' ? 'breached' : 'due'
  return `<span class="badge ${STYLES[state]}" data-sla-state="${state}" title="${escapeHtml(formatDateTime(dueAt))}">${escapeHtml(what)}<time datetime="${dueAt.toISOString()}" data-countdown>${verb} ${escapeHtml(timeAgo(dueAt) ?? '')}</time></span>`
}
