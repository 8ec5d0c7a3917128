import type { DateTime } from 'luxon'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { DomainEvent } from '#events/domain_event'

/** What a contact's reply was, as far as opting out goes. */
export type ReplyKeyword = 'stop' | 'start' | null

export interface ContactReply {
  contactId: number
  channel: 'sms' | 'email'
  body: string
  receivedAt: DateTime
  providerMessageId: string
  /** `stop`: the contact was just opted out; `start`: opted back in. */
  keyword: ReplyKeyword
}

/**
 * A known contact wrote back (an inbound SMS today, email later). Published once per
 * provider message, inside the transaction that stores it; campaigns attribute the reply.
 */
export class ContactReplied extends DomainEvent implements ContactReply {
  contactId: number
  channel: 'sms' | 'email'
  body: string
  receivedAt: DateTime
  providerMessageId: string
  keyword: ReplyKeyword

  constructor(
    reply: ContactReply,
    public trx: TransactionClientContract
  ) {
    super()
    this.contactId = reply.contactId
    this.channel = reply.channel
    this.body = reply.body
    this.receivedAt = reply.receivedAt
    this.providerMessageId = reply.providerMessageId
    this.keyword = reply.keyword
  }
}
