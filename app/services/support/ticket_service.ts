import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Ticket, { type TicketPriority, type TicketStatus } from '#models/ticket'
import TicketMessage, { type MessageKind } from '#models/ticket_message'
import User from '#models/user'
import { DomainError } from '#exceptions/domain_error'
import {
  TicketAssigned,
  TicketCreated,
  TicketMessageAdded,
  TicketReopened,
  TicketStatusChanged,
} from '#events/ticket_events'
import { actorUserId, SYSTEM_ACTOR, type Actor } from '#services/accounts'
import { announce, LIVE_CHANNELS, ticketChannel } from '#services/live'
import { withoutControlCharacters } from '#services/platform'
import { actorColumns, actorOrigin } from '#services/support/actor_columns'
import { actorFacts, ticketFacts } from '#services/support/ticket_facts'
import { refreshSlaClock } from '#services/support/sla_clock'
import { storeAttachments, type IncomingFile } from '#services/support/attachments'
import { ensureCustomerContact } from '#services/contacts'
import {
  allowedTransitions,
  canTransition,
  describeAllowed,
  PRIORITY_LABELS,
  STATUS_LABELS,
} from '#services/support/workflow'

export interface NewTicket {
  title: string
  description: string
  priority?: TicketPriority
  email: string
  name?: string | null
  tags?: string[]
  assigneeId?: number | null
  /** A reply by email to a closed ticket starts a new one that follows it. */
  followsTicketId?: number | null
  /** The sanitised HTML of the mail that opened it. */
  descriptionHtml?: string | null
  /** Files sent with the request (already checked by the caller's validator). */
  attachments?: IncomingFile[]
}

export interface TicketFieldChanges {
  title?: string
  priority?: TicketPriority
  /** null unassigns. */
  assigneeId?: number | null
  tags?: string[]
}

export interface StatusNote {
  note?: string | null
  /** Shown to the customer (and mailed) when true; an agent-only remark otherwise. */
  notePublic?: boolean
}

export interface NewMessage {
  kind: MessageKind
  body: string
  /** The newest message the author had seen; a newer one from someone else stops the send. */
  lastSeenMessageId?: number | null
  /** Optionally move the ticket in the same step ("send and set to Pending"). */
  status?: TicketStatus | null
  /** Assignee, priority and tags set beside the composer, changed with the message. */
  fields?: TicketFieldChanges
  /** Came in by email: its quoted history is folded on display. */
  viaEmail?: boolean
  /** The mail's sanitised HTML, kept beside the text. */
  html?: string | null
  /** Files sent with the message (already checked by the caller's validator). */
  attachments?: IncomingFile[]
}

/** A status change that the workflow does not allow; names the statuses that are. */
export class InvalidTransitionError extends DomainError {
  constructor(from: TicketStatus, to: TicketStatus) {
    super(
      from === to
        ? `The ticket is already ${STATUS_LABELS[to].toLowerCase()}.`
        : `A ticket cannot move from ${STATUS_LABELS[from]} to ${STATUS_LABELS[to]}. ${describeAllowed(from)}`,
      'invalid_transition',
      422,
      { from, to, allowed: allowedTransitions(from) }
    )
  }
}

/** Messages arrived after the author opened the ticket: they should read them first. */
export class StaleReplyError extends DomainError {
  constructor(public newMessages: TicketMessage[]) {
    super(
      newMessages.length === 1
        ? 'A new message arrived while you were writing. Read it, then send your reply again.'
        : `${newMessages.length} new messages arrived while you were writing. Read them, then send your reply again.`,
      'stale_reply',
      409,
      { new_message_ids: newMessages.map((message) => message.id) }
    )
  }
}

export async function findTicketByNumber(number: unknown): Promise<Ticket> {
  const value = Number(number)
  const ticket = Number.isSafeInteger(value) ? await Ticket.findBy('number', value) : null
  if (!ticket) throw new DomainError('That ticket does not exist.', 'not_found', 404)
  return ticket
}

export async function findTicketById(id: unknown): Promise<Ticket> {
  const value = Number(id)
  const ticket = Number.isSafeInteger(value) && value > 0 ? await Ticket.find(value) : null
  if (!ticket) throw new DomainError('That ticket does not exist.', 'not_found', 404)
  return ticket
}

