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
import {
  exposeHelpCenterVisitor,
  HELP_CENTER_EVENTS,
  helpCenterTreatment,
  recordHelpCenterEvents,
} from '#services/experiments'
import { isCrawlerAgent } from '#validators/crawler_agent'
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
    // The experiment's holdout gets no results as it types (it still searches on submit).
    const treatment = ctx.helpCenterSubject
      ? await helpCenterTreatment(ctx.helpCenterSubject)
      : null
    return ctx.view.render('pages/help/index', {
      categories,
      popular: popular.hits,
      search,
      filters,
      typeahead: treatment?.suggestions !== 0,
    })
  }

  /**
   * Results alone, for search as you type: suggestions, so the help-center experiment's
   * holdout gets none (its box searches only when submitted, through the page).
   */
  async results(ctx: HttpContext) {
    const filters = await faqFiltersValidator.validate(ctx.request.qs())
    const treatment = ctx.helpCenterSubject
      ? await helpCenterTreatment(ctx.helpCenterSubject)
      : null
    const typed = filters.q?.trim() && treatment?.suggestions !== 0
    const search = typed ? await this.search(ctx, filters.q!, filters.category) : null
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
    if (ctx.helpCenterSubject) {
      const fromSuggestion = ctx.request.input('from') === 'suggestion'
      await recordHelpCenterEvents(ctx.helpCenterSubject, [
        { name: HELP_CENTER_EVENTS.viewed, once: String(faq.id), properties: { faqId: faq.id } },
        ...(fromSuggestion
          ? [
              {
                name: HELP_CENTER_EVENTS.clicked,
                once: String(faq.id),
                properties: { faqId: faq.id },
              },
            ]
          : []),
      ])
    }
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

  /**
   * FAQs that may answer what a visitor is typing (htmx partial for the ticket form and the
   * search box). The help-center experiment decides: its holdout gets none, though the
   * articles that would have been shown are recorded for the per-article estimate.
   */
  async suggestions(ctx: HttpContext) {
    const { request, view } = ctx
    const { q, description, limit = 5 } = await suggestionsValidator.validate(request.qs())
    const text = (q ?? description ?? '').trim()
    // A request without the cookie (a script) is nobody's visit: plain suggestions.
    const visitor = ctx.helpCenterSubject ?? null
    const treatment = visitor ? await helpCenterTreatment(visitor) : null
    const shown = treatment ? Math.min(limit, treatment.suggestions) : limit
    // Fewer than three characters say nothing yet.
    const matched = text.length >= 3 ? await suggestFaqs(text, Math.max(shown, limit)) : []
    const suggestions = matched.slice(0, shown)
    if (visitor && treatment?.subjectId) {
      const article = (name: (typeof HELP_CENTER_EVENTS)['matched' | 'shown'], id: number) => ({
        name,
        once: String(id),
        properties: { faqId: id },
      })
      await recordHelpCenterEvents(visitor, [
        ...matched.slice(0, limit).map((hit) => article(HELP_CENTER_EVENTS.matched, hit.id)),
        ...suggestions.map((hit) => article(HELP_CENTER_EVENTS.shown, hit.id)),
      ])
    }
    return view.render('partials/help/suggestions', {
      suggestions,
      q: text,
      prompt: treatment?.prompt ?? null,
    })
  }

  /**
   * The page's script reports that the form or search box is on screen: the visitor's
   * exposure to the help-center experiment. Crawlers, HEAD requests and browsers without
   * JavaScript never get here (or are told apart by their agent) and are not exposed.
   */
  async exposure(ctx: HttpContext) {
    if (ctx.helpCenterSubject && !isCrawlerAgent(ctx.request.header('user-agent'))) {
      await exposeHelpCenterVisitor(ctx.helpCenterSubject)
    }
    return ctx.response.noContent()
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
      // A search that found nothing, and the ticket that may follow: a content gap.
      if (result.hits.length === 0 && ctx.helpCenterSubject) {
        await recordHelpCenterEvents(ctx.helpCenterSubject, [
          {
            name: HELP_CENTER_EVENTS.noResult,
            once: result.query.toLowerCase().slice(0, 120),
            properties: { query: result.query.slice(0, 200) },
          },
        ])
      }
    }
    return { ...result, category }
  }
}
