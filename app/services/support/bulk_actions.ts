import Ticket from '#models/ticket'
import type { TicketPriority, TicketStatus } from '#models/ticket'
import { DomainError } from '#exceptions/domain_error'
import type { Actor } from '#services/accounts'
import { changeStatus, updateTicketFields } from '#services/support/ticket_service'
import {
  PRIORITY_LABELS,
  STATUS_LABELS,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
} from '#services/support/workflow'

export type BulkAction = 'assign' | 'status' | 'priority' | 'add_tag' | 'remove_tag'

export interface BulkSummary {
  /** What was asked, in words: "Set status to Resolved". */
  action: string
  changed: number[]
  unchanged: number[]
  refused: { number: number; reason: string }[]
}

/**
 * One change applied to many tickets, each through the same service call (and history)
 * as a single change. A ticket that cannot take it (a closed ticket cannot be resolved)
 * is listed with the reason; the others go ahead.
 */
export async function applyBulkAction(
  ticketIds: number[],
  action: BulkAction,
  value: string,
  actor: Actor
): Promise<BulkSummary> {
  const tickets = await Ticket.query().whereIn('id', ticketIds).orderBy('number')
  const summary: BulkSummary = {
    action: describe(action, value),
    changed: [],
    unchanged: [],
    refused: [],
  }
  for (const ticket of tickets) {
    try {
      const changed = await applyOne(ticket, action, value, actor)
      ;(changed ? summary.changed : summary.unchanged).push(ticket.number)
    } catch (error) {
      if (!(error instanceof DomainError)) throw error
      summary.refused.push({ number: ticket.number, reason: error.message })
    }
  }
  return summary
}

async function applyOne(ticket: Ticket, action: BulkAction, value: string, actor: Actor) {
  switch (action) {
    case 'status': {
      if (!TICKET_STATUSES.includes(value as TicketStatus)) throw invalid(value)
      if (ticket.status === value) return false
      await changeStatus(ticket, value as TicketStatus, actor)
      return true
    }
    case 'priority': {
      if (!TICKET_PRIORITIES.includes(value as TicketPriority)) throw invalid(value)
      const changed = await updateTicketFields(ticket, { priority: value as TicketPriority }, actor)
      return changed.length > 0
    }
    case 'assign': {
      const assigneeId = value === '' || value === 'none' ? null : Number(value)
      if (assigneeId !== null && !Number.isSafeInteger(assigneeId)) throw invalid(value)
      const changed = await updateTicketFields(ticket, { assigneeId }, actor)
      return changed.length > 0
    }
    case 'add_tag':
    case 'remove_tag': {
      const tag = value.trim().toLowerCase()
      if (!tag) throw invalid(value)
      const tags =
        action === 'add_tag' ? [...ticket.tags, tag] : ticket.tags.filter((t) => t !== tag)
      const changed = await updateTicketFields(ticket, { tags }, actor)
      return changed.length > 0
    }
  }
}

function invalid(value: string) {
  return new DomainError(`“${value}” is not a valid choice for this action.`, 'invalid_value')
}

function describe(action: BulkAction, value: string) {
  switch (action) {
    case 'status':
      return `Set status to ${STATUS_LABELS[value as TicketStatus] ?? value}`
    case 'priority':
      return `Set priority to ${PRIORITY_LABELS[value as TicketPriority] ?? value}`
    case 'assign':
      return value ? 'Assign' : 'Unassign'
    case 'add_tag':
      return `Add tag “${value}”`
    case 'remove_tag':
      return `Remove tag “${value}”`
  }
}
