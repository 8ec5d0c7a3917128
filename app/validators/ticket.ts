import vine from '@vinejs/vine'
import { idempotencyKey } from '#validators/idempotency_key'
import {
  INBOX_SLA_FILTERS,
  INBOX_SORTS,
  INBOX_VIEWS,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
} from '#services/support'

const title = () => vine.string().trim().minLength(3).maxLength(200)
const description = () => vine.string().trim().minLength(10).maxLength(20_000)
const email = () => vine.string().trim().email().maxLength(254).toLowerCase()
const contactName = () => vine.string().trim().maxLength(120)
const tag = () =>
  vine
    .string()
    .trim()
    .toLowerCase()
    .maxLength(30)
    .regex(/^[\p{L}\p{N}][\p{L}\p{N} _-]*$/u)
/**
 * Tags arrive as a list (JSON) or as one comma-separated field (forms). A plain `vine.union`:
 * `unionOfTypes` refuses members with a `.transform()` (it throws when the module loads).
 */
const tags = () =>
  vine.union([
    vine.union.if((value) => Array.isArray(value), vine.array(tag()).maxLength(10)),
    vine.union.else(
      vine
        .string()
        .maxLength(400)
        .transform((value) =>
          value
            .split(',')
            .map((part) => part.trim())
            .filter(Boolean)
        )
    ),
  ])
const assigneeId = () =>
  vine
    .number()
    .withoutDecimals()
    .exists(async (db, value) =>
      Boolean(
        await db
          .from('users')
          .where('id', value)
          .whereNull('deactivated_at')
          .whereNotNull('password')
          .first()
      )
    )

/** null or an empty field unassigns (`.optional().nullable()` in that order keeps the null). */
const assigneeField = () =>
  vine
    .union([
      vine.union.if(
        (value) => (value as unknown) === '',
        vine.literal('').transform(() => null)
      ),
      vine.union.else(assigneeId()),
    ])
    .optional()
    .nullable()

/** The public form on /help/tickets/new. */
export const publicTicketValidator = vine.create({
  title: title(),
  description: description(),
  priority: vine.enum(TICKET_PRIORITIES).optional(),
  email: email(),
  name: contactName().optional(),
  /** The one-time key the form was rendered with: a resubmission shows the first ticket. */
  submission_key: idempotencyKey().optional(),
})

/** POST /api/tickets: a host product or an agent opening a ticket for a customer. */
export const apiTicketValidator = vine.create({
  title: title(),
  description: description(),
  priority: vine.enum(TICKET_PRIORITIES).optional(),
  contact_email: email(),
  contact_name: contactName().nullable().optional(),
  tags: tags().optional(),
  assignee_id: assigneeId().nullable().optional(),
})

/** PUT /api/tickets/:id and the ticket page's side panel: any subset of the fields. */
/** The seed's spelling of a status (`in-progress`) is accepted beside ours (`in_progress`). */
const SEED_STATUSES = [...TICKET_STATUSES, 'in-progress'] as const
const statusAnySpelling = () =>
  vine.enum(SEED_STATUSES).transform((value) => (value === 'in-progress' ? 'in_progress' : value))

/** API updates: `notes` is the seed's name for the status change's `note`. */
export const ticketUpdateValidator = vine.create({
  status: statusAnySpelling().optional(),
  note: vine.string().trim().maxLength(2000).nullable().optional(),
  notes: vine.string().trim().maxLength(2000).nullable().optional(),
  note_public: vine.boolean().optional(),
  title: title().optional(),
  priority: vine.enum(TICKET_PRIORITIES).optional(),
  assignee_id: assigneeField(),
  tags: tags().optional(),
})

export const statusChangeValidator = vine.create({
  status: vine.enum(TICKET_STATUSES),
  note: vine.string().trim().maxLength(2000).optional(),
  note_public: vine.boolean().optional(),
})

/**
 * An agent's public reply or internal note, with the status, assignee, priority and tags
 * set beside the composer; `then: next` opens the next ticket of the agent's queue.
 */
export const agentMessageValidator = vine.create({
  body: vine.string().trim().minLength(1).maxLength(20_000),
  kind: vine.enum(['reply', 'note'] as const),
  last_seen_message_id: vine.number().withoutDecimals().min(0).optional(),
  status: vine.enum(TICKET_STATUSES).optional(),
  priority: vine.enum(TICKET_PRIORITIES).optional(),
  assignee_id: assigneeField(),
  tags: tags().optional(),
  then: vine.enum(['next'] as const).optional(),
})

