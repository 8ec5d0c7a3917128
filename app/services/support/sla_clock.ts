import db from '@adonisjs/lucid/services/db'
import Ticket from '#models/ticket'
import { TicketSlaAtRisk } from '#events/ticket_events'
import { ticketFacts } from '#services/support/ticket_facts'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { addBusinessMinutes, type Pause } from '#services/support/business_hours'
import type { BusinessCalendar } from '#services/support/business_hours'
import {
  businessCalendar,
  saveBusinessCalendar,
  saveSlaPolicies,
  SLA_TARGETS,
  slaPolicies,
  type SlaPolicy,
  type SlaTarget,
} from '#services/support/sla_policies'

/** "Due soon": a running target ends within this many minutes (the home page, the inbox, the warning). */
export const BREACH_WARNING_MINUTES = 60

interface Clock {
  target: SlaTarget
  startedAt: Date
  dueAt: Date | null
  doneAt: Date | null
}

/** Whole seconds: the inbox pages by due time with a cursor of seconds. */
const toSecond = (date: Date | null) =>
  date ? new Date(Math.floor(date.getTime() / 1000) * 1000) : null

/**
 * Recomputes a ticket's clocks from its facts (created, first response, messages, status
 * history, priority) and records each target's outcome. Called by every write that can
 * move a clock, in its transaction; being a recomputation, calling it twice is harmless.
 */
export async function refreshSlaClock(ticketId: number, trx: TransactionClientContract) {
  const ticket = await trx
    .from('tickets')
    .where('id', ticketId)
    .select(
      'id',
      'priority',
      'status',
      'is_open',
      'created_at',
      'first_response_at',
      'resolved_at',
      'closed_at',
      'assignee_id'
    )
    .first()
  if (!ticket) return
  const policies = await slaPolicies(trx)
  const policy = policies[ticket.priority as SlaPolicy['priority']]
  if (!policy) return
  const calendar = policy.businessHours
    ? await businessCalendar(trx)
    : { alwaysOpen: true, timeZone: 'UTC', week: {}, holidays: [] }
  const spans =
    policy.pauseWhenPending || policy.resolutionMinutes !== null
      ? await statusSpans(ticketId, trx)
      : { pending: [], resolved: [] }
  const pauses = policy.pauseWhenPending ? spans.pending : []
  const due = (start: Date, minutes: number | null, extra: Pause[] = []) =>
    minutes === null
      ? null
      : toSecond(addBusinessMinutes(start, minutes, calendar, [...pauses, ...extra]))

  const created: Date = ticket.created_at
  const clocks: Clock[] = [
    {
      target: 'first_response',
      startedAt: created,
      dueAt: due(created, policy.firstResponseMinutes),
      doneAt: ticket.first_response_at,
    },
  ]
  if (policy.resolutionMinutes !== null) {
    clocks.push({
      target: 'resolution',
      startedAt: created,
      // Measured across reopenings, paused while the ticket was resolved: a reopened ticket
      // goes on from where its clock stood, its due time later by the time it spent resolved.
      dueAt: due(
        created,
        policy.resolutionMinutes,
        spans.resolved.filter((span) => span.to !== null)
      ),
      doneAt: ticket.resolved_at ?? ticket.closed_at,
    })
  }
  const waiting = ticket.first_response_at ? await unansweredSince(ticketId, trx) : null
  if (waiting && policy.nextResponseMinutes !== null) {
    clocks.push({
      target: 'next_response',
      startedAt: waiting,
      dueAt: due(waiting, policy.nextResponseMinutes),
      doneAt: null,
    })
  }
  // A next response given: the customer's waiting message is answered by the agent's reply
  // after it. Next-response clocks exist only once there was a first response.
  if (ticket.first_response_at) await closeAnsweredNextResponses(ticketId, waiting, trx)
  await recordOutcomes(ticketId, clocks, ticket.assignee_id, trx)

  const running = ticket.is_open ? clocks.filter((clock) => !clock.doneAt && clock.dueAt) : []
  const next = running.sort((a, b) => a.dueAt!.getTime() - b.dueAt!.getTime())[0]
  const byTarget = (target: SlaTarget) => {
    const clock = clocks.find((c) => c.target === target)
    return clock && !clock.doneAt ? clock.dueAt : null
  }
  const row = {
    first_response_due_at: byTarget('first_response'),
    next_response_due_at: byTarget('next_response'),
    resolution_due_at: byTarget('resolution'),
    due_at: next?.dueAt ?? null,
    due_target: next?.target ?? null,
    paused: ticket.status === 'pending' && policy.pauseWhenPending,
  }
  await trx
    .insertQuery()
    .table('ticket_sla')
    .insert({ ticket_id: ticketId, ...row })
    .knexQuery.onConflict('ticket_id')
    .merge()
}

