import { TicketSchema } from '#database/schema'
import { belongsTo, hasMany, hasOne } from '@adonisjs/lucid/orm'
import type { BelongsTo, HasMany, HasOne } from '@adonisjs/lucid/types/relations'
import User from '#models/user'
import TicketMessage from '#models/ticket_message'
import TicketStatusHistory from '#models/ticket_status_history'
import CsatResponse from '#models/csat_response'

export type TicketStatus = Ticket['status']
export type TicketPriority = Ticket['priority']

export default class Ticket extends TicketSchema {
  @belongsTo(() => User, { foreignKey: 'assigneeId' })
  declare assignee: BelongsTo<typeof User>

  @hasMany(() => TicketMessage, { foreignKey: 'ticketId' })
  declare messages: HasMany<typeof TicketMessage>

  @hasMany(() => TicketStatusHistory, { foreignKey: 'ticketId' })
  declare statusHistory: HasMany<typeof TicketStatusHistory>

  @hasOne(() => CsatResponse, { foreignKey: 'ticketId' })
  declare csat: HasOne<typeof CsatResponse>

  /** The closed ticket this one continues (a reply by email to a closed ticket). */
  @belongsTo(() => Ticket, { foreignKey: 'followsTicketId' })
  declare followsTicket: BelongsTo<typeof Ticket>
}
