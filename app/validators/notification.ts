import vine from '@vinejs/vine'
import {
  FREQUENCIES,
  LANGUAGES,
  LOG_PERIODS,
  NOTIFICATION_STATUSES,
  NOTIFICATION_TYPES,
} from '#services/notifications'

const languages = Object.keys(LANGUAGES) as (keyof typeof LANGUAGES)[]
const email = () => vine.string().trim().email().maxLength(254).toLowerCase()

/** The preferences form (customer page and agent profile): checkboxes post "on" or nothing. */
export const preferencesFormValidator = vine.create({
  email_enabled: vine.boolean().optional(),
  frequency: vine.enum(FREQUENCIES),
  language: vine.enum(languages),
  new_ticket_alerts: vine.boolean().optional(),
  experiment_alerts: vine.boolean().optional(),
  experiment_digest: vine.enum(['none', 'daily', 'weekly'] as const).optional(),
})

/** A customer's preferences, changed by staff from the ticket page. */
export const customerPreferencesValidator = vine.create({
  email_enabled: vine.boolean().optional(),
  sms_enabled: vine.boolean().optional(),
  frequency: vine.enum(FREQUENCIES),
  language: vine.enum(languages),
})

/** POST /api/preferences, with the field names of the original support API. */
export const preferencesApiValidator = vine.create({
  email: email(),
  email_notifications: vine.boolean({ strict: true }).optional(),
  sms_notifications: vine.boolean({ strict: true }).optional(),
  notification_frequency: vine.enum(FREQUENCIES).optional(),
  preferred_language: vine.enum(languages).optional(),
  new_ticket_alerts: vine.boolean({ strict: true }).optional(),
})

export const preferencesEmailValidator = vine.create({ email: email() })

export const notificationLogValidator = vine.create({
  status: vine.enum(NOTIFICATION_STATUSES).optional(),
  type: vine.enum(NOTIFICATION_TYPES).optional(),
  recipient: vine.string().trim().maxLength(254).optional(),
  period: vine.enum(Object.keys(LOG_PERIODS) as (keyof typeof LOG_PERIODS)[]).optional(),
  before: vine.number().withoutDecimals().positive().optional(),
})

export const outboxPageValidator = vine.create({
  before: vine.number().withoutDecimals().positive().optional(),
})

/** "Email me a fresh link": the ticket number and the address it was opened with. */
export const freshLinkValidator = vine.create({
  number: vine.number().withoutDecimals().positive(),
  email: email(),
})
