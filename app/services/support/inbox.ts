import db from '@adonisjs/lucid/services/db'
import type { Knex } from 'knex'
import type { TicketPriority, TicketStatus } from '#models/ticket'
import { OPEN_STATUSES } from '#services/support/workflow'
import { HEADLINE_OPTIONS, highlightedHtml } from '#services/platform'
import { rarestLexeme, requiredLexemes, tsqueryText } from '#services/support/search_terms'

/**
 * The agent inbox: saved views, filters, ranked search and keyset pagination.
 *
 * Every view reads an index in its own order (see the support migration), so a page of
 * 50 costs the same at the first ticket and the millionth. Pages are addressed by a cursor
 * (the last row's sort key), never by an offset.
 */
export const INBOX_VIEWS = {
  mine: 'My open',
  unassigned: 'Unassigned',
  open: 'All open',
  pending: 'Pending',
  resolved: 'Resolved',
  all: 'All tickets',
} as const
export type InboxView = keyof typeof INBOX_VIEWS

export const INBOX_SORTS = {
  updated: 'Recently updated',
  newest: 'Newest first',
  oldest: 'Oldest first',
  priority: 'Priority, then oldest',
} as const
export type InboxSort = keyof typeof INBOX_SORTS

/** Search ranks the most recent matches; an older ticket needs more specific words. */
export const SEARCH_CANDIDATES = 500

export interface InboxQuery {
  view: InboxView
  userId: number
  status?: TicketStatus
  priority?: TicketPriority
  /** An agent id, or 0 for unassigned. */
  assignee?: number
  tag?: string
  q?: string
  sort?: InboxSort
  cursor?: string
  limit?: number
}

export interface InboxRow {
  id: number
  number: number
  title: string
  status: TicketStatus
  priority: TicketPriority
  contactEmail: string
  contactName: string | null
  assigneeId: number | null
  assigneeName: string | null
  tags: string[]
  messageCount: number
  /** Agents' public replies only. */
  replyCount: number
  createdAt: Date
  updatedAt: Date
  firstResponseAt: Date | null
  /** Escaped text with <mark> around matched words (search only). */
  snippetHtml: string | null
}

export interface InboxPage {
  rows: InboxRow[]
  /** Cursor of the next page, or null on the last one. */
  next: string | null
  sort: InboxSort
  searching: boolean
}

/** Restricts a query to a view and the filters. */
function applyFilters(query: Knex.QueryBuilder, input: InboxQuery) {
  switch (input.view) {
    case 'mine':
      query.where('t.is_open', true).where('t.assignee_id', input.userId)
      break
    case 'unassigned':
      query.where('t.is_open', true).whereNull('t.assignee_id')
      break
    case 'open':
      query.where('t.is_open', true)
      break
    case 'pending':
      query.where('t.status', 'pending')
      break
    case 'resolved':
      query.where('t.status', 'resolved')
      break
  }
  if (input.status) query.where('t.status', input.status)
  if (input.priority) query.where('t.priority', input.priority)
  if (input.assignee === 0) query.whereNull('t.assignee_id')
  else if (input.assignee) query.where('t.assignee_id', input.assignee)
  if (input.tag) query.whereRaw('t.tags @> ARRAY[?]::text[]', [input.tag])
  return query
}

/** A function: `db.knexQuery()` builders need knex raws (`db.raw` is Lucid's, knex can't read it). */
const columns = () => [
  't.id',
  't.number',
  't.title',
  't.status',
  't.priority',
  't.priority_rank',
  't.contact_email',
  't.contact_name',
  't.assignee_id',
  't.tags',
  't.message_count',
  't.created_at',
  't.updated_at',
  't.first_response_at',
  // Agents' public replies (the customer's messages and internal notes are not replies).
  db.knexRawQuery(
    `(SELECT count(*) FROM ticket_messages m WHERE m.ticket_id = t.id AND m.kind = 'reply')::int AS reply_count`
  ),
  // Exact (microsecond) sort key for the cursor; a JavaScript Date keeps milliseconds only.
  db.knexRawQuery(
    `to_char(t.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') AS updated_key`
  ),
]

