import type { HttpContext } from '@adonisjs/core/http'
import { savedReplySearchValidator, savedReplyValidator } from '#validators/ticket'
import {
  assignableAgents,
  deleteSavedReply,
  fillPlaceholders,
  getTicket,
  PLACEHOLDERS,
  saveSavedReply,
  savedReplies,
} from '#services/support'
import { articlePublicUrl } from '#presenters/article_links'

const author = (ctx: HttpContext) => ({
  id: ctx.auth.user!.id,
  isAdmin: ctx.auth.user!.role === 'admin',
})

/**
 * Saved replies and macros: each agent's own, and shared ones that admins manage. The
 * ticket composer inserts them (picker), with their placeholders filled for the ticket.
 */
export default class SavedRepliesController {
  /** The management page: the list, and the form (empty, or the one being edited). */
  async index(ctx: HttpContext) {
    const user = ctx.auth.user!
    const replies = await savedReplies(user.id, '', 500)
    const editId = Number(ctx.request.input('edit'))
    const editing = replies.find((reply) => reply.id === editId) ?? null
    return ctx.view.render('pages/support/saved_replies', {
      replies,
      editing,
      agents: await assignableAgents(),
      placeholders: PLACEHOLDERS,
    })
  }

  async store(ctx: HttpContext) {
    return this.save(ctx)
  }

  async update(ctx: HttpContext) {
    return this.save(ctx, Number(ctx.params.id))
  }

  async destroy(ctx: HttpContext) {
    await deleteSavedReply(author(ctx), Number(ctx.params.id))
    ctx.session.flash('success', 'Saved reply deleted.')
    return ctx.response.redirect().toRoute('tickets.saved_replies.index')
  }

  /** The composer's picker: saved replies matching the search, filled for this ticket. */
  async picker(ctx: HttpContext) {
    const ticket = await getTicket(ctx.params.number)
    const { reply_q: q = '' } = await savedReplySearchValidator.validate(ctx.request.qs())
    const user = ctx.auth.user!
    const replies = await savedReplies(user.id, q, 12)
    const values = {
      customerName: ticket.contactName,
      customerEmail: ticket.contactEmail,
      ticketNumber: ticket.number,
      ticketTitle: ticket.title,
      agentName: user.fullName ?? user.email,
      articleUrl: articlePublicUrl,
    }
    const filled = await Promise.all(
      replies.map(async (reply) => ({
        ...reply,
        body: await fillPlaceholders(reply.body, values),
        setAssignee: reply.setAssignee === 'me' ? String(user.id) : reply.setAssignee,
      }))
    )
    return ctx.view.render('partials/support/saved_reply_picker', {
      replies: filled,
      q,
      agents: await assignableAgents(),
    })
  }

  /** Bad input goes back to the form (the referrer) with field errors, as every form. */
  private async save(ctx: HttpContext, id?: number) {
    const input = await ctx.request.validateUsing(savedReplyValidator)
    await saveSavedReply(
      author(ctx),
      {
        title: input.title,
        body: input.body,
        shared: Boolean(input.shared),
        setStatus: input.set_status ?? null,
        setPriority: input.set_priority ?? null,
        setAssignee: input.set_assignee ?? null,
        addTags: input.add_tags ?? [],
      },
      id
    )
    ctx.session.flash('success', id === undefined ? 'Saved reply created.' : 'Saved reply saved.')
    return ctx.response.redirect().toRoute('tickets.saved_replies.index')
  }
}
