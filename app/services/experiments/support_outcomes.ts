import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { TicketCreated, TicketRated, TicketReopened } from '#events/ticket_events'
import { HELP_CENTER_EVENTS, HELP_CENTER_EXPERIMENT } from '#services/experiments/help_center'
import { announceThrottled, experimentChannel } from '#services/live'
import { userIdForEmail } from '#services/accounts'
import { insertEventsOnce } from '#services/experiments/event_rows'

/** The event any experiment may use as a metric or guardrail: tickets its subjects open. */
export const SUPPORT_TICKETS_EVENT = 'support_ticket_created'

/** A reopen later than this after the resolution is a new question, not a bad answer. */
const REOPEN_WINDOW_MS = 7 * 24 * 3600_000

/**
 * Experiment bookkeeping after the ticket's own change commits: it never fails or slows
 * the customer's request (a lost event is logged), and a rolled-back change records nothing.
 */
function afterCommit(trx: TransactionClientContract, what: string, work: () => Promise<unknown>) {
  trx.after('commit', () => {
    work().catch((error) => logger.error({ err: error }, `experiments: ${what} not recorded`))
  })
}

/**
 * Copies an outcome of a ticket submitted under the help-center experiment to the visitor
 * who submitted it (the ticket_submitted event links visitor → ticket → contact email),
 * once per ticket.
 */
async function recordTicketOutcome(ticketNumber: number, name: string, value: number | null) {
  const { rows } = await db.rawQuery(
    insertEventsOnce(
      `SELECT e.experiment_id, e.variant_id, e.subject_id, :name::text AS event_name, :value::float8 AS value,
              jsonb_build_object('ticketNumber', :ticket::int) AS properties,
              :name::text || ':ticket:' || :ticket::text AS idempotency_key, now() AS occurred_at
         FROM experiment_events e
         JOIN experiments x ON x.id = e.experiment_id AND x.key = :key AND x.status = 'running'
        WHERE e.event_name = :submitted AND (e.properties->>'ticketNumber') = :ticket::text`,
      'experiment_id'
    ),
    {
      name,
      value,
      ticket: ticketNumber,
      key: HELP_CENTER_EXPERIMENT,
      submitted: HELP_CENTER_EVENTS.ticket,
    }
  )
  for (const row of rows) announceThrottled(experimentChannel(row.experiment_id), 'events')
}

export function recordTicketRating(event: TicketRated) {
  afterCommit(event.trx, 'CSAT', () =>
    recordTicketOutcome(event.ticket.number, HELP_CENTER_EVENTS.csat, event.rating)
  )
}

export function recordTicketReopen(event: TicketReopened) {
  if (Date.now() - event.resolvedAt.getTime() > REOPEN_WINDOW_MS) return
  afterCommit(event.trx, 'reopen', () =>
    recordTicketOutcome(event.ticket.number, HELP_CENTER_EVENTS.reopened, null)
  )
}

/**
 * "Support tickets created" for every running experiment that measures it: the ticket
 * counts for the assigned subject its contact maps to (the contact's email, or the id of
 * the account with that email), once per ticket.
 */
export function recordSupportTicket(event: TicketCreated) {
  const { id, contactEmail } = event.ticket
  afterCommit(event.trx, 'support ticket', async () => {
    const userId = await userIdForEmail(contactEmail)
    const { rows } = await db.rawQuery(
      insertEventsOnce(
        `SELECT DISTINCT ON (a.experiment_id) a.experiment_id, a.variant_id, a.subject_id,
                :name::text AS event_name, NULL::float8 AS value,
                jsonb_build_object('ticketId', :id::int) AS properties,
                :name::text || ':' || :id::text AS idempotency_key, now() AS occurred_at
           FROM experiments x
         JOIN experiment_assignments a ON a.experiment_id = x.id
        WHERE x.status = 'running'
          AND (x.primary_metric->>'event' = :name::text
               OR x.secondary_metrics @> jsonb_build_array(jsonb_build_object('event', :name::text))
               OR x.guardrail_metrics @> jsonb_build_array(jsonb_build_object('event', :name::text)))
          AND a.subject_id IN (lower(:email::text), :email::text, :userId::text)`,
        'experiment_id'
      ),
      {
        name: SUPPORT_TICKETS_EVENT,
        id,
        email: contactEmail,
        userId: userId === null ? null : String(userId),
      }
    )
    for (const row of rows) announceThrottled(experimentChannel(row.experiment_id), 'events')
  })
}
