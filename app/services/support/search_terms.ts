import db from '@adonisjs/lucid/services/db'

/**
 * Which word of a search to read from `ticket_terms`: one that every match must contain
 * (so its tickets, newest first, hold all the matches), and of those the rarest.
 */

/**
 * The lexemes every match must contain, from the text form of a tsquery
 * (`'slack' & 'channel'`, `'blank' <-> 'page'`, `'refund' & !'vat'`): the positive lexemes
 * outside parentheses when no `|` is. Anything else (an `or`, a group) gives none, and the
 * search uses the full-text index instead. Prefix terms (`:*`) are not exact words.
 */
export function requiredLexemes(tsquery: string): string[] {
  const tokens = tsquery.match(/'(?:[^']|'')*'(?::[*A-D]+)?|<\d*-?>|[&|!()]/g) ?? []
  const required: string[] = []
  let depth = 0
  let negated = false
  for (const token of tokens) {
    if (token === '(') depth++
    else if (token === ')') depth--
    else if (depth > 0) continue
    else if (token === '|') return []
    else if (token.startsWith("'")) {
      const prefix = /:[A-D]*\*[A-D]*$/.test(token)
      const lexeme = token
        .replace(/(?::[*A-D]+)?$/, '')
        .slice(1, -1)
        .replace(/''/g, "'")
      if (!negated && !prefix && !required.includes(lexeme)) required.push(lexeme)
    }
    negated = token === '!'
  }
  return required
}

/**
 * The text form of a search's tsquery (`'slack' & 'channel'`), kept for recent searches:
 * parsing depends only on the search text, and paging, live refreshes and other agents
 * repeat the same searches, so each is parsed by PostgreSQL once.
 */
const parsed = new Map<string, string>()
const PARSED_MAX = 1000

export async function tsqueryText(q: string): Promise<string> {
  const known = parsed.get(q)
  if (known !== undefined) return known
  const { rows } = await db.rawQuery(`SELECT websearch_to_tsquery('english', ?)::text AS query`, [
    q,
  ])
  // The oldest entry goes first (a Map keeps insertion order).
  if (parsed.size >= PARSED_MAX) parsed.delete(parsed.keys().next().value!)
  parsed.set(q, rows[0].query)
  return rows[0].query
}

/** How often each common lexeme occurs, from PostgreSQL's statistics of `ticket_terms`. */
let frequencies: { at: number; byLexeme: Map<string, number> } | null = null
const FREQUENCIES_TTL_MS = 10 * 60_000

async function lexemeFrequencies() {
  if (frequencies && Date.now() - frequencies.at < FREQUENCIES_TTL_MS) return frequencies.byLexeme
  const { rows } = await db.rawQuery(
    `SELECT most_common_vals::text::text[] AS lexemes, most_common_freqs AS freqs
       FROM pg_stats
      WHERE schemaname = current_schema() AND tablename = 'ticket_terms' AND attname = 'lexeme'`
  )
  const byLexeme = new Map<string, number>()
  const lexemes: string[] = rows[0]?.lexemes ?? []
  lexemes.forEach((lexeme, index) => byLexeme.set(lexeme, rows[0].freqs[index]))
  frequencies = { at: Date.now(), byLexeme }
  return byLexeme
}

/**
 * The rarest of the lexemes: one missing from the statistics' most common values is rarer
 * than all of them; between equals, the longer word (usually the rarer).
 */
export async function rarestLexeme(lexemes: string[]): Promise<string> {
  const byLexeme = await lexemeFrequencies()
  const frequency = (lexeme: string) => byLexeme.get(lexeme) ?? 0
  return lexemes.reduce((best, lexeme) =>
    frequency(lexeme) < frequency(best) ||
    (frequency(lexeme) === frequency(best) && lexeme.length > best.length)
      ? lexeme
      : best
  )
}
