import db from '@adonisjs/lucid/services/db'
import { BATCH_CONNECTION } from '#config/database'
import type Campaign from '#models/campaign'
import { DomainError } from '#exceptions/domain_error'
import { assignSubjects, definitions, findDefinition } from '#services/experiments'
import { existingContactIds } from '#services/contacts'
import { seededHasher } from '#evaluation/bucketing'
import { campaignChanged } from '#services/campaigns/campaign_service'

export interface RecipientsAdded {
  /** Each known contact's variant; null = in the rest of a test-then-winner campaign. */
  assignments: { contactId: number; variant: string | null }[]
  /** Ids that name no contact (nothing stored for them). */
  unknown: number[]
  /** Rows new to this campaign (a contact added twice keeps its first row). */
  added: number
}

/** Statuses in which recipients may still be added (after the winner went out, not any more). */
const OPEN = new Set(['draft', 'scheduled', 'sending', 'testing', 'waiting'])

/**
 * Adds contacts to a campaign. Each one's variant comes from the campaign's experiment
 * (GrowthBook hash of the experiment's seed and the contact id, computed here), stored
 * there once; in a test-then-winner campaign, a second hash of the same seed puts
 * `testPercent` of the contacts in the test group and the others wait for the winner.
 * Set-based: a few statements whatever the number of contacts (arrays through `unnest`,
 * so no parameter limit), the writes on the batch connection, without the request's
 * statement timeout: 100,000 contacts are one assignment INSERT and one message INSERT.
 */
export async function addRecipients(
  campaign: Campaign,
  contactIds: number[]
): Promise<RecipientsAdded> {
  if (!OPEN.has(campaign.status))
    throw new DomainError(
      `This campaign is ${campaign.status}: recipients can no longer be added.`,
      'campaign_closed',
      409
    )
  const experiment = findDefinition(await definitions(), campaign.experimentId)
  if (!experiment)
    throw new DomainError('The campaign has lost its experiment.', 'no_experiment', 409)
  const ids = [...new Set(contactIds)]
  const existing = await existingContactIds(ids, { bulk: true })
  const known = ids.filter((id) => existing.has(id))
  const unknown = ids.filter((id) => !existing.has(id))
  const inTest =
    campaign.mode === 'test_winner' ? seededHasher(`${experiment.hashSeed}:test`, 2)! : null
  const tested = inTest
    ? known.filter((id) => inTest(String(id)) < (campaign.testPercent ?? 20) / 100)
    : known
  const answers = await assignSubjects(
    tested.map((id) => ({ contactId: String(id), attributes: {} })),
    [experiment],
    'store',
    { bulk: true }
  )
  const variantOf = new Map<number, string | null>(known.map((id) => [id, null]))
  tested.forEach((id, i) => variantOf.set(id, answers[i][0].variant?.key ?? null))

  const phase = (id: number) =>
    campaign.mode === 'split' ? 'all' : variantOf.get(id) ? 'test' : 'rest'
  // A message is queued from the start (the campaign's status says when it may go out, so
  // sending rewrites no message row); the rest of a test-then-winner campaign waits for the
  // winner, and so does whoever is added once the test is over and the campaign waits.
  const queueable = campaign.status !== 'waiting'
  const { rowCount } = await db.connection(BATCH_CONNECTION).rawQuery(
    `INSERT INTO campaign_messages (campaign_id, contact_id, variant_key, phase, status)
     SELECT ?, r.contact_id, r.variant_key, r.phase,
            CASE WHEN ? AND r.phase <> 'rest' THEN 'queued' ELSE 'waiting' END
       FROM unnest(?::bigint[], ?::text[], ?::text[]) AS r(contact_id, variant_key, phase)
     ON CONFLICT (campaign_id, contact_id) DO NOTHING`,
    [
      campaign.id,
      queueable,
      known,
      known.map((id) => variantOf.get(id) ?? null),
      known.map(phase),
    ] as any[]
  )
  await campaignChanged(campaign.id, 'recipients')
  return {
    assignments: known.map((contactId) => ({
      contactId,
      variant: variantOf.get(contactId) ?? null,
    })),
    unknown,
    added: rowCount ?? 0,
  }
}

/** Read-only: the contact's variant in this campaign, or null when not assigned (yet). */
export async function recipientVariant(campaign: Campaign, contactId: number) {
  const row = await db
    .from('campaign_messages')
    .where({ campaign_id: campaign.id, contact_id: contactId })
    .select('variant_key', 'phase', 'status')
    .first()
  if (!row) return { assigned: false as const, reason: 'not_a_recipient' as const }
  if (!row.variant_key) return { assigned: false as const, reason: 'waiting_for_winner' as const }
  return {
    assigned: true as const,
    variant: row.variant_key as string,
    phase: row.phase as string,
    status: row.status as string,
  }
}
