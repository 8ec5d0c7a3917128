import type { HttpContext } from '@adonisjs/core/http'
import { faqFiltersValidator, suggestionsValidator, voteValidator } from '#validators/faq'
import {
  categoriesWithCounts,
  countView,
  findCategoryBySlug,
  getFaq,
  getPublishedFaq,
  logSearch,
  publicSearch,
  recordVote,
  relatedFaqs,
  searchFaqs,
  suggestFaqs,
  visitorVote,
} from '#services/knowledge'
import { DomainError } from '#exceptions/domain_error'
import FaqPolicy from '#policies/faq_policy'

const RESULTS = 10
const CATEGORY_PAGE = 30
const RELATED = 5

/** The public help center: search as you type, categories, articles, votes. */
export default class HelpCenterController {
  async index(ctx: HttpContext) {
    const filters = await faqFiltersValidator.validate(ctx.request.qs())
    const allCategories = await categoriesWithCounts()
    const categories = allCategories.filter((category) => category.published > 0)
    const popular = await searchFaqs({ sort: 'views', limit: 6 })
    const search = filters.q?.trim() ? await this.search(ctx, filters.q, filters.category) : null
    return ctx.view.render('pages/help/index', {
      categories,
      popular: popular.hits,
      search,
      filters,
    })
  }

  /** Results alone, for search as you type. */
  async results(ctx: HttpContext) {
    const filters = await faqFiltersValidator.validate(ctx.request.qs())
    const search = filters.q?.trim() ? await this.search(ctx, filters.q, filters.category) : null
    return ctx.view.render('partials/help/results', { search, filters })
  }

  async category({ params, request, view }: HttpContext) {
    const category = await findCategoryBySlug(String(params.slug))
    if (!category) throw new DomainError('That section does not exist.', 'not_found', 404)
    const { page = 1 } = await faqFiltersValidator.validate(request.qs())
    const result = await searchFaqs({
      categoryId: category.id,
      sort: 'position',
      limit: CATEGORY_PAGE,
      offset: (page - 1) * CATEGORY_PAGE,
      withTotal: true,
    })
    return view.render('pages/help/category', {
      category,
      result,
      page,
      pages: Math.max(1, Math.ceil((result.total ?? 0) / CATEGORY_PAGE)),
    })
  }

  async article(ctx: HttpContext) {
    const faq = await getPublishedFaq(ctx.params.id)
    if (await ctx.bouncer.with(FaqPolicy).denies('view', faq)) {
      throw new DomainError('That article does not exist.', 'not_found', 404)
    }
    if (await ctx.bouncer.with(FaqPolicy).allows('countsAsView')) countView(faq.id)
    const [related, vote] = await Promise.all([
      relatedFaqs(faq, RELATED),
      // A visitor first seen on this request has not voted.
      ctx.visitorId && !ctx.visitorIsNew ? visitorVote(faq.id, ctx.visitorId) : null,
    ])
    return ctx.view.render('pages/help/article', {
      faq,
      related,
      vote,
    })
  }

  async vote(ctx: HttpContext) {
    const faq = await getFaq(ctx.params.id)
    if (!faq.published) throw new DomainError('That article does not exist.', 'not_found', 404)
    const { helpful } = await ctx.request.validateUsing(voteValidator)
    await recordVote(faq.id, ctx.visitorId!, helpful)
    if (ctx.request.isHtmx()) {
      return ctx.view.render('partials/help/vote', { faq, vote: helpful, thanked: true })
    }
    ctx.session.flash('success', 'Thank you: your answer helps us improve this article.')
    return ctx.response.redirect().back()
  }

  /** FAQs that may answer a ticket being written (htmx partial for the ticket form). */
  async suggestions({ request, view }: HttpContext) {
    const { q, description, limit = 5 } = await suggestionsValidator.validate(request.qs())
    const text = (q ?? description ?? '').trim()
    // Fewer than three characters say nothing yet.
    const suggestions = text.length >= 3 ? await suggestFaqs(text, limit) : []
    return view.render('partials/help/suggestions', { suggestions, q: text })
  }

  private async search(ctx: HttpContext, q: string, categorySlug?: string) {
    const category = categorySlug ? await findCategoryBySlug(categorySlug) : null
    const result = await publicSearch(q, category?.id ?? (categorySlug ? -1 : null), RESULTS)
    if (result.query) {
      logSearch({
        query: result.query,
        resultCount: result.hits.length,
        categoryId: category?.id ?? null,
        // Without the visitor cookie (scripts, a first visit) the id is new on every
        // request and would only add a row each: such searches are counted anonymously.
        visitorId: ctx.visitorIsNew ? null : (ctx.visitorId ?? null),
      })
    }
    return { ...result, category }
  }
}
