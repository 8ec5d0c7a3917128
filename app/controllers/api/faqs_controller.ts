import type { HttpContext } from '@adonisjs/core/http'
import { ApiError } from '#exceptions/api_error'
import {
  createFaqValidator,
  faqFiltersValidator,
  suggestionsValidator,
  updateFaqValidator,
} from '#validators/faq'
import {
  categoriesWithCounts,
  createFaq,
  deleteFaq,
  faqsByIds,
  findCategoryBySlug,
  getFaq,
  searchFaqs,
  suggestFaqs,
  updateFaq,
} from '#services/knowledge'
import { articlePath, faqJson, faqSearchJson } from '#transformers/faq'

/** May this request see drafts? Only with a token that has the `support` ability. */
function seesDrafts(ctx: HttpContext) {
  const user = ctx.auth.use('api').user
  return Boolean(user?.currentAccessToken.allows('support'))
}

/**
 * `/api/faqs` (docs/api.md): anyone reads published articles; a token with the
 * `support` ability also reads drafts and writes.
 */
export default class FaqsController {
  /** GET /api/faqs?search=&category=&status=&page=&limit= */
  async index(ctx: HttpContext) {
    const filters = await faqFiltersValidator.validate(ctx.request.qs())
    const status = filters.status ?? 'published'
    if (status !== 'published' && !seesDrafts(ctx)) {
      throw new ApiError(403, 'missing_ability', 'Drafts need a token with the "support" ability.')
    }
    const category = filters.category ? await findCategoryBySlug(filters.category) : null
    const limit = filters.limit ?? 50
    const page = filters.page ?? 1
    const result = await searchFaqs({
      q: filters.search ?? filters.q,
      categoryId: category?.id ?? (filters.category ? -1 : null),
      status,
      sort: filters.sort,
      limit,
      offset: (page - 1) * limit,
      withTotal: true,
    })
    const faqs = await faqsByIds(result.hits.map((hit) => hit.id))
    const byId = new Map(faqs.map((faq) => [faq.id, faq]))
    ctx.response.header('X-Total-Count', String(result.total ?? 0))
    ctx.response.header('X-Search-Mode', result.mode)
    return result.hits
      .filter((hit) => byId.has(hit.id))
      .map((hit) =>
        result.query ? faqSearchJson(byId.get(hit.id)!, hit) : faqJson(byId.get(hit.id)!)
      )
  }

  async show(ctx: HttpContext) {
    const faq = await getFaq(ctx.params.id)
    if (!faq.published && !seesDrafts(ctx)) {
      throw new ApiError(404, 'not_found', 'That article does not exist.')
    }
    return faqJson(faq)
  }

  /** GET /api/faqs/suggestions?q=<free text>&limit=5: published articles that may answer it. */
  async suggestions({ request }: HttpContext) {
    const { q, limit = 5 } = await suggestionsValidator.validate(request.qs())
    const hits = await suggestFaqs(q, limit)
    return hits.map((hit) => ({
      id: hit.id,
      question: hit.question,
      category: hit.categorySlug,
      snippet_html: hit.snippetHtml,
      url: articlePath(hit),
    }))
  }

  /** GET /api/faqs/categories/stats: `[{ "category": "account", "count": 2 }, ...]`. */
  async categoryStats(ctx: HttpContext) {
    const drafts = seesDrafts(ctx)
    const categories = await categoriesWithCounts()
    return categories
      .map((category) => ({
        category: category.slug,
        name: category.name,
        count: category.published,
        ...(drafts ? { drafts: category.drafts } : {}),
      }))
      .sort((a, b) => b.count - a.count || a.category.localeCompare(b.category))
  }

  async store(ctx: HttpContext) {
    const input = await createFaqValidator.validate(ctx.request.body())
    // As in the support project document, an article created through the API is live
    // unless it says `"published": false`.
    const faq = await createFaq({ published: true, ...input }, ctx.auth.use('api').user!.id)
    return ctx.response.created(faqJson(faq))
  }

  async update(ctx: HttpContext) {
    const faq = await getFaq(ctx.params.id)
    const input = await updateFaqValidator.validate(ctx.request.body())
    await updateFaq(faq, input, ctx.auth.use('api').user!.id)
    return faqJson(faq)
  }

  async destroy(ctx: HttpContext) {
    const faq = await getFaq(ctx.params.id)
    await deleteFaq(faq)
    return ctx.response.noContent()
  }
}