/** Opens a ticket; its first history row records who opened it. */
export async function createTicket(
  input: NewTicket,
  source: Ticket['source'],
  actor: Actor,
  outer?: TransactionClientContract
): Promise<Ticket> {
  const run = async (trx: TransactionClientContract) => {
    const assignee = input.assigneeId ? await assignableAgent(input.assigneeId, trx) : null
    const ticket = await Ticket.create(
      {
        title: withoutControlCharacters(input.title),
        description: withoutControlCharacters(input.description),
        priority: input.priority ?? 'medium',
        status: 'new',
        contactEmail: input.email.toLowerCase(),
        contactName: input.name || null,
        tags: normalizeTags(input.tags ?? []),
        assigneeId: assignee?.id ?? null,
        followsTicketId: input.followsTicketId ?? null,
        descriptionHtml: input.descriptionHtml ?? null,
        source,
      },
      { client: trx }
    )
    await ticket.refresh()
    await ensureCustomerContact({ email: ticket.contactEmail, name: ticket.contactName }, trx)
    if (input.attachments?.length) {
      await storeAttachments(ticket.id, null, input.attachments, trx)
    }
    await trx.table('ticket_status_history').insert({
      ticket_id: ticket.id,
      old_status: null,
      new_status: 'new',
      ...actorColumns(actor),
      created_at: ticket.createdAt.toJSDate(),
    })
    await refreshSlaClock(ticket.id, trx)
    await TicketCreated.publish(await ticketFacts(ticket, trx), actorFacts(actor), trx)
    await announceTicket(ticket, 'ticket_created', trx, actor)
    return ticket
  }
  return outer ? run(outer) : db.transaction(run)
}

/**
 * The one way a ticket's status changes: checks the workflow, stamps resolution and
 * closing times, and writes the history row in the same transaction.
 */
export async function changeStatus(
  ticket: Ticket,
  to: TicketStatus,
  actor: Actor,
  note: StatusNote = {},
  outer?: TransactionClientContract
): Promise<Ticket> {
  const run = async (trx: TransactionClientContract) => {
    const locked = await lockTicket(ticket.id, trx)
    if (!canTransition(locked.status, to)) throw new InvalidTransitionError(locked.status, to)
    await applyStatus(locked, to, actor, note, trx)
    await refreshSlaClock(locked.id, trx)
    const text = note.note?.trim() || null
    await TicketStatusChanged.publish(
      await ticketFacts(locked, trx),
      actorFacts(actor),
      { text, isPublic: Boolean(note.notePublic) },
      false,
      trx
    )
    await announceTicket(locked, 'status_changed', trx, actor)
    return locked
  }
  const updated = outer ? await run(outer) : await db.transaction(run)
  ticket.merge(updated.$attributes)
  return ticket
}

/** Title, priority, assignee and tags; each change becomes a row of the timeline. */
export async function updateTicketFields(
  ticket: Ticket,
  changes: TicketFieldChanges,
  actor: Actor,
  outer?: TransactionClientContract
): Promise<string[]> {
  const run = async (trx: TransactionClientContract) => {
    const locked = await lockTicket(ticket.id, trx)
    const described = await applyFields(locked, changes, actor, trx)
    if (described.length) {
      locked.updatedAt = DateTime.now()
      await locked.useTransaction(trx).save()
      // The priority picks the policy; the assignee is who a breach is counted against.
      await refreshSlaClock(locked.id, trx)
      if (described.includes('assignee') && locked.assigneeId) {
        await TicketAssigned.publish(await ticketFacts(locked, trx), actorFacts(actor), trx)
      }
      await announceTicket(locked, 'ticket_updated', trx, actor)
    }
    ticket.merge(locked.$attributes)
    return described
  }
  return outer ? run(outer) : db.transaction(run)
}

/**
 * Fields and a status change (with its note) in one transaction, as the API's PUT sends
 * them: an invalid transition changes nothing. Repeating the current status without a
 * note is not a change, so the same request can be sent twice.
 */
export async function reviseTicket(
  ticket: Ticket,
  changes: TicketFieldChanges & StatusNote & { status?: TicketStatus },
  actor: Actor
) {
  const { status, note, notePublic, ...fields } = changes
  await db.transaction(async (trx) => {
    // Locks the ticket and reloads it, so the status compared below is the current one.
    await updateTicketFields(ticket, fields, actor, trx)
    if (status && (status !== ticket.status || note)) {
      await changeStatus(ticket, status, actor, { note, notePublic }, trx)
    }
  })
  return ticket
}

