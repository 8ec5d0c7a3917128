import { type DateTime } from 'luxon'
import type { QuietHours } from '#models/campaign'

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number)
  return h * 60 + m
}

/**
 * When an SMS may go out to a contact: `now` itself outside the quiet hours, else the end
 * of the quiet hours in the contact's time zone (UTC when unknown or invalid). Quiet hours
 * may span midnight (21:00–08:00). Pure.
 */
export function nextSendTime(now: DateTime, quiet: QuietHours | null, timeZone: string | null) {
  if (!quiet) return now
  const local = now.setZone(timeZone || 'UTC')
  const here = local.isValid ? local : now.setZone('UTC')
  const minute = here.hour * 60 + here.minute
  const start = minutesOf(quiet.start)
  const end = minutesOf(quiet.end)
  if (start === end) return now
  const quietNow = start < end ? minute >= start && minute < end : minute >= start || minute < end
  if (!quietNow) return now
  const endToday = here.set({
    hour: Math.floor(end / 60),
    minute: end % 60,
    second: 0,
    millisecond: 0,
  })
  return (endToday > here ? endToday : endToday.plus({ days: 1 })).setZone(now.zone)
}