/**
 * The spans the ticket spent pending and resolved, from its status history (the last may
 * still be running).
 */
async function statusSpans(ticketId: number, trx: TransactionClientContract) {
  const rows = await trx
    .from('ticket_status_history')
    .where('ticket_id', ticketId)
    .orderBy('created_at')
    .orderBy('id')
    .select('new_status', 'created_at')
  const spansOf = (status: string) => {
    const spans: Pause[] = []
    for (const row of rows) {
      const open = spans.at(-1)
      if (open && open.to === null && row.new_status !== status) open.to = row.created_at
      if (row.new_status === status && !(open && open.to === null)) {
        spans.push({ from: row.created_at, to: null })
      }
    }
    return spans
  }
  return { pending: spansOf('pending'), resolved: spansOf('resolved') }
}

/** When the oldest customer message not yet answered by an agent's reply arrived, if any. */
async function unansweredSince(ticketId: number, trx: TransactionClientContract) {
  const { rows } = await trx.rawQuery(
    `SELECT min(created_at) AS since FROM ticket_messages
      WHERE ticket_id = :id AND kind = 'customer'
        AND created_at > coalesce((SELECT max(created_at) FROM ticket_messages
                                    WHERE ticket_id = :id AND kind = 'reply'), '-infinity')`,
    { id: ticketId }
  )
  return (rows[0]?.since as Date | null) ?? null
}

/** Every clock's outcome in one statement (a re-computation updates the rows it made). */
async function recordOutcomes(
  ticketId: number,
  clocks: Clock[],
  agentId: number | null,
  trx: TransactionClientContract
) {
  const now = new Date()
  const rows = clocks.map((clock) => {
    const late = clock.dueAt && (clock.doneAt ?? now) > clock.dueAt
    return {
      ticket_id: ticketId,
      target: clock.target,
      started_at: clock.startedAt,
      due_at: clock.dueAt,
      done_at: clock.doneAt,
      // Done late: breached when done; still running: breached now (the first time seen).
      breached_at: late ? (clock.doneAt ?? now) : null,
      agent_id: agentId,
    }
  })
  await trx
    .knexQuery()
    .table('ticket_sla_outcomes')
    .insert(rows)
    .onConflict(['ticket_id', 'target', 'started_at'])
    .merge({
      due_at: trx.knexRawQuery('EXCLUDED.due_at'),
      done_at: trx.knexRawQuery('EXCLUDED.done_at'),
      agent_id: trx.knexRawQuery('EXCLUDED.agent_id'),
      breached_at: trx.knexRawQuery(
        `CASE WHEN EXCLUDED.breached_at IS NULL THEN NULL
              ELSE coalesce(ticket_sla_outcomes.breached_at, EXCLUDED.breached_at) END`
      ),
    })
}

async function closeAnsweredNextResponses(
  ticketId: number,
  waiting: Date | null,
  trx: TransactionClientContract
) {
  await trx.rawQuery(
    `UPDATE ticket_sla_outcomes o
      SET done_at = (SELECT min(m.created_at) FROM ticket_messages m
                      WHERE m.ticket_id = o.ticket_id AND m.kind = 'reply' AND m.created_at >= o.started_at)
    WHERE o.ticket_id = :id AND o.target = 'next_response' AND o.done_at IS NULL
      AND o.started_at <> :waiting`,
    { id: ticketId, waiting: waiting ?? new Date(0) }
  )
}

export interface TicketSla {
  firstResponseDueAt: Date | null
  nextResponseDueAt: Date | null
  resolutionDueAt: Date | null
  dueAt: Date | null
  dueTarget: SlaTarget | null
  paused: boolean
}

export async function ticketSla(ticketId: number): Promise<TicketSla | null> {
  const row = await db.from('ticket_sla').where('ticket_id', ticketId).first()
  if (!row) return null
  return {
    firstResponseDueAt: row.first_response_due_at,
    nextResponseDueAt: row.next_response_due_at,
    resolutionDueAt: row.resolution_due_at,
    dueAt: row.due_at,
    dueTarget: row.due_target,
    paused: row.paused,
  }
}

export interface ResponsesDue {
  /** Open tickets whose next target ends within BREACH_WARNING_MINUTES. */
  breachingSoon: number
  /** Open tickets past a target. */
  overdue: number
}

