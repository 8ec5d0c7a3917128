import type { HttpContext } from '@adonisjs/core/http'
import { templateValidator } from '#validators/experiment'
import { templateFromForm } from '#validators/experiment_input'
import { createTemplate, deleteTemplate, getTemplate, listTemplates } from '#services/experiments'
import { METRIC_KINDS } from '#evaluation/metrics'

/** Admin pages of experiment templates: list, create, delete; "use" opens the experiment form. */
export default class TemplatesController {
  async index({ view }: HttpContext) {
    return view.render('pages/experiments/templates/index', { templates: await listTemplates() })
  }

  async create({ view }: HttpContext) {
    return view.render('pages/experiments/templates/create', { metricKinds: METRIC_KINDS })
  }

  async store(ctx: HttpContext) {
    const input = await templateValidator.validate(templateFromForm(ctx.request.body()))
    const template = await createTemplate(input, ctx.actor)
    ctx.session.flash('success', `Template “${template.name}” saved.`)
    return ctx.response.redirect().toRoute('experiments.templates.index')
  }

  async destroy(ctx: HttpContext) {
    const template = await getTemplate(ctx.params.id)
    await deleteTemplate(template, ctx.actor)
    ctx.session.flash('success', `Template “${template.name}” deleted.`)
    return ctx.response.redirect().toRoute('experiments.templates.index')
  }
}
