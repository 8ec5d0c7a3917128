import { TicketChangeSchema } from '#database/schema'

export default class TicketChange extends TicketChangeSchema {}
