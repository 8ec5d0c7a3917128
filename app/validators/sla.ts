import vine from '@vinejs/vine'
import { TICKET_PRIORITIES } from '#services/support'

/** Hours, to the quarter hour is enough; up to a year. */
const hours = () => vine.number().min(0.25).max(8760)
/** "HH:MM"; a day may end at 24:00. */
const time = () =>
  vine
    .string()
    .trim()
    .regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/)

const policy = () =>
  vine.object({
    first_response: hours(),
    next_response: hours().nullable().optional(),
    resolution: hours().nullable().optional(),
    business_hours: vine.boolean().optional(),
    pause_when_pending: vine.boolean().optional(),
  })

const day = () =>
  vine.object({
    open: vine.boolean().optional(),
    start: time(),
    end: time(),
  })

/** Day keys of the form, Monday first (numeric keys would make the body parser build an array). */
export const WEEKDAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const

const timeZones = [...new Set(['UTC', ...Intl.supportedValuesOf('timeZone')])]
export const SLA_TIME_ZONES = timeZones

/** The SLA settings page: a policy per priority and the desk's calendar. */
export const slaSettingsValidator = vine.create({
  policies: vine.object(
    Object.fromEntries(TICKET_PRIORITIES.map((p) => [p, policy()])) as Record<
      (typeof TICKET_PRIORITIES)[number],
      ReturnType<typeof policy>
    >
  ),
  time_zone: vine.string().in(timeZones),
  week: vine.object(
    Object.fromEntries(WEEKDAY_KEYS.map((key) => [key, day().optional()])) as Record<
      string,
      ReturnType<ReturnType<typeof day>['optional']>
    >
  ),
  /** One date (YYYY-MM-DD) per line. */
  holidays: vine
    .string()
    .trim()
    .maxLength(4000)
    .regex(/^(\d{4}-\d\d-\d\d)?(\s+\d{4}-\d\d-\d\d)*$/)
    .optional(),
})
