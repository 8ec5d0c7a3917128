import type { TicketPriority, TicketStatus } from '#models/ticket'

export const TICKET_STATUSES = ['new', 'in_progress', 'pending', 'resolved', 'closed'] as const
export const TICKET_PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const

/** Statuses that still need work: the inbox's "open" views. */
export const OPEN_STATUSES: readonly TicketStatus[] = ['new', 'in_progress', 'pending']

export const STATUS_LABELS: Record<TicketStatus, string> = {
  new: 'New',
  in_progress: 'In progress',
  pending: 'Pending',
  resolved: 'Resolved',
  closed: 'Closed',
}

export const PRIORITY_LABELS: Record<TicketPriority, string> = {
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  urgent: 'Urgent',
}

/**
 * Where a ticket may go from each status. Pending means "waiting on the customer";
 * resolved may be reopened (by an agent, or by a customer reply); closed is final, and a
 * customer with more to say opens a new ticket.
 */
const TRANSITIONS: Record<TicketStatus, readonly TicketStatus[]> = {
  new: ['in_progress', 'pending', 'resolved', 'closed'],
  in_progress: ['pending', 'resolved', 'closed'],
  pending: ['in_progress', 'resolved', 'closed'],
  resolved: ['in_progress', 'closed'],
  closed: [],
}

export function allowedTransitions(from: TicketStatus): readonly TicketStatus[] {
  return TRANSITIONS[from]
}

export function canTransition(from: TicketStatus, to: TicketStatus) {
  return TRANSITIONS[from].includes(to)
}

/** "Allowed: Pending, Resolved or Closed." or "A closed ticket cannot change status." */
export function describeAllowed(from: TicketStatus) {
  const allowed = TRANSITIONS[from].map((status) => STATUS_LABELS[status])
  if (!allowed.length) return `A ${STATUS_LABELS[from].toLowerCase()} ticket cannot change status.`
  const list =
    allowed.length === 1 ? allowed[0] : `${allowed.slice(0, -1).join(', ')} or ${allowed.at(-1)}`
  return `From ${STATUS_LABELS[from]} it can move to ${list}.`
}
