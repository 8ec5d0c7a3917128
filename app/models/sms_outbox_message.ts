import { column } from '@adonisjs/lucid/orm'
import { SmsOutboxSchema } from '#database/schema'

/** A text the `outbox` SMS transport kept instead of sending. */
export default class SmsOutboxMessage extends SmsOutboxSchema {
  static table = 'sms_outbox'

  @column({ isPrimary: true, consume: (value) => Number(value) })
  declare id: number
}
