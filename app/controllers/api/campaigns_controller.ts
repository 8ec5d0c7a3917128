import type { HttpContext } from '@adonisjs/core/http'
import { DateTime } from 'luxon'
import {
  abTestInput,
  abTestValidator,
  checkSeedRules,
  conversionValidator,
  manualWinnerValidator,
  recipientsValidator,
  seriesValidator,
} from '#validators/campaign'
import {
  addRecipients,
  campaignResults,
  campaignSeries,
  createCampaign,
  getCampaign,
  identifyWinner,
  listCampaigns,
  recipientVariant,
  recordConversion,
  sendCampaign,
  setManualWinner,
} from '#services/campaigns'
import { abResultsJson, campaignJson } from '#transformers/campaign'
import { recordId } from '#services/platform'

/** `/api/campaigns` (token ability `manage`; conversions `track`): the seed's contract, docs/api.md. */
export default class CampaignsController {
  async index() {
    const campaigns = await listCampaigns()
    return { success: true, data: campaigns.map(campaignJson) }
  }

  async store(ctx: HttpContext) {
    const body = ctx.request.body()
    checkSeedRules(body)
    const input = abTestInput(await abTestValidator.validate(body))
    const campaign = await createCampaign(input, ctx.actor)
    return ctx.response.created({ success: true, data: campaignJson(campaign) })
  }

  async show({ params }: HttpContext) {
    return { success: true, data: campaignJson(await getCampaign(params.id)) }
  }

  async recipients(ctx: HttpContext) {
    const { contact_ids: ids } = await recipientsValidator.validate(ctx.request.body())
    const added = await addRecipients(await getCampaign(ctx.params.id), ids)
    return {
      success: true,
      data: {
        added: added.added,
        assignments: added.assignments.map((a) => ({
          contact_id: a.contactId,
          variant: a.variant,
        })),
        unknown_contact_ids: added.unknown,
      },
    }
  }

  async send(ctx: HttpContext) {
    const campaign = await getCampaign(ctx.params.id)
    const { queued, startsAt } = await sendCampaign(campaign, ctx.actor)
    return ctx.response.accepted({
      success: true,
      data: { status: campaign.status, queued, starts_at: startsAt.toISO() },
    })
  }

  async results({ params }: HttpContext) {
    const campaign = await getCampaign(params.id)
    return { success: true, data: abResultsJson(campaign, await campaignResults(campaign)) }
  }

  async series({ params, request }: HttpContext) {
    const campaign = await getCampaign(params.id)
    const range = await seriesValidator.validate(request.qs())
    const to = range.to ? DateTime.fromJSDate(range.to) : DateTime.utc()
    const from = range.from ? DateTime.fromJSDate(range.from) : to.minus({ days: 6 })
    return { success: true, data: await campaignSeries(campaign, from, to) }
  }

  async identifyWinner({ params }: HttpContext) {
    const campaign = await getCampaign(params.id)
    return { success: true, data: abResultsJson(campaign, await identifyWinner(campaign)) }
  }

  async winner(ctx: HttpContext) {
    const input = await manualWinnerValidator.validate(ctx.request.body())
    const campaign = await getCampaign(ctx.params.id)
    await setManualWinner(campaign, input.winner, input.override_reason, ctx.actor)
    return { success: true, data: abResultsJson(campaign, await campaignResults(campaign)) }
  }

  async variant({ params, response }: HttpContext) {
    const campaign = await getCampaign(params.id)
    const contactId = recordId(params.contactId)
    const found = contactId === null ? null : await recipientVariant(campaign, contactId)
    if (!found?.assigned) {
      return response.notFound({
        success: false,
        error: {
          code: 'not_assigned',
          message:
            'This contact has no variant in this campaign (not a recipient, or waiting for the winner).',
          reason: found?.reason ?? 'not_a_recipient',
        },
      })
    }
    return {
      success: true,
      data: {
        contact_id: contactId,
        variant: found.variant,
        phase: found.phase,
        status: found.status,
      },
    }
  }

  async conversion(ctx: HttpContext) {
    const input = await conversionValidator.validate(ctx.request.body())
    const result = await recordConversion(input.contact_id, {
      campaignId: input.campaign_id,
      at: input.occurred_at,
    })
    return ctx.response.status(result.counted ? 201 : 200).send({ success: true, data: result })
  }
}
