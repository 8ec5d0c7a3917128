import db from '@adonisjs/lucid/services/db'
import { DomainError } from '#exceptions/domain_error'
import type { TicketPriority, TicketStatus } from '#models/ticket'
import { normalizeTags } from '#services/support/ticket_service'

/** Who asks: an agent manages their own saved replies, admins the shared ones too. */
export interface ReplyAuthor {
  id: number
  isAdmin: boolean
}

/** A saved reply; the `set*`/`addTags` fields make it a macro. */
export interface SavedReply {
  id: number
  title: string
  body: string
  shared: boolean
  ownerId: number | null
  setStatus: TicketStatus | null
  setPriority: TicketPriority | null
  /** 'me' (whoever sends it), 'none' (unassign) or an agent's id. */
  setAssignee: string | null
  addTags: string[]
}

export type SavedReplyInput = Omit<SavedReply, 'id' | 'ownerId'>

/** Saved replies one agent may keep: the picker stays short enough to scan. */
export const MAX_SAVED_REPLIES = 200

function fromRow(row: any): SavedReply {
  return {
    id: row.id,
    title: row.title,
    body: row.body,
    shared: row.owner_id === null,
    ownerId: row.owner_id,
    setStatus: row.set_status,
    setPriority: row.set_priority,
    setAssignee: row.set_assignee,
    addTags: row.add_tags,
  }
}

/** The agent's own saved replies, then the shared ones; `q` matches title or body. */
export async function savedReplies(userId: number, q = '', limit = 50): Promise<SavedReply[]> {
  const query = db
    .from('saved_replies')
    .where((scope) => scope.where('owner_id', userId).orWhereNull('owner_id'))
    .orderByRaw('owner_id IS NULL, lower(title), id')
    .limit(limit)
  const words = q.trim().split(/\s+/).filter(Boolean).slice(0, 5)
  for (const word of words) {
    const pattern = `%${word.replace(/[\\%_]/g, '\\$&')}%`
    query.where((scope) => scope.whereILike('title', pattern).orWhereILike('body', pattern))
  }
  const rows = await query
  return rows.map(fromRow)
}

/** Creates (no `id`) or changes a saved reply; only admins share or change shared ones. */
export async function saveSavedReply(author: ReplyAuthor, input: SavedReplyInput, id?: number) {
  if (input.shared && !author.isAdmin) {
    throw new DomainError('Only admins share saved replies with the team.', 'forbidden', 403)
  }
  const row = {
    owner_id: input.shared ? null : author.id,
    title: input.title,
    body: input.body,
    set_status: input.setStatus,
    set_priority: input.setPriority,
    set_assignee: input.setAssignee,
    add_tags: JSON.stringify(normalizeTags(input.addTags)),
    updated_at: new Date(),
  }
  if (id !== undefined) {
    await editable(author, id)
    await db.from('saved_replies').where('id', id).update(row)
    return
  }
  const [{ n }] = await db.from('saved_replies').where('owner_id', author.id).count('* as n')
  if (Number(n) >= MAX_SAVED_REPLIES) {
    throw new DomainError(
      `You have ${MAX_SAVED_REPLIES} saved replies; delete one first.`,
      'too_many_saved_replies'
    )
  }
  await db.table('saved_replies').insert({ ...row, created_at: new Date() })
}

export async function deleteSavedReply(author: ReplyAuthor, id: number) {
  await editable(author, id)
  await db.from('saved_replies').where('id', id).delete()
}

/** A saved reply its owner may change, or an admin if it is shared. */
async function editable(author: ReplyAuthor, id: number) {
  const row = await db.from('saved_replies').where('id', id).first()
  if (!row) throw new DomainError('That saved reply does not exist.', 'not_found', 404)
  const reply = fromRow(row)
  if (reply.shared ? !author.isAdmin : reply.ownerId !== author.id) {
    throw new DomainError(
      'Only its owner (or an admin, if shared) changes a saved reply.',
      'forbidden',
      403
    )
  }
  return reply
}