export const customerReplyValidator = vine.create({
  body: vine.string().trim().minLength(1).maxLength(20_000),
})

export const csatValidator = vine.create({
  rating: vine.number().withoutDecimals().range([1, 5]),
  comment: vine.string().trim().maxLength(2000).optional(),
})

export const deflectionValidator = vine.create({
  faq_id: vine.number().withoutDecimals().min(1),
  q: vine.string().trim().maxLength(500).optional(),
})

export const linkRequestValidator = vine.create({
  email: email(),
  number: vine.number().withoutDecimals().min(1),
})

export const presenceValidator = vine.create({
  replying: vine.boolean().optional(),
})

const BULK_ACTIONS = ['assign', 'status', 'priority', 'add_tag', 'remove_tag'] as const

export const bulkActionValidator = vine.create({
  ticket_ids: vine
    .array(vine.number().withoutDecimals().min(1))
    .minLength(1)
    .maxLength(200)
    .distinct(),
  action: vine.enum(BULK_ACTIONS),
  /** Agent id ('' unassigns), status, priority or tag, depending on the action. */
  value: vine.string().trim().maxLength(30),
})

/** The inbox's address: view, filters, search and sort (also what a saved view keeps). */
const inboxFilterFields = () => ({
  view: vine.enum(Object.keys(INBOX_VIEWS) as (keyof typeof INBOX_VIEWS)[]).optional(),
  status: vine.enum(TICKET_STATUSES).optional(),
  priority: vine.enum(TICKET_PRIORITIES).optional(),
  /** An agent id, or "none" for unassigned. */
  assignee: vine
    .union([
      vine.union.if(
        (value) => (value as unknown) === 'none',
        vine.literal('none').transform(() => 0)
      ),
      vine.union.else(vine.number().withoutDecimals().min(1)),
    ])
    .optional(),
  tag: vine.string().trim().toLowerCase().maxLength(30).optional(),
  sla: vine.enum(Object.keys(INBOX_SLA_FILTERS) as (keyof typeof INBOX_SLA_FILTERS)[]).optional(),
  q: vine.string().trim().maxLength(200).optional(),
  sort: vine.enum(Object.keys(INBOX_SORTS) as (keyof typeof INBOX_SORTS)[]).optional(),
})

export const inboxFiltersValidator = vine.create({
  ...inboxFilterFields(),
  cursor: vine.string().maxLength(60).optional(),
  limit: vine.number().withoutDecimals().range([1, 100]).optional(),
})

/** "Save view" in the inbox: a name for the current address; admins may share it. */
export const savedViewValidator = vine.create({
  ...inboxFilterFields(),
  name: vine.string().trim().minLength(1).maxLength(60),
  shared: vine.boolean().optional(),
})

export const REPORT_PERIODS = [7, 30, 90, 365] as const

export const supportReportValidator = vine.create({
  days: vine
    .number()
    .in([...REPORT_PERIODS])
    .optional(),
})

/** An empty select means "leave it as it is". */
const blank = (value: unknown) => value === '' || value === null || value === undefined
const leaveOr = <T extends readonly string[]>(choices: T) =>
  vine
    .union([
      vine.union.if(
        (value) => blank(value),
        vine.any().transform(() => null)
      ),
      vine.union.else(vine.enum(choices)),
    ])
    .optional()

/** A saved reply or macro (the saved-replies page). */
export const savedReplyValidator = vine.create({
  title: vine.string().trim().minLength(1).maxLength(80),
  body: vine.string().trim().minLength(1).maxLength(20_000),
  shared: vine.boolean().optional(),
  set_status: leaveOr(TICKET_STATUSES),
  set_priority: leaveOr(TICKET_PRIORITIES),
  set_assignee: vine
    .union([
      vine.union.if(
        (value) => blank(value),
        vine.any().transform(() => null)
      ),
      vine.union.if(
        (value) => (value as unknown) === 'me' || (value as unknown) === 'none',
        vine.enum(['me', 'none'] as const)
      ),
      vine.union.else(assigneeId().transform((id) => String(id))),
    ])
    .optional(),
  add_tags: tags().optional(),
})

export const savedReplySearchValidator = vine.create({
  reply_q: vine.string().trim().maxLength(200).optional(),
})
