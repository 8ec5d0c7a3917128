import db from '@adonisjs/lucid/services/db'
import Notification from '#models/notification'
import { mailContent } from '#services/notifications/mail_content'
import { supportedLanguage } from '#services/notifications/translate'
import { preferencesFor } from '#services/notifications/preferences'
import { queueNotification } from '#services/notifications/queue_notification'

export type DigestFrequency = 'daily' | 'weekly'

export interface DigestRun {
  recipients: number
  bundled: number
}

/**
 * One digest per recipient who chose this frequency, bundling every notification held
 * for them since their last digest. Bundled rows are marked in the same transaction that
 * writes the digest (rows locked with SKIP LOCKED), so a second run, even a concurrent
 * one, finds nothing left to bundle.
 */
export async function sendDigests(
  frequency: DigestFrequency,
  onRecipient: (email: string, count: number) => void = () => {}
): Promise<DigestRun> {
  const recipients: { recipient: string }[] = await db
    .from('notifications as n')
    .join('notification_preferences as p', 'p.email', 'n.recipient')
    .where('n.status', 'held')
    .where('p.frequency', frequency)
    .where('p.email_enabled', true)
    .distinct('n.recipient')
    .orderBy('n.recipient')
  const run: DigestRun = { recipients: 0, bundled: 0 }
  for (const { recipient } of recipients) {
    const count = await bundleFor(recipient, frequency)
    if (!count) continue
    run.recipients += 1
    run.bundled += count
    onRecipient(recipient, count)
  }
  return run
}

async function bundleFor(recipient: string, frequency: DigestFrequency) {
  return db.transaction(async (trx) => {
    const held = await Notification.query({ client: trx })
      .where('recipient', recipient)
      .where('status', 'held')
      .orderBy('id')
      .forUpdate()
      .skipLocked()
    if (!held.length) return 0
    const preferences = await preferencesFor(recipient, trx)
    const language = supportedLanguage(preferences.language)
    const items = []
    for (const notification of held) {
      const content = await mailContent({
        type: notification.type,
        audience: notification.audience,
        recipient,
        data: notification.data,
        language,
      })
      items.push({ subject: content.subject, url: notification.data.link })
    }
    const audience = held.some((row) => row.audience === 'agent') ? 'agent' : 'customer'
    const digestId = await queueNotification(trx, {
      recipient,
      audience,
      type: 'digest',
      data: { frequency, count: held.length, items },
    })
    await trx
      .from('notifications')
      .whereIn(
        'id',
        held.map((row) => row.id)
      )
      .update({ status: 'digested', digest_id: digestId, updated_at: new Date() })
    return held.length
  })
}
