import db from '@adonisjs/lucid/services/db'
import { DomainError } from '#exceptions/domain_error'
import { countInbox, type InboxQuery } from '#services/support/inbox'

/** What a saved view restores: the inbox's view, filters, search and sort. */
export type SavedFilters = Omit<InboxQuery, 'userId' | 'cursor' | 'limit'>

/** A named inbox address, the agent's own or shared. */
export interface SavedView {
  id: number
  name: string
  filters: SavedFilters
  shared: boolean
  ownerId: number
}

export interface SavedViewWithCount extends SavedView {
  count: number
}

/** Saved views one person may have: keeps the sidebar short and the counts cheap. */
export const MAX_SAVED_VIEWS = 20

/** The agent's own views, then the shared ones, each with its ticket count. */
export async function savedViews(userId: number): Promise<SavedViewWithCount[]> {
  const rows = await db
    .from('inbox_saved_views')
    .where('owner_id', userId)
    .orWhere('shared', true)
    .orderBy([
      { column: 'shared', order: 'asc' },
      { column: 'name', order: 'asc' },
    ])
  return Promise.all(
    rows.map(async (row) => ({
      id: row.id,
      name: row.name,
      filters: row.filters,
      shared: row.shared,
      ownerId: row.owner_id,
      count: await countInbox({ ...row.filters, userId }),
    }))
  )
}

/** Saves the inbox's current address under a name; only admins share. */
export async function saveView(
  owner: { id: number; isAdmin: boolean },
  input: { name: string; filters: SavedFilters; shared: boolean }
) {
  if (input.shared && !owner.isAdmin) {
    throw new DomainError('Only admins share views with the team.', 'forbidden', 403)
  }
  const [{ n }] = await db.from('inbox_saved_views').where('owner_id', owner.id).count('* as n')
  if (Number(n) >= MAX_SAVED_VIEWS) {
    throw new DomainError(
      `You have ${MAX_SAVED_VIEWS} saved views; delete one first.`,
      'too_many_views',
      422
    )
  }
  await db.table('inbox_saved_views').insert({
    owner_id: owner.id,
    name: input.name,
    filters: JSON.stringify(input.filters),
    shared: input.shared,
    created_at: new Date(),
  })
}

/** Deletes a view: its owner, or an admin for a shared one. */
export async function deleteView(user: { id: number; isAdmin: boolean }, id: number) {
  const row = await db.from('inbox_saved_views').where('id', id).first()
  if (!row) throw new DomainError('That view does not exist.', 'not_found', 404)
  if (row.owner_id !== user.id && !(row.shared && user.isAdmin)) {
    throw new DomainError(
      'Only its owner (or an admin, if shared) deletes a view.',
      'forbidden',
      403
    )
  }
  await db.from('inbox_saved_views').where('id', id).delete()
}
