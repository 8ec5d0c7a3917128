import type { HttpContext } from '@adonisjs/core/http'
import type Ticket from '#models/ticket'
import {
  agentMessageValidator,
  apiTicketValidator,
  inboxFiltersValidator,
  ticketUpdateValidator,
} from '#validators/ticket'
import { idempotencyHeaderValidator } from '#validators/idempotency_key'
import {
  addTicketMessage,
  createTicket,
  createTicketOnce,
  findAttachment,
  getTicketById,
  listTickets,
  openingAttachments,
  reviseTicket,
} from '#services/support'
import { uploadedFiles } from '#validators/attachment_input'
import { sendAttachment } from '#presenters/attachment_response'
import { ticketNotifications } from '#services/notifications'
import {
  historyJson,
  messageJson,
  notificationJson,
  ticketJson,
  ticketSummaryJson,
} from '#transformers/ticket'

/** The agent the token belongs to: tickets changed through the API are changed by them. */
function tokenOwner(ctx: HttpContext) {
  return ctx.auth.use('api').user!
}

async function present(ticket: Ticket) {
  const [files] = await Promise.all([openingAttachments(ticket), ticket.load('assignee')])
  return ticketJson(ticket, files)
}

const conversation = (ticket: Ticket) =>
  ticket
    .related('messages')
    .query()
    .preload('attachments', (files) => files.orderBy('id'))
    .orderBy('id')

/**
 * `/api/tickets` (docs/api.md): every route needs a token with the `support` ability.
 * Ticket ids are the database ids; `number` is the human one (#1001) shown to customers.
 */
export default class TicketsController {
  /** GET /api/tickets?view=&status=&priority=&assignee=&tag=&q=&sort=&cursor=&limit= */
  async index(ctx: HttpContext) {
    const filters = await inboxFiltersValidator.validate(ctx.request.qs())
    const page = await listTickets({
      ...filters,
      view: filters.view ?? 'all',
      userId: tokenOwner(ctx).id,
    })
    if (page.next) {
      const next = new URL(ctx.request.completeUrl(true))
      next.searchParams.set('cursor', page.next)
      ctx.response.header('Link', `<${next}>; rel="next"`)
    }
    return {
      data: page.rows.map((row) => ticketSummaryJson(row, page.searching)),
      next_cursor: page.next,
    }
  }

  /**
   * With an `Idempotency-Key` header, a retry (same key, same body) answers what the
   * first request did, with `Idempotent-Replayed: true`, and opens no second ticket.
   */
  async store(ctx: HttpContext) {
    const header = await idempotencyHeaderValidator.validate({
      'Idempotency-Key': ctx.request.header('idempotency-key'),
    })
    const input = await apiTicketValidator.validate(ctx.request.body())
    const attachments = await uploadedFiles(ctx.request)
    const fields = {
      title: input.title,
      description: input.description,
      priority: input.priority,
      email: input.contact_email,
      name: input.contact_name,
      tags: input.tags,
      assigneeId: input.assignee_id,
      attachments,
    }
    const key = header['Idempotency-Key']
    if (!key) {
      return ctx.response.created(await present(await createTicket(fields, 'api', ctx.actor)))
    }
    const scope = `user:${tokenOwner(ctx).id}`
    const answer = await createTicketOnce({ scope, key }, fields, 'api', ctx.actor, async (t) => ({
      status: 201,
      body: await present(t),
    }))
    if (answer.replayed) ctx.response.header('Idempotent-Replayed', 'true')
    return ctx.response.status(answer.status).send(answer.body)
  }

  /** The ticket with its whole conversation, internal notes included (`internal: true`). */
  async show(ctx: HttpContext) {
    const ticket = await getTicketById(ctx.params.id)
    const messages = await conversation(ticket)
    return { ...(await present(ticket)), messages: messages.map(messageJson) }
  }

  /**
   * PUT and PATCH: any subset of the fields, and a status change (with its note), in one
   * transaction: an invalid transition changes nothing. Repeating the current status
   * without a note is not a change, so the same PUT can be sent twice.
   */
  async update(ctx: HttpContext) {
    const ticket = await getTicketById(ctx.params.id)
    const input = await ticketUpdateValidator.validate(ctx.request.body())
    const changes = {
      title: input.title,
      priority: input.priority,
      assigneeId: input.assignee_id,
      tags: input.tags,
      status: input.status,
      note: input.note ?? input.notes,
      notePublic: input.note_public,
    }
    return present(await reviseTicket(ticket, changes, ctx.actor))
  }

  /** Status changes, oldest first; the first row is the creation (`old_status: null`). */
  async history(ctx: HttpContext) {
    const ticket = await getTicketById(ctx.params.id)
    const entries = await ticket.related('statusHistory').query().orderBy('id')
    return entries.map(historyJson)
  }

  async messages(ctx: HttpContext) {
    const ticket = await getTicketById(ctx.params.id)
    const messages = await conversation(ticket)
    return messages.map(messageJson)
  }

  /** A public reply or an internal note; 409 `stale_reply` if someone wrote since. */
  async storeMessage(ctx: HttpContext) {
    const ticket = await getTicketById(ctx.params.id)
    const input = await agentMessageValidator.validate(ctx.request.body())
    const attachments = await uploadedFiles(ctx.request)
    const message = await addTicketMessage(
      ticket,
      {
        kind: input.kind,
        body: input.body,
        lastSeenMessageId: input.last_seen_message_id ?? null,
        status: input.status ?? null,
        attachments,
      },
      ctx.actor
    )
    await message.load('attachments', (files) => files.orderBy('id'))
    return ctx.response.created(messageJson(message))
  }

  /** GET /api/tickets/:id/attachments/:attachmentId: a file of the ticket (notes' too). */
  async attachment(ctx: HttpContext) {
    const ticket = await getTicketById(ctx.params.id)
    return sendAttachment(ctx, await findAttachment(ticket.id, ctx.params.attachmentId))
  }

  /** Every email this ticket caused, oldest first, with its delivery state. */
  async notifications(ctx: HttpContext) {
    const ticket = await getTicketById(ctx.params.id)
    const notifications = await ticketNotifications(ticket.id)
    return notifications.map(notificationJson)
  }
}