/**
 * Adds to the conversation. A customer message reopens a pending or resolved ticket; an
 * agent's first public reply stamps the first-response time and starts work on a new
 * ticket. With `lastSeenMessageId`, refuses to send if someone else wrote since.
 */
export async function addMessage(
  ticket: Ticket,
  input: NewMessage,
  actor: Actor,
  outer?: TransactionClientContract
): Promise<TicketMessage> {
  const run = async (trx: TransactionClientContract) => {
    const locked = await lockTicket(ticket.id, trx)
    const authorId = actorUserId(actor)
    if (input.lastSeenMessageId !== undefined && input.lastSeenMessageId !== null) {
      const newer = await TicketMessage.query({ client: trx })
        .where('ticket_id', locked.id)
        .where('id', '>', input.lastSeenMessageId)
        .where((query) => query.whereNull('author_id').orWhereNot('author_id', authorId ?? 0))
        .orderBy('id')
      if (newer.length) throw new StaleReplyError(newer)
    }
    if (locked.status === 'closed' && input.kind !== 'note') {
      throw new DomainError(
        'This ticket is closed. A new question needs a new ticket.',
        'ticket_closed'
      )
    }
    if (
      input.status &&
      input.status !== locked.status &&
      !canTransition(locked.status, input.status)
    ) {
      throw new InvalidTransitionError(locked.status, input.status)
    }

    // Same transaction: a refused message changes no field either.
    if (input.fields) await updateTicketFields(locked, input.fields, actor, trx)

    const now = DateTime.now()
    const body = withoutControlCharacters(input.body)
    const message = await TicketMessage.create(
      {
        ticketId: locked.id,
        kind: input.kind,
        body,
        authorId,
        authorName: actor.kind === 'system' ? null : actor.name,
        viaEmail: input.viaEmail ?? false,
        htmlBody: input.html ?? null,
        createdAt: now,
      },
      { client: trx }
    )
    const files = input.attachments?.length
      ? await storeAttachments(locked.id, message.id, input.attachments, trx)
      : []
    const firstResponse = input.kind === 'reply' && !locked.firstResponseAt
    // SQL, not the model (applyStatus saves the status): the counter and the search vector
    // grow in place, in one statement.
    await trx.rawQuery(
      `UPDATE tickets
          SET message_count = message_count + 1,
              last_message_at = :now, updated_at = :now,
              first_response_at = CASE WHEN :firstResponse THEN :now ELSE first_response_at END,
              messages_vector = coalesce(messages_vector, ''::tsvector)
                || setweight(to_tsvector('english', :body), :weight)
        WHERE id = :id`,
      {
        now: now.toJSDate(),
        firstResponse,
        body,
        weight: input.kind === 'note' ? 'D' : 'C',
        id: locked.id,
      }
    )
    await locked.refresh()

    const next = input.status ?? automaticStatus(locked.status, input.kind)
    const moved = next !== null && next !== locked.status
    if (moved) {
      const by = input.status ? actor : input.kind === 'customer' ? actor : SYSTEM_ACTOR
      await applyStatus(locked, next, by, {}, trx)
    }
    await refreshSlaClock(locked.id, trx)
    const facts = await ticketFacts(locked, trx)
    if (moved && input.status) {
      const note = { text: null, isPublic: false }
      const withReply = input.kind === 'reply'
      await TicketStatusChanged.publish(facts, actorFacts(actor), note, withReply, trx)
    }
    const said = {
      kind: message.kind,
      body: message.body,
      authorName: message.authorName,
      attachments: files.map((file) => ({
        filename: file.filename,
        contentType: file.contentType,
        storageKey: file.storageKey,
      })),
    }
    await TicketMessageAdded.publish(facts, said, actorFacts(actor), trx)
    await announceTicket(locked, `message_${input.kind}`, trx, actor)
    ticket.merge(locked.$attributes)
    return message
  }
  return outer ? run(outer) : db.transaction(run)
}

/** What a message does to the status by itself. */
function automaticStatus(status: TicketStatus, kind: MessageKind): TicketStatus | null {
  if (kind === 'customer' && (status === 'pending' || status === 'resolved')) return 'in_progress'
  if (kind === 'reply' && status === 'new') return 'in_progress'
  return null
}

