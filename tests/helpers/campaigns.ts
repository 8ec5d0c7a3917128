import { SYSTEM_ACTOR } from '#services/accounts'
import { createContacts } from '#services/contacts'
import type { ApiClient } from '@japa/api-client'

/**
 * `count` contacts with SMS and email consent (`consent: false` for none): phones
 * +1 415 200 0000 onwards, emails c<i>@example.com. Returns their ids.
 */
export async function makeContacts(
  count: number,
  options: { consent?: boolean; firstName?: string; start?: number } = {}
) {
  const consent = options.consent ?? true
  const ids: number[] = []
  for (let start = 0; start < count; start += 10_000) {
    const inputs = Array.from({ length: Math.min(10_000, count - start) }, (_, j) => {
      const i = (options.start ?? 0) + start + j
      return {
        email: `c${i}@example.com`,
        phone: `+1415${String(2_000_000 + i)}`,
        firstName: options.firstName ?? `Name${i}`,
        consent: consent
          ? { sms: { granted: true, source: 'test' }, email: { granted: true, source: 'test' } }
          : undefined,
      }
    })
    const results = await createContacts(inputs, SYSTEM_ACTOR)
    for (const result of results) {
      if (!result.ok) throw new Error(`contact not created: ${JSON.stringify(result.errors)}`)
      ids.push(result.id)
    }
  }
  return ids
}

/** The seed's create call, answered 201: the campaign's JSON. */
export async function createAbCampaign(
  client: ApiClient,
  token: string,
  body: Record<string, unknown> = {}
) {
  const response = await client
    .post('/api/campaigns/ab-test')
    .bearerToken(token)
    .json({
      name: 'Holiday Sale A/B Test',
      template_a: 'Hi {first_name}, enjoy 20% off our holiday sale!',
      template_b: 'Hello {first_name|there}, save BIG this season - 20% off everything!',
      ab_config: { split_ratio: 50, min_sample_size: 30, winner_threshold: 0.95 },
      ...body,
    })
  response.assertStatus(201)
  return response.body().data
}

/** The seed's two calls in a row: add these contacts as recipients, then send (its answer). */
export async function recipientsThenSend(
  client: ApiClient,
  token: string,
  campaignId: number,
  contactIds: number[]
) {
  const added = await client
    .post(`/api/campaigns/${campaignId}/recipients`)
    .bearerToken(token)
    .json({ contact_ids: contactIds })
  added.assertStatus(200)
  return client.post(`/api/campaigns/${campaignId}/send`).bearerToken(token)
}
