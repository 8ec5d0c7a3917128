import db from '@adonisjs/lucid/services/db'
import { BATCH_CONNECTION } from '#config/database'
import type Campaign from '#models/campaign'
import { DomainError } from '#exceptions/domain_error'
import { assignSubjects, definitions, findDefinition } from '#services/experiments'
import { getContacts } from '#services/contacts'
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

/** Contacts per round of `addRecipients`: each statement stays well within the request's statement timeout, even on a busy machine. */
const CHUNK = 2000

/**
 * Adds contacts to a campaign. Each one's variant comes from the campaign's experiment
 * (GrowthBook hash of the experiment's seed and the contact id), stored there once; in a
 * test-then-winner campaign, a second hash of the same seed puts `testPercent` of the
 * contacts in the test group and the others wait for the winner. One message row per
 * contact is written set-based (`unnest`), queued at once if the campaign is sending, in
 * rounds of CHUNK contacts (100,000 at once would exceed PostgreSQL's 65,535 parameters
 * and the request's statement timeout).
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
  const total: RecipientsAdded = { assignments: [], unknown: [], added: 0 }
  for (let start = 0; start < ids.length; start += CHUNK) {
    const round = await addRound(campaign, experiment, ids.slice(start, start + CHUNK))
    total.assignments.push(...round.assignments)
    total.unknown.push(...round.unknown)
    total.added += round.added
  }
  await campaignChanged(campaign.id, 'recipients')
  return total
}

async function addRound(
  campaign: Campaign,
  experiment: NonNullable<ReturnType<typeof findDefinition>>,
  ids: number[]
): Promise<RecipientsAdded> {
  const contacts = await getContacts(ids)
  const known = ids.filter((id) => contacts.has(id))
  const unknown = ids.filter((id) => !contacts.has(id))
  const inTest =
    campaign.mode === 'test_winner' ? seededHasher(`${experiment.hashSeed}:test`, 2)! : null
  const tested = inTest
    ? known.filter((id) => inTest(String(id)) < (campaign.testPercent ?? 20) / 100)
    : known
  const answers = await assignSubjects(
    tested.map((id) => ({ contactId: String(id), attributes: {} })),
    [experiment],
    'store'
  )
  const variantOf = new Map<number, string | null>(known.map((id) => [id, null]))
  tested.forEach((id, i) => variantOf.set(id, answers[i][0].variant?.key ?? null))

  const phase = (id: number) =>
    campaign.mode === 'split' ? 'all' : variantOf.get(id) ? 'test' : 'rest'
  const sending = campaign.status === 'sending' || campaign.status === 'testing'
  // A bulk write: the batch connection, without the request's statement timeout.
  const { rowCount } = await db.connection(BATCH_CONNECTION).rawQuery(
    `INSERT INTO campaign_messages (campaign_id, contact_id, variant_key, phase, status, token)
     SELECT ?, r.contact_id, r.variant_key, r.phase,
            CASE WHEN ? AND r.phase <> 'rest' THEN 'queued' ELSE 'waiting' END,
            replace(gen_random_uuid()::text, '-', '')
       FROM unnest(?::bigint[], ?::text[], ?::text[]) AS r(contact_id, variant_key, phase)
     ON CONFLICT (campaign_id, contact_id) DO NOTHING`,
    [
      campaign.id,
      sending,
      known,
      known.map((id) => variantOf.get(id) ?? null),
      known.map(phase),
    ] as any[]
  )
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
