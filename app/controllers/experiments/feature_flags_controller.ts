import type { HttpContext } from '@adonisjs/core/http'
import { createFlagValidator, updateFlagValidator } from '#validators/feature_flag'
import { flagFromForm } from '#validators/feature_flag_input'
import {
  listSegments,
  auditTrail,
  convertFlagToExperiment,
  createFlag,
  experimentChoices,
  deleteFlag,
  getFlag,
  listFlags,
  updateFlag,
} from '#services/experiments'

/** Admin pages of feature flags. */
export default class FeatureFlagsController {
  async index({ view }: HttpContext) {
    return view.render('pages/experiments/flags/index', { flags: await listFlags() })
  }

  async create({ view }: HttpContext) {
    return view.render('pages/experiments/flags/create', await this.formData())
  }

  async store(ctx: HttpContext) {
    const input = await createFlagValidator.validate(flagFromForm(ctx.request.body()))
    const flag = await createFlag(input, ctx.actor)
    ctx.session.flash(
      'success',
      `Flag “${flag.key}” created${flag.enabled ? ' and on' : ' (off until you switch it on)'}.`
    )
    return ctx.response.redirect().toRoute('experiments.flags.index')
  }

  async edit({ params, view }: HttpContext) {
    const flag = await getFlag(params.id)
    return view.render('pages/experiments/flags/edit', {
      flag,
      audit: await auditTrail('flag', flag.id),
      ...(await this.formData()),
    })
  }

  async update(ctx: HttpContext) {
    const flag = await getFlag(ctx.params.id)
    const input = await updateFlagValidator.validate(flagFromForm(ctx.request.body(), flag.type))
    await updateFlag(flag, input, ctx.actor)
    ctx.session.flash('success', `Flag “${flag.key}” saved.`)
    return ctx.response.redirect().toRoute('experiments.flags.index')
  }

  async toggle(ctx: HttpContext) {
    const flag = await getFlag(ctx.params.id)
    await updateFlag(
      flag,
      { enabled: !flag.enabled },
      ctx.actor,
      flag.enabled ? 'switched_off' : 'switched_on'
    )
    ctx.session.flash('success', `Flag “${flag.key}” is ${flag.enabled ? 'on' : 'off'}.`)
    return ctx.response.redirect().toRoute('experiments.flags.index')
  }

  /** A draft experiment from the flag's variations; its metrics are chosen on its form. */
  async convert(ctx: HttpContext) {
    const flag = await getFlag(ctx.params.id)
    const experiment = await convertFlagToExperiment(flag, ctx.actor)
    ctx.session.flash(
      'success',
      `Draft experiment “${experiment.name}” created from the flag, which now follows it once it runs. Choose its primary metric, then start it.`
    )
    return ctx.response.redirect().toRoute('experiments.edit', { id: experiment.id })
  }

  async destroy(ctx: HttpContext) {
    const flag = await getFlag(ctx.params.id)
    await deleteFlag(flag, ctx.actor)
    ctx.session.flash('success', `Flag “${flag.key}” deleted.`)
    return ctx.response.redirect().toRoute('experiments.flags.index')
  }

  private async formData() {
    const [experiments, segments] = await Promise.all([experimentChoices(), listSegments()])
    return { experiments, segments }
  }
}
