import { column } from '@adonisjs/lucid/orm'
import { ContactSchema } from '#database/schema'
import { jsonColumn } from '#models/json_column'

export type ContactChannel = 'email' | 'sms'

/** A channel's consent: given or withdrawn, where it came from, and when. */
export interface ChannelConsent {
  granted: boolean
  source: string
  /** ISO 8601. */
  at: string
}

export type ContactConsent = Partial<Record<ContactChannel, ChannelConsent>>

export default class Contact extends ContactSchema {
  static table = 'contacts'

  // bigint: node-postgres reads it as a string.
  @column({ isPrimary: true, consume: (value) => Number(value) })
  declare id: number

  @jsonColumn()
  declare fields: Record<string, unknown>

  @jsonColumn()
  declare consent: ContactConsent
}
