import db from '@adonisjs/lucid/services/db'

/** One alert as the app shows it to its recipient. */
export interface InAppAlert {
  id: number
  subject: string
  items: { subject: string; url: string }[]
  link: string
  createdAt: Date
  read: boolean
}

/**
 * The in-app side of experiment alerts: the person's alert notifications, newest first,
 * whatever became of their email (sent, held for a digest, suppressed by their settings).
 */
export async function inAppAlerts(email: string, limit = 50): Promise<InAppAlert[]> {
  const rows = await db
    .from('notifications')
    .where({ recipient: email.toLowerCase(), type: 'experiment_alert' })
    .orderBy('id', 'desc')
    .limit(limit)
  return rows.map((row) => ({
    id: row.id,
    subject: row.subject,
    items: row.data.items ?? [],
    link: row.data.link,
    createdAt: row.created_at,
    read: row.read_at !== null,
  }))
}

export async function unreadAlertCount(email: string): Promise<number> {
  const [row] = await db
    .from('notifications')
    .where({ recipient: email.toLowerCase(), type: 'experiment_alert' })
    .whereNull('read_at')
    .count('* as n')
  return Number(row.n)
}

/** Marks every alert of this person read (they opened the list). */
export async function markAlertsRead(email: string) {
  await db
    .from('notifications')
    .where({ recipient: email.toLowerCase(), type: 'experiment_alert' })
    .whereNull('read_at')
    .update({ read_at: new Date() })
}
