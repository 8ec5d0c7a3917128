import type { HttpContext } from '@adonisjs/core/http'
import { bulkActionValidator } from '#validators/ticket'
import { applyBulkAction } from '#services/support'

/** Bulk changes from the inbox: answers with a summary of what changed and what did not. */
export default class BulkActionsController {
  async store(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(bulkActionValidator)
    const summary = await applyBulkAction(input.ticket_ids, input.action, input.value, ctx.actor)
    if (!ctx.request.isHtmx()) {
      ctx.session.flash('success', `${summary.action}: ${summary.changed.length} changed.`)
      return ctx.response.redirect().back()
    }
    // The list refreshes itself (the "bulk-done" event), with the current filters.
    ctx.response.header('HX-Trigger', 'bulk-done')
    return ctx.view.render('partials/support/bulk_summary', { summary })
  }
}
