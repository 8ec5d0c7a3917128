import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { DomainEvent } from '#events/domain_event'

/**
 * What the help desk tells other domains about tickets (notifications listen): plain
 * values, links ready to send, and the transaction the change is written in.
 */
export interface TicketFacts {
  id: number
  number: number
  title: string
  description: string
  priority: string
  status: string
  contactEmail: string
  contactName: string | null
  /** The assignee, when one can receive mail (an active account). */
  assigneeEmail: string | null
  /** The ticket in the app, and the customer's signed link to it. */
  staffUrl: string
  customerUrl: string
  /** The ticket's signed Reply-To address (null while the email channel is off). */
  replyTo: string | null
}

/** Who acted: an agent (or an API token of theirs), the customer, or the system. */
export interface ActorFacts {
  kind: 'agent' | 'customer' | 'system'
  email: string | null
  name: string | null
}

export class TicketCreated extends DomainEvent {
  constructor(
    public ticket: TicketFacts,
    public actor: ActorFacts,
    public trx: TransactionClientContract
  ) {
    super()
  }
}

export class TicketAssigned extends DomainEvent {
  constructor(
    public ticket: TicketFacts,
    public actor: ActorFacts,
    public trx: TransactionClientContract
  ) {
    super()
  }
}

export class TicketStatusChanged extends DomainEvent {
  constructor(
    public ticket: TicketFacts,
    public actor: ActorFacts,
    /** The note written with the change; customers see it only when public. */
    public note: { text: string | null; isPublic: boolean },
    /** The change came with a reply, whose own mail tells the news. */
    public withReply: boolean,
    public trx: TransactionClientContract
  ) {
    super()
  }
}

export class TicketMessageAdded extends DomainEvent {
  constructor(
    public ticket: TicketFacts,
    public message: {
      kind: 'customer' | 'reply' | 'note'
      body: string
      authorName: string | null
      /** Files sent with the message; the drive key lets a reply mail carry them. */
      attachments: { filename: string; contentType: string; storageKey: string }[]
    },
    public actor: ActorFacts,
    public trx: TransactionClientContract
  ) {
    super()
  }
}

/** An SLA target of the ticket ends soon (BREACH_WARNING_MINUTES): someone should act now. */
export class TicketSlaAtRisk extends DomainEvent {
  constructor(
    public ticket: TicketFacts,
    /** "First response", "Next response" or "Resolution". */
    public target: string,
    public dueAt: Date,
    public trx: TransactionClientContract
  ) {
    super()
  }
}

/** The customer asked for a fresh link to their ticket (the old one expired). */
export class TicketLinkRequested extends DomainEvent {
  constructor(
    public ticket: TicketFacts,
    public trx: TransactionClientContract
  ) {
    super()
  }
}

/** A customer rated the answer to their ticket ("How did we do?", 1–5). */
export class TicketRated extends DomainEvent {
  constructor(
    public ticket: { id: number; number: number; contactEmail: string },
    public rating: number,
    public trx: TransactionClientContract
  ) {
    super()
  }
}

/** A resolved ticket was opened again (by an agent or a customer's reply). */
export class TicketReopened extends DomainEvent {
  constructor(
    public ticket: { id: number; number: number; contactEmail: string },
    /** When it had been resolved: a reopen within 7 days counts against the answer. */
    public resolvedAt: Date,
    public trx: TransactionClientContract
  ) {
    super()
  }
}
