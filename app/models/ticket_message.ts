import { TicketMessageSchema } from '#database/schema'
import { belongsTo } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import User from '#models/user'

export type MessageKind = TicketMessage['kind']

export default class TicketMessage extends TicketMessageSchema {
  @belongsTo(() => User, { foreignKey: 'authorId' })
  declare author: BelongsTo<typeof User>

  /** Internal notes are for agents only: never shown, sent or returned to the customer. */
  get isInternal() {
    return this.kind === 'note'
  }
}