export async function listInbox(input: InboxQuery): Promise<InboxPage> {
  const limit = input.limit ?? 50
  const q = input.q?.trim() ?? ''
  return q ? searchInbox(input, q, limit) : browseInbox(input, limit)
}

/** Saved views count their tickets up to here ("1,000+"): a count stays a short read. */
export const INBOX_COUNT_CAP = 1000

/** How many tickets a view with filters (and search) holds, up to INBOX_COUNT_CAP. */
export async function countInbox(input: InboxQuery): Promise<number> {
  const q = input.q?.trim() ?? ''
  // Search counts what it ranks: the SEARCH_CANDIDATES newest matches.
  if (q) {
    const matches = await newestMatches(input, q)
    return matches.length
  }
  const capped = applyFilters(db.knexQuery().from('tickets as t').select('t.id'), input).limit(
    INBOX_COUNT_CAP
  )
  const [row] = await db.knexQuery().from(capped.as('c')).count('* as n')
  return Number(row.n)
}

async function browseInbox(input: InboxQuery, limit: number): Promise<InboxPage> {
  const sort = input.sort ?? 'updated'
  const query = applyFilters(db.knexQuery().from('tickets as t').select(columns()), input)
  const cursor = parseCursor(input.cursor)
  switch (sort) {
    case 'updated':
      if (cursor?.length === 2) {
        query.whereRaw(`(t.updated_at, t.id) < (?::timestamp AT TIME ZONE 'UTC', ?)`, [
          cursor[0],
          Number(cursor[1]),
        ])
      }
      query.orderBy([
        { column: 't.updated_at', order: 'desc' },
        { column: 't.id', order: 'desc' },
      ])
      break
    case 'newest':
      if (cursor?.length === 1) query.where('t.id', '<', Number(cursor[0]))
      query.orderBy('t.id', 'desc')
      break
    case 'oldest':
      if (cursor?.length === 1) query.where('t.id', '>', Number(cursor[0]))
      query.orderBy('t.id', 'asc')
      break
    case 'priority':
      if (cursor?.length === 2) {
        query.whereRaw('(t.priority_rank, t.id) > (?, ?)', [Number(cursor[0]), Number(cursor[1])])
      }
      query.orderBy([
        { column: 't.priority_rank', order: 'asc' },
        { column: 't.id', order: 'asc' },
      ])
      break
  }
  const rows = await withAssignees(query.limit(limit + 1))
  const page = rows.slice(0, limit)
  const last = rows.length > limit ? page.at(-1) : null
  return {
    rows: page.map((row) => toRow(row, null)),
    next: last ? cursorOf(sort, last) : null,
    sort,
    searching: false,
  }
}

/**
 * Ranked search over title (weight A), description (B) and messages (C; notes D). The
 * SEARCH_CANDIDATES most recent matches are ranked, so a common word stays fast at a
 * million tickets. Pages are offsets into that ranked list; only the page's tickets are
 * read again, for their columns and snippets.
 */
async function searchInbox(input: InboxQuery, q: string, limit: number): Promise<InboxPage> {
  const offset = Math.max(0, Number(parseCursor(input.cursor)?.[0] ?? 0) || 0)
  const ranked = await newestMatches(input, q)
  ranked.sort((a, b) => b.rank - a.rank || b.id - a.id)
  const pageIds = ranked.slice(offset, offset + limit).map((match) => match.id)
  const rows = await withAssignees(
    db
      .knexQuery()
      .from('tickets as t')
      .select(columns())
      .select(
        db.knexRawQuery(
          `ts_headline('english', t.description, websearch_to_tsquery('english', ?), ?) AS snippet`,
          [q, HEADLINE_OPTIONS]
        )
      )
      .whereRaw('t.id = ANY(?::bigint[])', [pageIds])
  )
  const byId = new Map(rows.map((row) => [Number(row.id), row]))
  return {
    // A ticket deleted since it matched is left out.
    rows: pageIds.flatMap((id) => {
      const row = byId.get(id)
      return row ? [toRow(row, row.snippet)] : []
    }),
    next: ranked.length > offset + limit ? String(offset + limit) : null,
    sort: 'updated',
    searching: true,
  }
}

