import { TicketMessageSchema } from '#database/schema'
import { belongsTo, hasMany } from '@adonisjs/lucid/orm'
import type { BelongsTo, HasMany } from '@adonisjs/lucid/types/relations'
import User from '#models/user'
import TicketAttachment from '#models/ticket_attachment'

export type MessageKind = TicketMessage['kind']

export default class TicketMessage extends TicketMessageSchema {
  @belongsTo(() => User, { foreignKey: 'authorId' })
  declare author: BelongsTo<typeof User>

  @hasMany(() => TicketAttachment, { foreignKey: 'messageId' })
  declare attachments: HasMany<typeof TicketAttachment>

  /** Internal notes are for agents only: never shown, sent or returned to the customer. */
  get isInternal() {
    return this.kind === 'note'
  }
}
