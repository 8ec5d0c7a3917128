import type { HttpContext } from '@adonisjs/core/http'
import { createFaqValidator, faqFiltersValidator, updateFaqValidator } from '#validators/faq'
import {
  categoriesWithCounts,
  createFaq,
  deleteFaq,
  findCategoryBySlug,
  getFaq,
  renderAnswer,
  searchFaqs,
  setPublished,
  updateFaq,
} from '#services/knowledge'

const PAGE_SIZE = 25

/** The query string of another page of the same listing. */
function pageQuery(filters: Record<string, unknown>, q: string, page: number) {
  const params = new URLSearchParams()
  for (const key of ['category', 'status', 'sort'] as const) {
    if (filters[key]) params.set(key, String(filters[key]))
  }
  if (q) params.set('q', q)
  params.set('page', String(page))
  return params.toString()
}

/** The knowledge-base management pages (agents and admins). */
export default class FaqsController {
  async index(ctx: HttpContext) {
    return ctx.view.render('pages/knowledge/index', await this.listing(ctx))
  }

  /** The article table alone: re-fetched by htmx as filters change and on live updates. */
  async table(ctx: HttpContext) {
    return ctx.view.render('partials/knowledge/faq_table', await this.listing(ctx))
  }

  async create({ view }: HttpContext) {
    return view.render('pages/knowledge/create', { categories: await categoriesWithCounts() })
  }

  async store(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(createFaqValidator)
    const faq = await createFaq(input, ctx.auth.user!.id)
    ctx.session.flash(
      'success',
      faq.published
        ? 'Article published on the help center.'
        : 'Draft saved. Publish it when it is ready.'
    )
    return ctx.response.redirect().toRoute('knowledge.edit', { id: faq.id })
  }

  async edit({ params, view }: HttpContext) {
    const faq = await getFaq(params.id)
    await faq.load((loader) => loader.load('author').load('editor'))
    return view.render('pages/knowledge/edit', { faq, categories: await categoriesWithCounts() })
  }

  async update(ctx: HttpContext) {
    const faq = await getFaq(ctx.params.id)
    const input = await ctx.request.validateUsing(updateFaqValidator)
    // An unchecked box sends nothing: on this form that means "not published".
    await updateFaq(faq, { ...input, published: input.published ?? false }, ctx.auth.user!.id)
    ctx.session.flash('success', 'Article saved.')
    return ctx.response.redirect().toRoute('knowledge.edit', { id: faq.id })
  }

  async publish(ctx: HttpContext) {
    const faq = await getFaq(ctx.params.id)
    const published = ctx.params.action === 'publish'
    await setPublished(faq, published, ctx.auth.user!.id)
    ctx.session.flash(
      'success',
      published
        ? `“${faq.question}” is live on the help center.`
        : `“${faq.question}” is a draft again.`
    )
    return ctx.response.redirect().back()
  }

  async destroy(ctx: HttpContext) {
    const faq = await getFaq(ctx.params.id)
    await deleteFaq(faq)
    ctx.session.flash('success', `“${faq.question}” was deleted.`)
    return ctx.response.redirect().toRoute('knowledge.index')
  }

  /** Markdown preview beside the answer field. */
  async preview({ request }: HttpContext) {
    const source = String(request.input('answer') ?? '').slice(0, 20_000)
    return source.trim()
      ? renderAnswer(source).html
      : '<p class="muted">The preview appears here as you write.</p>'
  }

  private async listing(ctx: HttpContext) {
    const filters = await faqFiltersValidator.validate(ctx.request.qs())
    const category = filters.category ? await findCategoryBySlug(filters.category) : null
    const page = filters.page ?? 1
    const q = filters.q ?? filters.search ?? ''
    const result = await searchFaqs({
      q,
      categoryId: category?.id ?? (filters.category ? -1 : null),
      status: filters.status ?? 'all',
      sort: filters.sort ?? (q.trim() ? 'relevance' : 'updated'),
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
      withTotal: true,
    })
    const pages = Math.max(1, Math.ceil((result.total ?? 0) / PAGE_SIZE))
    return {
      result,
      categories: await categoriesWithCounts(),
      filters: { ...filters, q, page },
      pages,
      pageQuery: {
        previous: page > 1 ? pageQuery(filters, q, page - 1) : null,
        next: page < pages ? pageQuery(filters, q, page + 1) : null,
      },
    }
  }
}
