import type { HttpContext } from '@adonisjs/core/http'
import { urlFor } from '@adonisjs/core/services/url_builder'
import { publicUrl } from '#services/platform'
import { preferencesFor } from '#services/notifications'
import { errors as vineErrors } from '@vinejs/vine'
import {
  agentMessageValidator,
  inboxFiltersValidator,
  statusChangeValidator,
  ticketUpdateValidator,
} from '#validators/ticket'
import {
  addTicketMessage,
  allowedTransitions,
  answersToInsert,
  assignableAgents,
  changeTicketStatus,
  customerPath,
  findRating,
  getTicket,
  INBOX_SLA_FILTERS,
  INBOX_SORTS,
  INBOX_VIEWS,
  lastMessageId,
  listTickets,
  newestMessageId,
  openingAttachments,
  queueNeighbour,
  ticketSla,
  recentTags,
  StaleReplyError,
  ticketTimeline,
  updateTicket,
  viewCounts,
  type InboxView,
} from '#services/support'
import { DomainError } from '#exceptions/domain_error'
import { uploadedFiles } from '#validators/attachment_input'
import { inboxQueryString } from '#presenters/inbox_address'
import { inboxSidebar, knownView } from '#presenters/inbox_sidebar'
import type Ticket from '#models/ticket'

/** Filter forms send every field; an empty one means "any". */
const filledQuery = (ctx: HttpContext) =>
  Object.fromEntries(Object.entries(ctx.request.qs()).filter(([, value]) => value !== ''))

/** What narrows a view: "Clear filters" drops them all. */
const FILTER_KEYS = ['q', 'status', 'priority', 'assignee', 'tag', 'sla'] as const

/** What the composer says about a refused send: an empty message, or the field at fault. */
const composerProblem = (messages: { field: string; message: string }[]) =>
  messages.some((problem) => problem.field === 'body')
    ? 'Write a message before sending.'
    : messages.map((problem) => problem.message).join(' ')

/** The agent inbox and the ticket page. */
export default class TicketsController {
  async index(ctx: HttpContext) {
    const listing = await this.listing(ctx)
    const [agents, sidebar] = await Promise.all([
      assignableAgents(),
      inboxSidebar(ctx.auth.user!, listing.current),
    ])
    // Tickets opened after this moment are new to the agent (highlighted, announced).
    const loadedAt = Date.now()
    return ctx.view.render('pages/support/inbox', {
      ...sidebar,
      ...listing,
      agents,
      loadedAt,
    })
  }

  /** The bulk-action form, tag suggestions and shortcuts, fetched when the agent needs them. */
  async tools(ctx: HttpContext) {
    const [agents, tags] = await Promise.all([assignableAgents(), recentTags()])
    return ctx.view.render('partials/support/inbox_tools', { agents, tags })
  }

  /**
   * The ticket list alone: re-fetched as filters change and on live updates. A change of
   * the filter form (htmx names it as the source) puts the new address in the history.
   */
  async list(ctx: HttpContext) {
    const listing = await this.listing(ctx)
    if (ctx.request.header('HX-Source') === 'form#inbox-filters') {
      const query = listing.query.base
      ctx.response.header('HX-Push-Url', `${urlFor('tickets.index')}${query ? `?${query}` : ''}`)
    }
    // Tickets opened since the agent loaded the inbox are new to them (resources/js/new_work.js
    // sends that moment), so only those rows carry a mark rather than every row its time.
    const since = Number(ctx.request.header('x-inbox-since')) || null
    return ctx.view.render('partials/support/ticket_list', { ...listing, since })
  }

  /** The views and saved views with their counts (sidebar of the inbox), refreshed live. */
  async counts(ctx: HttpContext) {
    return ctx.view.render(
      'partials/support/inbox_views',
      await inboxSidebar(ctx.auth.user!, knownView(ctx.request.input('view')))
    )
  }

  async show(ctx: HttpContext) {
    const ticket = await getTicket(ctx.params.number)
    const userId = ctx.auth.user!.id
    const [conversation, details, agents, previous, next, customerPreferences] = await Promise.all([
      this.conversationState(ticket),
      this.detailsState(ticket),
      assignableAgents(),
      queueNeighbour(ticket, userId, 'previous'),
      queueNeighbour(ticket, userId, 'next'),
      preferencesFor(ticket.contactEmail),
    ])
    return ctx.view.render('pages/support/ticket', {
      ticket,
      ...conversation,
      ...details,
      agents,
      queue: { previous, next },
      customerPreferences,
      composer: { kind: 'reply', body: '', lastSeenMessageId: conversation.lastSeenMessageId },
    })
  }

