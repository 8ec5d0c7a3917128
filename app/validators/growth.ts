import vine from '@vinejs/vine'
import {
  allowedReferralHosts,
  calendarDay,
  daysBetween,
  isAllowedDestination,
  MAX_PERIOD_DAYS,
  PRESET_PERIODS,
} from '#services/growth'

/** Ids of the host product's users (referrers, invitees, growth subjects). */
const subjectId = () =>
  vine
    .string()
    .trim()
    .regex(/^[\w.:@|-]{1,128}$/)
/** A loop key such as `buddy_challenge`. */
const loopKey = () =>
  vine
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/)
/** ISO 8601 time, e.g. `2026-11-20T10:00:00Z`. */
const time = () => vine.date({ formats: { utc: true } })

/** An invite link leads only to an allowed host, and names no user (`https://a@evil.com`). */
const allowedDestination = vine.createRule((value, _options, field) => {
  if (typeof value !== 'string' || isAllowedDestination(value)) return
  field.report(
    `The destination must be an http(s) address without a user name on one of: ${[...allowedReferralHosts()].join(', ')}`,
    'allowedDestination',
    field
  )
})

/** POST /api/growth/links */
export const createLinkValidator = vine.create({
  referrerId: subjectId(),
  loop: loopKey(),
  token: vine
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{8,64}$/)
    .optional(),
  inviteeEmail: vine.string().trim().email().maxLength(254).toLowerCase().optional(),
  destinationUrl: vine
    .string()
    .trim()
    .maxLength(2000)
    // The host allow-list decides which hosts are fine (this app's may have no TLD).
    .url({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
    .use(allowedDestination())
    .optional(),
  sentAt: time().optional(),
  idempotencyKey: vine.string().trim().minLength(1).maxLength(128).optional(),
})

/** POST /api/growth/links/:token/click and /first-value */
export const stepValidator = vine.create({ occurredAt: time().optional() })

/** POST /api/growth/links/:token/signup */
export const signupValidator = vine.create({
  inviteeId: subjectId(),
  occurredAt: time().optional(),
})

/** POST /api/growth/subjects */
export const subjectValidator = vine.create({
  subjectId: subjectId(),
  signedUpAt: time().optional(),
  referredBy: subjectId().optional(),
})

/** A custom period may not be longer than MAX_PERIOD_DAYS (`from` is still the raw text here). */
const withinMaxSpan = vine.createRule((value, _options, field) => {
  const from = field.data.from
  if (!(value instanceof Date) || typeof from !== 'string') return
  if (daysBetween(from, calendarDay(value)) + 1 > MAX_PERIOD_DAYS) {
    field.report(`A custom period covers at most ${MAX_PERIOD_DAYS} days`, 'maxSpan', field)
  }
})

/** The dashboard's query string: a preset or custom period, and a loop. */
export const growthFiltersValidator = vine.create({
  period: vine.enum([...PRESET_PERIODS.map(String), 'custom']).optional(),
  from: vine
    .date({ formats: ['YYYY-MM-DD'] })
    .optional()
    .requiredWhen('period', '=', 'custom'),
  to: vine
    .date({ formats: ['YYYY-MM-DD'] })
    .afterOrSameAs('from')
    .use(withinMaxSpan())
    .optional()
    .requiredWhen('period', '=', 'custom'),
  loop: loopKey().optional(),
})
