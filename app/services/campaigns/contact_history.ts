import db from '@adonisjs/lucid/services/db'

/** One campaign a contact was a recipient of, and what they did with its message. */
export interface ContactCampaign {
  campaignId: number
  name: string
  channel: 'sms' | 'email'
  variantKey: string | null
  status: string
  skipReason: string | null
  lastError: string | null
  sentAt: Date | null
  deliveredAt: Date | null
  openedAt: Date | null
  clickedAt: Date | null
  repliedAt: Date | null
  replyClass: 'positive' | 'negative' | 'neutral' | null
  convertedAt: Date | null
  optedOutAt: Date | null
}

/** The campaigns a contact received or is queued for, newest first (the contact's page). */
export async function campaignsOfContact(
  contactId: number,
  limit = 50
): Promise<ContactCampaign[]> {
  const rows = await db
    .from('campaign_messages as m')
    .join('campaigns as c', 'c.id', 'm.campaign_id')
    .where('m.contact_id', contactId)
    .orderBy('m.id', 'desc')
    .limit(limit)
    .select(
      'c.id as campaign_id',
      'c.name',
      'c.channel',
      'm.variant_key',
      'm.status',
      'm.skip_reason',
      'm.last_error',
      'm.sent_at',
      'm.delivered_at',
      'm.opened_at',
      'm.clicked_at',
      'm.replied_at',
      'm.reply_class',
      'm.converted_at',
      'm.opted_out_at'
    )
  return rows.map((row) => ({
    campaignId: Number(row.campaign_id),
    name: row.name,
    channel: row.channel,
    variantKey: row.variant_key,
    status: row.status,
    skipReason: row.skip_reason,
    lastError: row.last_error,
    sentAt: row.sent_at,
    deliveredAt: row.delivered_at,
    openedAt: row.opened_at,
    clickedAt: row.clicked_at,
    repliedAt: row.replied_at,
    replyClass: row.reply_class,
    convertedAt: row.converted_at,
    optedOutAt: row.opted_out_at,
  }))
}