  /** The conversation and history (one chronological list). */
  async conversation(ctx: HttpContext) {
    const ticket = await getTicket(ctx.params.number)
    return ctx.view.render('partials/support/conversation', {
      ticket,
      ...(await this.conversationState(ticket)),
    })
  }

  /** The fields and send buttons beside the composer, after any change to the ticket. */
  async composerState(ctx: HttpContext) {
    const ticket = await getTicket(ctx.params.number)
    return ctx.view.render('partials/support/composer_state', {
      ticket,
      agents: await assignableAgents(),
      transitions: allowedTransitions(ticket.status),
    })
  }

  /** The side panel: status, assignee, priority, tags, times, rating. */
  async details(ctx: HttpContext) {
    const ticket = await getTicket(ctx.params.number)
    return ctx.view.render('partials/support/ticket_details', {
      ticket,
      ...(await this.detailsState(ticket)),
      agents: await assignableAgents(),
    })
  }

  /**
   * A reply or internal note. The composer says which message its author saw last; if
   * someone else wrote since, nothing is sent and the composer comes back with the draft
   * and the new messages to read first.
   */
  async message(ctx: HttpContext) {
    const ticket = await getTicket(ctx.params.number)
    const raw = ctx.request.only([
      'body',
      'kind',
      'last_seen_message_id',
      'status',
      'priority',
      'assignee_id',
      'tags',
      'then',
    ])
    const draft = {
      kind: raw.kind === 'note' ? 'note' : 'reply',
      body: String(raw.body ?? ''),
      lastSeenMessageId: Number(raw.last_seen_message_id) || 0,
    }
    let then: 'next' | undefined
    try {
      const input = await agentMessageValidator.validate({
        ...raw,
        status: raw.status || undefined,
        priority: raw.priority || undefined,
        then: raw.then || undefined,
      })
      then = input.then
      const attachments = await uploadedFiles(ctx.request)
      await addTicketMessage(
        ticket,
        {
          kind: input.kind,
          body: input.body,
          lastSeenMessageId: input.last_seen_message_id ?? null,
          status: input.status ?? null,
          fields: { priority: input.priority, assigneeId: input.assignee_id, tags: input.tags },
          attachments,
        },
        ctx.actor
      )
    } catch (error) {
      if (error instanceof StaleReplyError) {
        return this.composerResponse(ctx, ticket, draft, {
          stale: error.newMessages,
          error: error.message,
        })
      }
      if (error instanceof vineErrors.E_VALIDATION_ERROR || error instanceof DomainError) {
        const message =
          error instanceof DomainError ? error.message : composerProblem(error.messages)
        return this.composerResponse(ctx, ticket, draft, { error: message })
      }
      throw error
    }
    const sent = draft.kind === 'note' ? 'Internal note added.' : 'Reply sent.'
    if (then === 'next') {
      const next = await queueNeighbour(ticket, ctx.auth.user!.id, 'next')
      const url = next
        ? urlFor('tickets.show', { number: next })
        : urlFor('tickets.index', {}, { qs: { view: 'mine' } })
      ctx.session.flash(
        'success',
        next ? `${sent} Next in your queue.` : `${sent} Your queue is empty.`
      )
      if (ctx.request.isHtmx()) return ctx.response.header('HX-Redirect', url).noContent()
      return ctx.response.redirect(url)
    }
    if (!ctx.request.isHtmx()) {
      ctx.session.flash('success', sent)
      return ctx.response.redirect().toRoute('tickets.show', { number: ticket.number })
    }
    return this.composerResponse(ctx, ticket, { ...draft, body: '' }, { sent })
  }

  async status(ctx: HttpContext) {
    const ticket = await getTicket(ctx.params.number)
    const input = await ctx.request.validateUsing(statusChangeValidator)
    await changeTicketStatus(ticket, input.status, ctx.actor, {
      note: input.note,
      notePublic: input.note_public,
    })
    return this.afterChange(ctx, ticket, 'Status changed.')
  }

  async update(ctx: HttpContext) {
    const ticket = await getTicket(ctx.params.number)
    const input = await ctx.request.validateUsing(ticketUpdateValidator)
    const changed = await updateTicket(
      ticket,
      {
        title: input.title,
        priority: input.priority,
        assigneeId: input.assignee_id,
        tags: input.tags,
      },
      ctx.actor
    )
    return this.afterChange(ctx, ticket, changed.length ? 'Ticket updated.' : 'Nothing changed.')
  }