/** Open tickets by how close their next SLA target is (the home page's counts). */
export async function responsesDue(): Promise<ResponsesDue> {
  const { rows } = await db.rawQuery(
    `SELECT count(*) FILTER (WHERE s.due_at >= now()) AS soon,
            count(*) FILTER (WHERE s.due_at < now()) AS overdue
       FROM ticket_sla s JOIN tickets t ON t.id = s.ticket_id
      WHERE t.is_open AND NOT s.paused
        AND s.due_at < now() + :warning * interval '1 minute'`,
    { warning: BREACH_WARNING_MINUTES }
  )
  return { breachingSoon: Number(rows[0].soon), overdue: Number(rows[0].overdue) }
}

/** Open tickets' clocks are recomputed a batch per transaction after the policies change. */
const REFRESH_BATCH = 500

/** Saves the policies and the calendar, then moves every open ticket's clocks to them. */
export async function saveSlaSettings(
  policies: SlaPolicy[],
  calendar: Omit<BusinessCalendar, 'alwaysOpen'>
) {
  await db.transaction(async (trx) => {
    await saveSlaPolicies(policies, trx)
    await saveBusinessCalendar(calendar, trx)
  })
  await refreshOpenClocks()
}

/**
 * Gives every ticket without clocks its clocks (tickets that existed before the SLAs, or
 * were written by an older release during a rolling deploy); a batch per transaction.
 * Idempotent: a second run finds nothing to do. Returns how many tickets it gave clocks.
 */
export async function backfillSlaClocks(): Promise<number> {
  let done = 0
  let after = 0
  for (;;) {
    const rows: { id: number }[] = await db
      .from('tickets')
      .where('id', '>', after)
      .whereNotExists((query) =>
        query.from('ticket_sla').whereRaw('ticket_sla.ticket_id = tickets.id')
      )
      .orderBy('id')
      .limit(REFRESH_BATCH)
      .select('id')
    if (!rows.length) return done
    await db.transaction(async (trx) => {
      for (const row of rows) await refreshSlaClock(row.id, trx)
    })
    done += rows.length
    after = rows.at(-1)!.id
  }
}

async function refreshOpenClocks() {
  let after = 0
  for (;;) {
    const rows: { id: number }[] = await db
      .from('tickets')
      .where('is_open', true)
      .where('id', '>', after)
      .orderBy('id')
      .limit(REFRESH_BATCH)
      .select('id')
    const ids = rows.map((row) => row.id)
    if (!ids.length) return
    await db.transaction(async (trx) => {
      for (const id of ids) await refreshSlaClock(id, trx)
    })
    after = ids.at(-1)!
  }
}

/** Tickets a sweep handles at most per kind (the next minute takes the rest). */
const SWEEP_LIMIT = 1000

/**
 * Every minute (app/jobs/sweep_sla_clocks.ts): records targets that passed unmet as
 * breached when they pass (not only when answered late), and warns the people
 * responsible once per due time before one is breached.
 */
export async function sweepSlaClocks(): Promise<{ breached: number; warned: number }> {
  const { rows: late } = await db.rawQuery(
    `SELECT DISTINCT o.ticket_id FROM ticket_sla_outcomes o JOIN tickets t ON t.id = o.ticket_id
      WHERE t.is_open AND o.done_at IS NULL AND o.breached_at IS NULL AND o.due_at < now()
      LIMIT :limit`,
    { limit: SWEEP_LIMIT }
  )
  for (const row of late) await db.transaction((trx) => refreshSlaClock(row.ticket_id, trx))

  const { rows: soon } = await db.rawQuery(
    `SELECT s.ticket_id FROM ticket_sla s JOIN tickets t ON t.id = s.ticket_id
      WHERE t.is_open AND NOT s.paused AND s.due_at >= now()
        AND s.due_at < now() + :warning * interval '1 minute'
        AND s.warned_due_at IS DISTINCT FROM s.due_at
      LIMIT :limit`,
    { warning: BREACH_WARNING_MINUTES, limit: SWEEP_LIMIT }
  )
  let warned = 0
  for (const row of soon) {
    await db.transaction(async (trx) => {
      const ticket = await Ticket.query({ client: trx })
        .where('id', row.ticket_id)
        .forUpdate()
        .first()
      const clock = await trx.from('ticket_sla').where('ticket_id', row.ticket_id).first()
      // Answered or warned by another sweep meanwhile.
      if (!ticket || !clock?.due_at || clock.warned_due_at?.getTime() === clock.due_at.getTime()) {
        return
      }
      await trx
        .from('ticket_sla')
        .where('ticket_id', ticket.id)
        .update({ warned_due_at: clock.due_at })
      const target = SLA_TARGETS[clock.due_target as SlaTarget]
      await TicketSlaAtRisk.publish(await ticketFacts(ticket, trx), target, clock.due_at, trx)
      warned++
    })
  }
  return { breached: late.length, warned }
}
