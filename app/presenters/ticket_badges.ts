import type { TicketPriority, TicketStatus } from '#models/ticket'
import { escapeHtml } from '#services/platform'
import { PRIORITY_LABELS, STATUS_LABELS } from '#services/support'

/**
 * A ticket's status as a badge, and its priority (low and medium stay quiet so urgent
 * stands out), as HTML for the Edge globals of the same names. Functions rather than
 * components: the inbox shows two per row, and an Edge component render costs far more
 * than building this string. The badge's look and colour come from `data-ticket-status`
 * in the stylesheet, and the priority's from its one class: the inbox's 50 rows carry no
 * other class for them.
 */
export function ticketStatusBadge(status: TicketStatus) {
  const value = escapeHtml(status)
  return `<span data-ticket-status="${value}">${escapeHtml(STATUS_LABELS[status] ?? status)}</span>`
}

export function ticketPriorityLabel(priority: TicketPriority) {
  const value = escapeHtml(priority)
  return `<span class="priority-${value}">${escapeHtml(PRIORITY_LABELS[priority] ?? priority)}</span>`
}
