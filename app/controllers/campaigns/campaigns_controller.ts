import type { HttpContext } from '@adonisjs/core/http'
import { DateTime } from 'luxon'
import {
  campaignFormInput,
  campaignFormValidator,
  previewValidator,
  seriesValidator,
  winnerFormValidator,
} from '#validators/campaign'
import {
  campaignResults,
  campaignSeries,
  createCampaign,
  getCampaign,
  identifyWinner,
  listCampaigns,
  previewContacts,
  previewMessage,
  sendCampaign,
  sendingState,
  setManualWinner,
  setSendingPaused,
} from '#services/campaigns'
import { countAudience, listAudiences } from '#services/contacts'
import { campaignCsv, recommendations } from '#presenters/campaign_report'

/** Campaign pages (admins): the list, the create flow, the live results, the kill switch. */
export default class CampaignsController {
  async index({ view }: HttpContext) {
    return view.render('pages/campaigns/index', await this.listState())
  }

  /** The list alone: its live refresh. */
  async list({ view }: HttpContext) {
    return view.render('partials/campaigns/list', await this.listState())
  }

  async create({ view }: HttpContext) {
    return view.render('pages/campaigns/create', {
      audiences: await listAudiences(),
      contacts: await previewContacts(),
    })
  }

  async store(ctx: HttpContext) {
    const form = await campaignFormValidator.validate(ctx.request.all())
    const campaign = await createCampaign(campaignFormInput(form), ctx.actor)
    ctx.session.flash('success', 'Campaign saved as a draft: review it, then send it.')
    return ctx.response.redirect().toRoute('campaigns.show', { id: campaign.id })
  }

  /** One variant's preview (htmx, as the person types). */
  async preview({ request, view }: HttpContext) {
    const input = await previewValidator.validate(request.all())
    const v = input.variant
    const preview = await previewMessage(
      input.channel,
      {
        body: input[`template_${v}`] ?? '',
        subject: input[`subject_${v}`],
        preheader: input[`preheader_${v}`],
      },
      input.preview_contact
    )
    return view.render('partials/campaigns/preview', { preview })
  }

  /** The chosen audience's size (htmx). */
  async audienceCount({ request, view }: HttpContext) {
    const id = Number(request.input('audience_id'))
    const count = Number.isSafeInteger(id) && id > 0 ? await countAudience(id) : null
    return view.render('partials/campaigns/audience_count', { count })
  }

  async show({ params, request, view }: HttpContext) {
    return view.render('pages/campaigns/show', await this.resultsState(params.id, request.qs()))
  }

  /** The results panel alone: Transmit messages and the 60 s refresh re-fetch it. */
  async results({ params, request, view }: HttpContext) {
    return view.render(
      'partials/campaigns/results',
      await this.resultsState(params.id, request.qs())
    )
  }

  async send(ctx: HttpContext) {
    const campaign = await getCampaign(ctx.params.id)
    const { queued } = await sendCampaign(campaign, ctx.actor)
    ctx.session.flash('success', `${queued} messages queued.`)
    return ctx.response.redirect().toRoute('campaigns.show', { id: campaign.id })
  }

  async identifyWinner(ctx: HttpContext) {
    const campaign = await getCampaign(ctx.params.id)
    const results = await identifyWinner(campaign)
    ctx.session.flash(
      results.winner ? 'success' : 'error',
      results.winner
        ? `Variant ${results.winner} wins.`
        : 'No winner yet: see the reason on the page.'
    )
    return ctx.response.redirect().toRoute('campaigns.show', { id: campaign.id })
  }

  async winner(ctx: HttpContext) {
    const input = await winnerFormValidator.validate(ctx.request.all())
    const campaign = await getCampaign(ctx.params.id)
    await setManualWinner(campaign, input.winner, input.override_reason, ctx.actor)
    ctx.session.flash('success', `Variant ${input.winner} is the winner.`)
    return ctx.response.redirect().toRoute('campaigns.show', { id: campaign.id })
  }

  async csv({ params, response }: HttpContext) {
    const campaign = await getCampaign(params.id)
    response.header('content-type', 'text/csv; charset=utf-8')
    response.header(
      'content-disposition',
      `attachment; filename="campaign-${campaign.id}-results.csv"`
    )
    return campaignCsv(await campaignResults(campaign))
  }

  async pause(ctx: HttpContext) {
    await setSendingPaused(true, ctx.actor)
    ctx.session.flash('success', 'All campaign sending is paused; queued messages wait.')
    return ctx.response.redirect().toRoute('campaigns.index')
  }

  async resume(ctx: HttpContext) {
    await setSendingPaused(false, ctx.actor)
    ctx.session.flash('success', 'Campaign sending resumed.')
    return ctx.response.redirect().toRoute('campaigns.index')
  }

  private async listState() {
    const campaigns = await listCampaigns()
    const rows = await Promise.all(
      campaigns.map(async (campaign) => ({ campaign, results: await campaignResults(campaign) }))
    )
    return { rows, sending: await sendingState() }
  }

  /** The campaign, its results and its daily series over `from`–`to` (default: the last 14 days). */
  private async resultsState(id: string, qs: Record<string, unknown>) {
    const campaign = await getCampaign(id)
    const results = await campaignResults(campaign)
    const range = await seriesValidator
      .validate(qs)
      .catch(() => ({ from: undefined, to: undefined }))
    const to = range.to ? DateTime.fromJSDate(range.to, { zone: 'utc' }) : DateTime.utc()
    let from = range.from
      ? DateTime.fromJSDate(range.from, { zone: 'utc' })
      : to.minus({ days: 13 })
    if (from > to || to.diff(from, 'days').days > 366) from = to.minus({ days: 13 })
    const series = await campaignSeries(campaign, from, to)
    return {
      campaign,
      results,
      series,
      range: { from: from.toISODate(), to: to.toISODate() },
      advice: recommendations(campaign, results),
      sending: await sendingState(),
    }
  }
}
