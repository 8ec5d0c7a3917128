import type { HttpContext } from '@adonisjs/core/http'
import { templateValidator } from '#validators/experiment'
import { createTemplate, deleteTemplate, getTemplate, listTemplates } from '#services/experiments'
import { templateJson } from '#transformers/experiment_template'

/** `/api/experiment-templates` (token ability `manage`). */
export default class ExperimentTemplatesController {
  async index() {
    const templates = await listTemplates()
    return { success: true, data: templates.map(templateJson) }
  }

  async store(ctx: HttpContext) {
    const input = await templateValidator.validate(ctx.request.body())
    const template = await createTemplate(input, ctx.actor)
    return ctx.response.created({ success: true, data: templateJson(template) })
  }

  async destroy(ctx: HttpContext) {
    await deleteTemplate(await getTemplate(ctx.params.id), ctx.actor)
    return ctx.response.noContent()
  }
}
