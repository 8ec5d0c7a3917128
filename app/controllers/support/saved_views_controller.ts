import type { HttpContext } from '@adonisjs/core/http'
import { errors as vineErrors } from '@vinejs/vine'
import { savedViewValidator } from '#validators/ticket'
import { deleteSavedView, saveView } from '#services/support'
import { DomainError } from '#exceptions/domain_error'
import { inboxSidebar, knownView } from '#presenters/inbox_sidebar'

/** Inbox views saved by name: an agent's own, or shared by an admin. */
export default class SavedViewsController {
  /** Saves the inbox's current view, filters, search and sort (sent along by the form). */
  async store(ctx: HttpContext) {
    const user = ctx.auth.user!
    const body = Object.fromEntries(
      Object.entries(ctx.request.body()).filter(([, value]) => value !== '' && value !== null)
    )
    let error: string | undefined
    try {
      const { name, shared, ...filters } = await savedViewValidator.validate(body)
      await saveView(
        { id: user.id, isAdmin: user.role === 'admin' },
        { name, shared: Boolean(shared), filters: { ...filters, view: filters.view ?? 'open' } }
      )
    } catch (caught) {
      if (caught instanceof vineErrors.E_VALIDATION_ERROR) {
        error = caught.messages.map((message: { message: string }) => message.message).join(' ')
      } else if (caught instanceof DomainError) {
        error = caught.message
      } else throw caught
    }
    return this.respond(ctx, error ? { error } : { notice: 'View saved.' }, body.view)
  }

  async destroy(ctx: HttpContext) {
    const user = ctx.auth.user!
    await deleteSavedView({ id: user.id, isAdmin: user.role === 'admin' }, ctx.params.id)
    return this.respond(ctx, { notice: 'View deleted.' }, ctx.request.input('view'))
  }

  private async respond(
    ctx: HttpContext,
    outcome: { error?: string; notice?: string },
    view: unknown
  ) {
    if (!ctx.request.isHtmx()) {
      ctx.session.flash(outcome.error ? 'error' : 'success', outcome.error ?? outcome.notice ?? '')
      return ctx.response.redirect().back()
    }
    return ctx.view.render('partials/support/inbox_views', {
      ...(await inboxSidebar(ctx.auth.user!, knownView(view))),
      ...outcome,
    })
  }
}