/** A matching ticket and its `ts_rank` for the search. */
interface Match {
  id: number
  rank: number
}

/** The select-list entry of a match's rank. */
const rankOf = (q: string) =>
  db.knexRawQuery(`ts_rank(t.search_vector, websearch_to_tsquery('english', ?)) AS rank`, [q])

const toMatch = (row: { id: string; rank: number | string }): Match => ({
  id: Number(row.id),
  rank: Number(row.rank),
})

/**
 * The ids of the SEARCH_CANDIDATES newest matching tickets, newest first. The GIN index
 * can only return every ticket with a word (20,000 for a word in 2 % of a million), and
 * walking all tickets newest first reads the many that do not match. So when every match
 * must contain some word, that word's newest tickets are read from `ticket_terms` (the
 * rarest such word) and checked against the whole search and the filters. If WORD_READS
 * of them leave matches missing (a narrow filter), or no word is required (`a or b`),
 * older tickets are searched through the GIN index, window by window.
 */
async function newestMatches(input: InboxQuery, q: string): Promise<Match[]> {
  const query = await tsqueryText(q)
  // Only stop words (or nothing searchable): nothing matches.
  if (!query) return []
  const lexemes = requiredLexemes(query)
  if (!lexemes.length) return matchesByWindows(input, q, [])

  const word = await rarestLexeme(lexemes)
  const newestOfWord = () =>
    db
      .knexQuery()
      .from('ticket_terms')
      .select('ticket_id')
      .where('lexeme', word)
      .orderBy('ticket_id', 'desc')
      .limit(WORD_READS)
  const lookup = applyFilters(
    db
      .knexQuery()
      .from('tickets as t')
      .select(rankOf(q))
      .whereRaw('t.id = p.ticket_id')
      .whereRaw(`t.search_vector @@ websearch_to_tsquery('english', ?)`, [q])
      // A LIMIT keeps the planner from turning the lookups into a join of all matches.
      .limit(1),
    input
  ).toSQL()
  const found = await db
    .knexQuery()
    .from(newestOfWord().as('p'))
    .select('p.ticket_id as id', 't.rank')
    .joinRaw(`CROSS JOIN LATERAL (${lookup.sql}) AS t`, [...lookup.bindings])
    .orderBy('p.ticket_id', 'desc')
    .limit(SEARCH_CANDIDATES)
  const matches = found.map(toMatch)
  if (matches.length === SEARCH_CANDIDATES) return matches
  const [read] = await db
    .knexQuery()
    .from(newestOfWord().as('p'))
    .select(db.knexRawQuery('count(*) AS n, min(ticket_id) AS lowest'))
  // Every ticket with the word has been checked.
  if (Number(read.n) < WORD_READS) return matches
  return matchesByWindows(input, q, matches, Number(read.lowest))
}

/** Tickets of the required word checked before older ones are searched by windows. */
const WORD_READS = 5_000
/** The first window's size in ticket ids. */
const FIRST_WINDOW = 20_000
/** Later windows are sized to hold this many times the matches still missing. */
const WINDOW_MARGIN = 1.5

/**
 * Adds to `matches` (those among ids from `startBelow` up to the newest) the newest matches
 * below `startBelow` (all when not given), through the GIN index: a window of ids at a time, each sized
 * from the density of matches so far (everything older when there was none), until
 * SEARCH_CANDIDATES.
 */
