import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { TicketPriority } from '#models/ticket'
import type { BusinessCalendar } from '#services/support/business_hours'

/** The targets a ticket of one priority is measured against, in minutes. */
export interface SlaPolicy {
  priority: TicketPriority
  firstResponseMinutes: number
  /** After the first response, each customer message waits at most this long; null: no target. */
  nextResponseMinutes: number | null
  resolutionMinutes: number | null
  /** Measured in the desk's business hours; false: around the clock. */
  businessHours: boolean
  /** Clocks stop while the ticket is pending (waiting on the customer). */
  pauseWhenPending: boolean
}

export const SLA_TARGETS = {
  first_response: 'First response',
  next_response: 'Next response',
  resolution: 'Resolution',
} as const
export type SlaTarget = keyof typeof SLA_TARGETS

type Client = TransactionClientContract | typeof db

const defaults = (priority: TicketPriority, first: number, next: number, resolution: number) => ({
  priority,
  firstResponseMinutes: first,
  nextResponseMinutes: next,
  resolutionMinutes: resolution,
  businessHours: false,
  pauseWhenPending: true,
})

/** Until an admin saves policies: around the clock, first responses in 1/4/8/24 hours. */
export const DEFAULT_SLA_POLICIES: Record<TicketPriority, SlaPolicy> = {
  urgent: defaults('urgent', 60, 120, 480),
  high: defaults('high', 240, 480, 1440),
  medium: defaults('medium', 480, 960, 2880),
  low: defaults('low', 1440, 2880, 7200),
}

/** Until an admin saves one: Monday to Friday, 09:00–17:00 UTC. */
export const DEFAULT_CALENDAR: BusinessCalendar = {
  alwaysOpen: false,
  timeZone: 'UTC',
  week: Object.fromEntries([1, 2, 3, 4, 5].map((day) => [day, { start: '09:00', end: '17:00' }])),
  holidays: [],
}

export async function slaPolicies(client: Client = db): Promise<Record<TicketPriority, SlaPolicy>> {
  const rows = await client.from('sla_policies').select('*')
  const saved = rows.map((row): SlaPolicy => ({
    priority: row.priority,
    firstResponseMinutes: row.first_response_minutes,
    nextResponseMinutes: row.next_response_minutes,
    resolutionMinutes: row.resolution_minutes,
    businessHours: row.business_hours,
    pauseWhenPending: row.pause_when_pending,
  }))
  return { ...DEFAULT_SLA_POLICIES, ...Object.fromEntries(saved.map((p) => [p.priority, p])) }
}

/** The desk's calendar; 24/7 is a policy's choice, so this one always has hours. */
export async function businessCalendar(client: Client = db): Promise<BusinessCalendar> {
  const row = await client.from('business_calendar').where('id', 1).first()
  if (!row) return DEFAULT_CALENDAR
  return { alwaysOpen: false, timeZone: row.time_zone, week: row.week, holidays: row.holidays }
}

export async function saveSlaPolicies(policies: SlaPolicy[], trx: TransactionClientContract) {
  for (const policy of policies) {
    await trx
      .insertQuery()
      .table('sla_policies')
      .insert({
        priority: policy.priority,
        first_response_minutes: policy.firstResponseMinutes,
        next_response_minutes: policy.nextResponseMinutes,
        resolution_minutes: policy.resolutionMinutes,
        business_hours: policy.businessHours,
        pause_when_pending: policy.pauseWhenPending,
        updated_at: new Date(),
      })
      .knexQuery.onConflict('priority')
      .merge()
  }
}

export async function saveBusinessCalendar(
  calendar: Omit<BusinessCalendar, 'alwaysOpen'>,
  trx: TransactionClientContract
) {
  await trx
    .insertQuery()
    .table('business_calendar')
    .insert({
      id: 1,
      time_zone: calendar.timeZone,
      week: JSON.stringify(calendar.week),
      holidays: JSON.stringify([...new Set(calendar.holidays)].sort()),
      updated_at: new Date(),
    })
    .knexQuery.onConflict('id')
    .merge()
}