  /** "Assign to me" from the inbox or the ticket page. */
  async take(ctx: HttpContext) {
    const ticket = await getTicket(ctx.params.number)
    await updateTicket(ticket, { assigneeId: ctx.auth.user!.id }, ctx.actor)
    return this.afterChange(ctx, ticket, `Ticket #${ticket.number} is yours.`)
  }

  /** Knowledge-base answers to insert into a reply, as the agent types. */
  async answers({ request, view }: HttpContext) {
    const q = String(request.input('answer_q') ?? '').slice(0, 200)
    return view.render('partials/support/answer_picker', {
      q,
      hits: await answersToInsert(q),
      appUrl: publicUrl(),
    })
  }

  /** The composer's Markdown as the customer will see it (partials/support/reply_preview). */
  async preview({ request, view }: HttpContext) {
    const source = String(request.input('body') ?? '').slice(0, 20_000)
    return view.render('partials/support/reply_preview', { source })
  }

  /** htmx: the side panel again, and the conversation refreshes; otherwise back to the page. */
  private async afterChange(ctx: HttpContext, ticket: Ticket, message: string) {
    if (!ctx.request.isHtmx()) {
      ctx.session.flash('success', message)
      return ctx.response.redirect().toRoute('tickets.show', { number: ticket.number })
    }
    ctx.response.header('HX-Trigger', 'ticket-changed')
    return ctx.view.render('partials/support/ticket_details', {
      ticket,
      ...(await this.detailsState(ticket)),
      agents: await assignableAgents(),
      saved: message,
    })
  }

  private async composerResponse(
    ctx: HttpContext,
    ticket: Ticket,
    draft: { kind: string; body: string; lastSeenMessageId: number },
    outcome: { stale?: unknown[]; error?: string; sent?: string }
  ) {
    if (!ctx.request.isHtmx()) {
      ctx.session.flash(outcome.error ? 'error' : 'success', outcome.error ?? outcome.sent ?? '')
      ctx.session.flash('draft', draft.body)
      return ctx.response.redirect().toRoute('tickets.show', { number: ticket.number })
    }
    // After a send or a stale warning the author has the newest message in front of them
    // (the conversation refreshes), so the next send compares against it.
    const lastSeenMessageId =
      outcome.error && !outcome.stale ? draft.lastSeenMessageId : await newestMessageId(ticket)
    // The side panel listens for ticket-replied; it re-renders itself after its own changes.
    ctx.response.header('HX-Trigger', 'ticket-changed, ticket-replied')
    return ctx.view.render('partials/support/composer', {
      ticket,
      composer: { ...draft, lastSeenMessageId },
      agents: await assignableAgents(),
      transitions: allowedTransitions(ticket.status),
      ...outcome,
    })
  }

  private async conversationState(ticket: Ticket) {
    const [timeline, openingFiles] = await Promise.all([
      ticketTimeline(ticket, 'agent'),
      openingAttachments(ticket),
    ])
    return { timeline, openingFiles, lastSeenMessageId: lastMessageId(timeline) }
  }

  private async detailsState(ticket: Ticket) {
    await ticket.load((loader) => loader.load('assignee').load('followsTicket'))
    return {
      transitions: allowedTransitions(ticket.status),
      rating: await findRating(ticket),
      customerLink: customerPath(ticket),
      sla: await ticketSla(ticket.id),
    }
  }

  private async listing(ctx: HttpContext) {
    const filters = await inboxFiltersValidator.validate(filledQuery(ctx))
    const view: InboxView = filters.view ?? 'open'
    const page = await listTickets({ ...filters, view, userId: ctx.auth.user!.id })
    const base = inboxQueryString({ ...filters, view })
    const params = new URLSearchParams(base)
    if (page.next) params.set('cursor', page.next)
    return {
      page,
      filters: { ...filters, view },
      views: INBOX_VIEWS,
      sorts: INBOX_SORTS,
      slaFilters: INBOX_SLA_FILTERS,
      counts: await viewCounts(ctx.auth.user!.id),
      current: view,
      query: {
        base,
        next: page.next ? params.toString() : null,
        paged: Boolean(filters.cursor),
        filtered: FILTER_KEYS.some((key) => filters[key] !== undefined),
        // A view hides resolved and closed tickets; the search offers to look everywhere.
        searchAll:
          filters.q && view !== 'all'
            ? new URLSearchParams({ view: 'all', q: filters.q }).toString()
            : null,
      },
    }
  }
}