async function matchesByWindows(
  input: InboxQuery,
  q: string,
  matches: Match[],
  startBelow?: number
): Promise<Match[]> {
  const [newest] = await db.knexQuery().from('tickets').max('id as id')
  const top = Number(newest.id ?? 0)
  let below = startBelow ?? top + 1
  const density = () => matches.length / Math.max(1, top + 1 - below)
  let size = matches.length
    ? windowFor(SEARCH_CANDIDATES - matches.length, density())
    : FIRST_WINDOW
  while (matches.length < SEARCH_CANDIDATES && below > 1) {
    const from = Math.max(0, below - 1 - size)
    const rows = await applyFilters(
      db
        .knexQuery()
        .from('tickets as t')
        .select('t.id', rankOf(q))
        .whereRaw(`t.search_vector @@ websearch_to_tsquery('english', ?)`, [q])
        .where('t.id', '>', from)
        .where('t.id', '<', below)
        .orderBy('t.id', 'desc')
        .limit(SEARCH_CANDIDATES - matches.length),
      input
    )
    matches.push(...rows.map(toMatch))
    below = from + 1
    size = windowFor(SEARCH_CANDIDATES - matches.length, density())
  }
  return matches
}

const windowFor = (missing: number, density: number) =>
  density > 0 ? Math.ceil((missing / density) * WINDOW_MARGIN) : Infinity

function withAssignees(query: Knex.QueryBuilder) {
  return query
    .leftJoin('users as a', 'a.id', 't.assignee_id')
    .select('a.full_name as assignee_name') as Promise<Record<string, any>[]>
}

function cursorOf(sort: InboxSort, row: Record<string, any>) {
  switch (sort) {
    case 'updated':
      return `${row.updated_key}_${row.id}`
    case 'priority':
      return `${row.priority_rank}_${row.id}`
    default:
      return String(row.id)
  }
}

/** A cursor is one or two `_`-separated keys; anything else starts from the top. */
function parseCursor(cursor?: string): string[] | null {
  if (!cursor) return null
  const parts = cursor.split('_')
  const valid = parts.every(
    (part) => /^\d{1,12}$/.test(part) || /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/.test(part)
  )
  return valid && parts.length <= 2 ? parts : null
}

function toRow(row: Record<string, any>, snippet: string | null): InboxRow {
  return {
    id: row.id,
    number: row.number,
    title: row.title,
    status: row.status,
    priority: row.priority,
    contactEmail: row.contact_email,
    contactName: row.contact_name,
    assigneeId: row.assignee_id,
    assigneeName: row.assignee_name ?? null,
    tags: row.tags ?? [],
    messageCount: row.message_count,
    replyCount: row.reply_count,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    firstResponseAt: row.first_response_at,
    snippetHtml: snippet ? highlightedHtml(snippet) : null,
  }
}

/**
 * Ticket counts of every view, from the per-(status, assignee) table the database keeps
 * up to date: a handful of rows whatever the number of tickets.
 */
export async function viewCounts(userId: number): Promise<Record<InboxView, number>> {
  const rows: { status: TicketStatus; assignee_key: number; tickets: string }[] = await db
    .from('ticket_counts')
    .select('status', 'assignee_key', 'tickets')
  const counts: Record<InboxView, number> = {
    mine: 0,
    unassigned: 0,
    open: 0,
    pending: 0,
    resolved: 0,
    all: 0,
  }
  for (const row of rows) {
    const n = Number(row.tickets)
    counts.all += n
    if (row.status === 'pending') counts.pending += n
    if (row.status === 'resolved') counts.resolved += n
    if (!OPEN_STATUSES.includes(row.status)) continue
    counts.open += n
    if (row.assignee_key === userId) counts.mine += n
    if (row.assignee_key === 0) counts.unassigned += n
  }
  return counts
}

/** Tags used on recent tickets, most used first: suggestions for the filter and editor. */
export async function recentTags(limit = 30): Promise<string[]> {
  const { rows } = await db.rawQuery<{ rows: { tag: string }[] }>(
    `SELECT tag FROM (SELECT tags FROM tickets ORDER BY id DESC LIMIT 2000) recent,
            unnest(recent.tags) AS tag
      GROUP BY tag ORDER BY count(*) DESC, tag LIMIT ?`,
    [limit]
  )
  return rows.map((row) => row.tag)
}

/** Active agents and admins: who can be assigned a ticket. */
export async function assignableAgents() {
  return db
    .from('users')
    .whereNull('deactivated_at')
    .whereNotNull('password')
    .orderBy('full_name')
    .select('id', 'full_name as name')
}
