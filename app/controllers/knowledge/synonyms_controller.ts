import type { HttpContext } from '@adonisjs/core/http'
import { synonymLines, synonymsValidator } from '#validators/faq'
import { listSynonyms, saveSynonyms } from '#services/knowledge'

/** The synonym list that help search, suggestions and the agents' article picker use. */
export default class SynonymsController {
  async show({ view }: HttpContext) {
    const groups = await listSynonyms()
    return view.render('pages/knowledge/synonyms', {
      text: groups.map((terms) => terms.join(', ')).join('\n'),
      count: groups.length,
    })
  }

  async update({ request, response, session }: HttpContext) {
    const { synonyms } = await request.validateUsing(synonymsValidator)
    const saved = await saveSynonyms(synonymLines(synonyms ?? ''))
    session.flash('success', `Synonyms saved: ${saved} group${saved === 1 ? '' : 's'}.`)
    return response.redirect().toRoute('knowledge.synonyms.show')
  }
}