async function applyStatus(
  ticket: Ticket,
  to: TicketStatus,
  actor: Actor,
  note: StatusNote,
  trx: TransactionClientContract
) {
  const from = ticket.status
  const resolvedAt = ticket.resolvedAt
  const now = DateTime.now()
  ticket.status = to
  ticket.updatedAt = now
  if (to === 'resolved') ticket.resolvedAt = now
  if (to === 'closed') ticket.closedAt = now
  // Reopened: the resolution time is the last resolution's, so the old one goes.
  if (from === 'resolved' && to !== 'closed') ticket.resolvedAt = null
  await ticket.useTransaction(trx).save()
  const text = note.note?.trim() || null
  await trx.table('ticket_status_history').insert({
    ticket_id: ticket.id,
    old_status: from,
    new_status: to,
    ...actorColumns(actor),
    note: text,
    note_public: Boolean(text && note.notePublic),
    created_at: now.toJSDate(),
  })
  if (from === 'resolved' && to !== 'closed' && resolvedAt) {
    const facts = { id: ticket.id, number: ticket.number, contactEmail: ticket.contactEmail }
    await TicketReopened.publish(facts, resolvedAt.toJSDate(), trx)
  }
}

async function applyFields(
  ticket: Ticket,
  changes: TicketFieldChanges,
  actor: Actor,
  trx: TransactionClientContract
) {
  const rows: { field: string; old_value: string | null; new_value: string | null }[] = []
  const described: string[] = []

  const title = changes.title === undefined ? undefined : withoutControlCharacters(changes.title)
  if (title !== undefined && title !== ticket.title) {
    rows.push({ field: 'title', old_value: ticket.title, new_value: title })
    described.push('title')
    ticket.title = title
  }
  if (changes.priority !== undefined && changes.priority !== ticket.priority) {
    rows.push({
      field: 'priority',
      old_value: PRIORITY_LABELS[ticket.priority],
      new_value: PRIORITY_LABELS[changes.priority],
    })
    described.push('priority')
    ticket.priority = changes.priority
  }
  if (changes.assigneeId !== undefined && changes.assigneeId !== ticket.assigneeId) {
    const before = ticket.assigneeId ? await User.find(ticket.assigneeId, { client: trx }) : null
    const after = changes.assigneeId ? await assignableAgent(changes.assigneeId, trx) : null
    rows.push({
      field: 'assignee',
      old_value: before?.fullName ?? null,
      new_value: after?.fullName ?? null,
    })
    described.push('assignee')
    ticket.assigneeId = after?.id ?? null
  }
  if (changes.tags !== undefined) {
    const tags = normalizeTags(changes.tags)
    if (tags.join('\u0000') !== ticket.tags.join('\u0000')) {
      rows.push({ field: 'tags', old_value: ticket.tags.join(', '), new_value: tags.join(', ') })
      described.push('tags')
      ticket.tags = tags
    }
  }
  if (rows.length) {
    const createdAt = new Date()
    await trx.table('ticket_changes').multiInsert(
      rows.map((row) => ({
        ticket_id: ticket.id,
        ...row,
        ...actorColumns(actor),
        created_at: createdAt,
      }))
    )
  }
  return described
}

/** Only active agents and admins who accepted their invitation take tickets. */
async function assignableAgent(userId: number, trx: TransactionClientContract) {
  const user = await User.find(userId, { client: trx })
  if (!user || !user.isActive || user.isPendingInvite) {
    throw new DomainError('That person cannot be assigned tickets.', 'invalid_assignee')
  }
  return user
}

async function lockTicket(id: number, trx: TransactionClientContract) {
  const ticket = await Ticket.query({ client: trx }).where('id', id).forUpdate().first()
  if (!ticket) throw new DomainError('That ticket does not exist.', 'not_found', 404)
  return ticket
}

/**
 * Lower case, words joined by "-", letters, digits, "-" and "_" only, at most 30
 * characters each; unique, in the order given, at most 10.
 */
export function normalizeTags(tags: string[]) {
  const seen = new Set<string>()
  for (const tag of tags) {
    const clean = tag
      .trim()
      .toLowerCase()
      .replace(/\s+/g, '-')
      .replace(/[^\p{L}\p{N}_-]/gu, '')
      .slice(0, 30)
    if (clean) seen.add(clean)
  }
  return [...seen].slice(0, 10)
}

/** Tells the inbox and the ticket's own page; delivered when the transaction commits. */
export async function announceTicket(
  ticket: Ticket,
  reason: string,
  trx: TransactionClientContract,
  actor: Actor
) {
  await announce(
    [LIVE_CHANNELS.tickets, ticketChannel(ticket.number)],
    reason,
    trx,
    actorOrigin(actor)
  )
}
