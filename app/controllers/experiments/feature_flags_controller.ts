import type { HttpContext } from '@adonisjs/core/http'
import { createFlagValidator, updateFlagValidator } from '#validators/feature_flag'
import { flagFromForm } from '#validators/feature_flag_input'
import {
  createFlag,
  deleteFlag,
  findFlagOrFail,
  listFlags,
  updateFlag,
} from '#services/experiments/flag_service'
import { auditTrail } from '#services/experiments/audit'
import { actorFrom } from '#services/experiments/actor'
import Experiment from '#models/experiment'

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
    const flag = await createFlag(input, actorFrom(ctx))
    ctx.session.flash(
      'success',
      `Flag “${flag.key}” created${flag.enabled ? ' and on' : ' (off until you switch it on)'}.`
    )
    return ctx.response.redirect().toRoute('experiments.flags.index')
  }

  async edit({ params, view }: HttpContext) {
    const flag = await findFlagOrFail(params.id)
    return view.render('pages/experiments/flags/edit', {
      flag,
      audit: await auditTrail('flag', flag.id),
      ...(await this.formData()),
    })
  }

  async update(ctx: HttpContext) {
    const flag = await findFlagOrFail(ctx.params.id)
    const input = await updateFlagValidator.validate(flagFromForm(ctx.request.body(), flag.type))
    await updateFlag(flag, input, actorFrom(ctx))
    ctx.session.flash('success', `Flag “${flag.key}” saved.`)
    return ctx.response.redirect().toRoute('experiments.flags.index')
  }

  async toggle(ctx: HttpContext) {
    const flag = await findFlagOrFail(ctx.params.id)
    await updateFlag(
      flag,
      { enabled: !flag.enabled },
      actorFrom(ctx),
      flag.enabled ? 'switched_off' : 'switched_on'
    )
    ctx.session.flash('success', `Flag “${flag.key}” is ${flag.enabled ? 'on' : 'off'}.`)
    return ctx.response.redirect().toRoute('experiments.flags.index')
  }

  async destroy(ctx: HttpContext) {
    const flag = await findFlagOrFail(ctx.params.id)
    await deleteFlag(flag, actorFrom(ctx))
    ctx.session.flash('success', `Flag “${flag.key}” deleted.`)
    return ctx.response.redirect().toRoute('experiments.flags.index')
  }

  private async formData() {
    return {
      experiments: await Experiment.query().select('id', 'key', 'name', 'status').orderBy('name'),
    }
  }
}
