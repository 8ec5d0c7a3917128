import type { HttpContext } from '@adonisjs/core/http'
import { categoryValidator } from '#validators/faq'
import {
  categoriesWithCounts,
  deleteCategory,
  getCategory,
  saveCategory,
} from '#services/knowledge'

/** Knowledge-base categories: the help center's sections. */
export default class CategoriesController {
  async index({ view }: HttpContext) {
    return view.render('pages/knowledge/categories', { categories: await categoriesWithCounts() })
  }

  async store({ request, response, session }: HttpContext) {
    const category = await saveCategory(await request.validateUsing(categoryValidator))
    session.flash('success', `Category “${category.name}” added.`)
    return response.redirect().toRoute('knowledge.categories.index')
  }

  async update({ params, request, response, session }: HttpContext) {
    const category = await getCategory(params.id)
    await saveCategory(await request.validateUsing(categoryValidator), category)
    session.flash('success', `Category “${category.name}” saved.`)
    return response.redirect().toRoute('knowledge.categories.index')
  }

  async destroy({ params, response, session }: HttpContext) {
    const category = await getCategory(params.id)
    await deleteCategory(category)
    session.flash('success', `Category “${category.name}” deleted.`)
    return response.redirect().toRoute('knowledge.categories.index')
  }
}
