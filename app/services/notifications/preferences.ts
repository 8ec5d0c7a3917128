import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import NotificationPreference from '#models/notification_preference'
import type { Frequency } from '#services/notifications/notification_types'

/** One address's notification settings; `stored: false` means these are the defaults. */
export interface Preferences {
  email: string
  emailEnabled: boolean
  /** The seed's `sms_notifications`: kept for when an SMS channel exists; nothing sends SMS yet. */
  smsEnabled: boolean
  frequency: Frequency
  language: string
  newTicketAlerts: boolean
  /** Admins: alerts about experiments' results (in the app, and by email as chosen above). */
  experimentAlerts: boolean
  /** Admins: a summary of the running experiments, daily, weekly or never. */
  experimentDigest: 'none' | 'daily' | 'weekly'
  stored: boolean
  updatedAt: string | null
}

export type PreferenceChanges = Partial<
  Pick<
    Preferences,
    | 'emailEnabled'
    | 'smsEnabled'
    | 'frequency'
    | 'language'
    | 'newTicketAlerts'
    | 'experimentAlerts'
    | 'experimentDigest'
  >
>

export function defaultPreferences(email: string): Preferences {
  return {
    email: email.toLowerCase(),
    emailEnabled: true,
    smsEnabled: false,
    frequency: 'immediate',
    language: 'en',
    newTicketAlerts: false,
    experimentAlerts: true,
    experimentDigest: 'none',
    stored: false,
    updatedAt: null,
  }
}

function fromRow(row: NotificationPreference): Preferences {
  return {
    email: row.email,
    emailEnabled: row.emailEnabled,
    smsEnabled: row.smsEnabled,
    frequency: row.frequency,
    language: row.language,
    newTicketAlerts: row.newTicketAlerts,
    experimentAlerts: row.experimentAlerts,
    experimentDigest: row.experimentDigest,
    stored: true,
    updatedAt: row.updatedAt.toISO(),
  }
}

export async function preferencesFor(email: string, client?: QueryClientContract) {
  const row = await NotificationPreference.query({ client })
    .where('email', email.toLowerCase())
    .first()
  return row ? fromRow(row) : defaultPreferences(email)
}

/**
 * Stores the changes (creating the row from the defaults when needed) and returns the
 * result. Mail not yet sent follows the new settings: the caller re-queues it.
 */
export async function savePreferences(email: string, changes: PreferenceChanges) {
  const address = email.toLowerCase()
  const now = new Date()
  const columns = {
    ...(changes.emailEnabled !== undefined && { email_enabled: changes.emailEnabled }),
    ...(changes.smsEnabled !== undefined && { sms_enabled: changes.smsEnabled }),
    ...(changes.frequency !== undefined && { frequency: changes.frequency }),
    ...(changes.language !== undefined && { language: changes.language }),
    ...(changes.newTicketAlerts !== undefined && { new_ticket_alerts: changes.newTicketAlerts }),
    ...(changes.experimentAlerts !== undefined && { experiment_alerts: changes.experimentAlerts }),
    ...(changes.experimentDigest !== undefined && { experiment_digest: changes.experimentDigest }),
  }
  await db
    .insertQuery()
    .table('notification_preferences')
    .insert({ email: address, ...columns, created_at: now, updated_at: now })
    .knexQuery.onConflict('email')
    .merge({ ...columns, updated_at: now })
  return preferencesFor(address)
}

/** Agents (by address) who asked for a mail on every new ticket. */
export async function newTicketSubscribers(client: QueryClientContract): Promise<string[]> {
  const rows = await client
    .from('notification_preferences as p')
    .where('p.new_ticket_alerts', true)
    .whereRaw(
      'EXISTS (SELECT 1 FROM users u WHERE lower(u.email) = p.email AND u.deactivated_at IS NULL)'
    )
    .select('p.email')
  return rows.map((row: { email: string }) => row.email)
}

/** Active admins (by address) who want experiment alerts: everyone who did not turn them off. */
export async function experimentAlertSubscribers(client: QueryClientContract): Promise<string[]> {
  const rows = await client
    .from('users as u')
    .leftJoin('notification_preferences as p', 'p.email', db.raw('lower(u.email)'))
    .where('u.role', 'admin')
    .whereNull('u.deactivated_at')
    .where((q) => q.whereNull('p.id').orWhere('p.experiment_alerts', true))
    .orderBy('u.email')
    .select(db.raw('lower(u.email) as email'))
  return rows.map((row: { email: string }) => row.email)
}

/** Active admins (by address) who chose a digest of the running experiments at this frequency. */
export async function experimentDigestSubscribers(frequency: 'daily' | 'weekly') {
  const rows = await db
    .from('notification_preferences as p')
    .where('p.experiment_digest', frequency)
    .whereRaw(
      `EXISTS (SELECT 1 FROM users u WHERE lower(u.email) = p.email AND u.role = 'admin' AND u.deactivated_at IS NULL)`
    )
    .orderBy('p.email')
    .select('p.email')
  return rows.map((row: { email: string }) => row.email)
}

export interface PreferenceSummary {
  stored: number
  emailDisabled: number
  byFrequency: Record<Frequency, number>
  byLanguage: Record<string, number>
  newTicketAlerts: number
}

/** Counts over stored preferences (addresses without a row use the defaults). */
export async function preferenceSummary(): Promise<PreferenceSummary> {
  const [totals] = await db
    .from('notification_preferences')
    .select(
      db.raw('count(*)::int as stored'),
      db.raw('(count(*) filter (where not email_enabled))::int as email_disabled'),
      db.raw('(count(*) filter (where new_ticket_alerts))::int as new_ticket_alerts')
    )
  const frequencies = await db
    .from('notification_preferences')
    .select('frequency')
    .count('* as count')
    .groupBy('frequency')
  const languages = await db
    .from('notification_preferences')
    .select('language')
    .count('* as count')
    .groupBy('language')
  const byFrequency: Record<Frequency, number> = { immediate: 0, daily: 0, weekly: 0, none: 0 }
  for (const row of frequencies) byFrequency[row.frequency as Frequency] = Number(row.count)
  return {
    stored: totals.stored,
    emailDisabled: totals.email_disabled,
    byFrequency,
    byLanguage: Object.fromEntries(languages.map((row) => [row.language, Number(row.count)])),
    newTicketAlerts: totals.new_ticket_alerts,
  }
}
