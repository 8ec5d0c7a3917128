import type { HttpContext } from '@adonisjs/core/http'
import { audienceFormValidator } from '#validators/contact_pages'
import {
  AUDIENCE_ATTRIBUTES,
  countAudience,
  countMatching,
  deleteAudience,
  listAudiences,
  saveAudience,
} from '#services/contacts'
import { DomainError } from '#exceptions/domain_error'

function parsedRule(text: string) {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

/** Audiences: saved filters over contacts in the targeting rule language, with live counts. */
export default class AudiencesController {
  async index({ view }: HttpContext) {
    const audiences = await listAudiences()
    const counts = await Promise.all(audiences.map((audience) => countAudience(audience.id)))
    return view.render('pages/contacts/audiences', {
      audiences: audiences.map((audience, index) => ({ audience, count: counts[index] })),
      attributes: AUDIENCE_ATTRIBUTES,
      count: null,
    })
  }

  /** The form's live count: how many contacts the rule being written matches. */
  async count({ request, view }: HttpContext) {
    const rule = parsedRule(String(request.input('rule') ?? ''))
    const count = rule === undefined ? null : await countMatching(rule)
    return view.render('partials/contacts/audience_count', { count })
  }

  async store({ request, response, session }: HttpContext) {
    const input = await request.validateUsing(audienceFormValidator)
    const rule = parsedRule(input.rule)
    if (rule === undefined) {
      session.flashAll()
      session.flash('inputErrorsBag', { rule: ['The rule is not valid JSON'] })
      return response.redirect().back()
    }
    try {
      await saveAudience({ ...input, rule })
    } catch (error) {
      if (!(error instanceof DomainError) || error.status !== 422) throw error
      session.flashAll()
      const fields = (error.details.fields ?? []) as { field: string; message: string }[]
      session.flash('inputErrorsBag', {
        [fields[0]?.field === 'name' ? 'name' : 'rule']: fields.map(
          (field) => `${field.field}: ${field.message}`
        ),
      })
      return response.redirect().back()
    }
    session.flash('success', `Audience “${input.name}” saved.`)
    return response.redirect().toRoute('contacts.audiences.index')
  }

  async destroy({ params, response, session }: HttpContext) {
    await deleteAudience(params.id)
    session.flash('success', 'Audience deleted.')
    return response.redirect().toRoute('contacts.audiences.index')
  }
}
