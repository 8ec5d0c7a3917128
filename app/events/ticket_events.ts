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

/** The customer asked for a fresh link to their ticket (the old one expired). */
export class TicketLinkRequested extends DomainEvent {
  constructor(
    public ticket: TicketFacts,
    public trx: TransactionClientContract
  ) {
    super()
  }
}
