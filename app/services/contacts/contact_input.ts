import { parsePhoneNumberFromString } from 'libphonenumber-js/max'
import type { ChannelConsent, ContactChannel } from '#models/contact'

/**
 * A contact as callers give it (API, CSV import, the contact form, help-desk customers).
 * Absent (undefined) leaves a stored value alone on update; null clears it.
 */
export interface ContactInput {
  email?: string | null
  phone?: string | null
  firstName?: string | null
  lastName?: string | null
  timeZone?: string | null
  fields?: Record<string, unknown>
  consent?: Partial<Record<ContactChannel, { granted: boolean; source?: string | null }>>
}

/** One problem with one field of one contact, named as the API names it. */
export interface FieldError {
  field: string
  /** What was checked, as the API's validation errors name it (email, phone, required, …). */
  rule: string
  message: string
}

/** A checked input: addresses normalized (lowercased email, E.164 phone). */
export interface CleanContact {
  email?: string | null
  phone?: string | null
  firstName?: string | null
  lastName?: string | null
  timeZone?: string | null
  fields?: Record<string, string | number | boolean | null>
  consent?: Partial<Record<ContactChannel, { granted: boolean; source: string | null }>>
}

export const MAX_FIELDS = 50
const FIELD_KEY = /^[a-z][a-z0-9_]{0,62}$/i
const EMAIL = /^[^\s@"<>(),;:\\[\]]+@[^\s@"<>(),;:\\[\]]+\.[^\s@"<>(),;:\\[\]]+$/
const NAME_MAX = 200

/** E.164 for a phone number written in international form, or null when it is not valid. */
export function normalizePhone(value: string): string | null {
  const phone = parsePhoneNumberFromString(value.trim())
  return phone && phone.isValid() ? phone.number : null
}

export function normalizeEmail(value: string): string | null {
  const email = value.trim().toLowerCase()
  return email.length <= 254 && EMAIL.test(email) ? email : null
}

export function isTimeZone(value: string) {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value })
    return true
  } catch {
    return false
  }
}

type Check = { contact: CleanContact; errors: [] } | { contact: null; errors: FieldError[] }

/**
 * Checks and normalizes one contact. `requireAddress`: a new contact needs an email or a
 * phone number (an update may leave both as they are).
 */
export function checkContact(input: ContactInput, requireAddress: boolean): Check {
  const errors: FieldError[] = []
  const contact: CleanContact = {}

  const text = (field: 'firstName' | 'lastName', apiName: string) => {
    const value = input[field]
    if (value === undefined) return
    if (value !== null && typeof value !== 'string') {
      errors.push({ field: apiName, rule: 'string', message: 'must be text' })
    } else if (value && value.trim().length > NAME_MAX) {
      errors.push({
        field: apiName,
        rule: 'maxLength',
        message: `must be at most ${NAME_MAX} characters`,
      })
    } else {
      contact[field] = value?.trim() || null
    }
  }
  text('firstName', 'first_name')
  text('lastName', 'last_name')

  if (input.email !== undefined) {
    if (input.email === null || (typeof input.email === 'string' && !input.email.trim())) {
      contact.email = null
    } else if (typeof input.email !== 'string' || !(contact.email = normalizeEmail(input.email))) {
      errors.push({ field: 'email', rule: 'email', message: 'must be a valid email address' })
    }
  }
  if (input.phone !== undefined) {
    if (input.phone === null || (typeof input.phone === 'string' && !input.phone.trim())) {
      contact.phone = null
    } else if (typeof input.phone !== 'string' || !(contact.phone = normalizePhone(input.phone))) {
      errors.push({
        field: 'phone',
        rule: 'phone',
        message: 'must be a valid phone number in international form, e.g. +14155550123',
      })
    }
  }
  if (requireAddress && !contact.email && !contact.phone && !errors.length) {
    errors.push({
      field: 'email',
      rule: 'required',
      message: 'an email address or a phone number is required',
    })
  }

  if (input.timeZone !== undefined) {
    const zone = input.timeZone
    if (zone === null || zone === '') contact.timeZone = null
    else if (typeof zone !== 'string' || !isTimeZone(zone)) {
      errors.push({
        field: 'time_zone',
        rule: 'timeZone',
        message: 'must be an IANA time zone, e.g. Europe/Paris',
      })
    } else contact.timeZone = zone
  }

  if (input.fields !== undefined) {
    const fields = input.fields
    if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
      errors.push({ field: 'fields', rule: 'object', message: 'must be an object' })
    } else {
      const entries = Object.entries(fields)
      if (entries.length > MAX_FIELDS) {
        errors.push({
          field: 'fields',
          rule: 'maxLength',
          message: `must have at most ${MAX_FIELDS} entries`,
        })
      }
      contact.fields = {}
      for (const [key, value] of entries) {
        if (!FIELD_KEY.test(key)) {
          errors.push({
            field: `fields.${key}`,
            rule: 'fieldName',
            message: 'names start with a letter and hold letters, digits and _',
          })
        } else if (value !== null && !['string', 'number', 'boolean'].includes(typeof value)) {
          errors.push({
            field: `fields.${key}`,
            rule: 'scalar',
            message: 'must be text, a number or true/false',
          })
        } else {
          contact.fields[key] = value as string | number | boolean | null
        }
      }
    }
  }

  if (input.consent !== undefined) {
    const consent = input.consent
    if (typeof consent !== 'object' || consent === null || Array.isArray(consent)) {
      errors.push({
        field: 'consent',
        rule: 'object',
        message: 'must be an object with email and/or sms',
      })
    } else {
      contact.consent = {}
      for (const [channel, value] of Object.entries(consent)) {
        if (channel !== 'email' && channel !== 'sms') {
          errors.push({
            field: `consent.${channel}`,
            rule: 'in',
            message: 'channels are email and sms',
          })
        } else if (typeof value?.granted !== 'boolean') {
          errors.push({
            field: `consent.${channel}.granted`,
            rule: 'boolean',
            message: 'must be true or false',
          })
        } else if (
          value.source !== undefined &&
          value.source !== null &&
          typeof value.source !== 'string'
        ) {
          errors.push({
            field: `consent.${channel}.source`,
            rule: 'string',
            message: 'must be text',
          })
        } else {
          contact.consent[channel] = {
            granted: value.granted,
            source: value.source?.trim().slice(0, 200) || null,
          }
        }
      }
    }
  }

  return errors.length ? { contact: null, errors } : { contact, errors: [] }
}

/** A stored consent entry, dated now. */
export function consentEntry(granted: boolean, source: string, at = new Date()): ChannelConsent {
  return { granted, source, at: at.toISOString() }
}
