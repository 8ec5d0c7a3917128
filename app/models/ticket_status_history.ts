import { TicketStatusHistorySchema } from '#database/schema'

export default class TicketStatusHistory extends TicketStatusHistorySchema {
  static table = 'ticket_status_history'
}
