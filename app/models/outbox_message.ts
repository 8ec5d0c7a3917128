import { MailOutboxSchema } from '#database/schema'

export default class OutboxMessage extends MailOutboxSchema {
  static table = 'mail_outbox'
}
